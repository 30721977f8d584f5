import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/store/database';
import { Journal } from '../../electron/store/journal';
import { DrillRefusal, startTrainingDesk, type TrainingDesk } from '../../electron/training/desk';
import type { Session } from '../../shared/auth/roles';
import type { JsonValue } from '../../shared/journal/event';
import type { DrillExpectation } from '../../shared/training/expectation';
import { TRAINING_DRILL_EVENT } from '../../shared/training/report';
import type { TraineeScore } from '../../shared/training/score';
import { loadScenario, type Scenario } from '../../sim/scenario';
import { quietLog, resources } from '../helpers/desk';
import { SHIPPED_DRILLS } from '../helpers/drill-library';
import { playTrainee, type TraineePlan } from '../helpers/drill-trainee';

const MIN = 60_000;
const LEAD = { user: 'li.qiang', role: 'shift-lead' } as const;
const GOOD = { user: 'wang.fang', role: 'monitor' } as const;
const LATE = { user: 'chen.jing', role: 'monitor' } as const;

/** Stands in for a provider's robot endpoint: a drill must never reach it. */
let provider: Server;
let providerHits = 0;
beforeAll(async () => {
  provider = createServer((req, res) => {
    providerHits++;
    req.resume();
    res.end('{"errcode":0,"errmsg":"ok"}');
  });
  await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
});
afterAll(() => new Promise<void>((resolve) => provider.close(() => resolve())));

function drillOf(name: string): { scenario: Scenario; expected: DrillExpectation } {
  const scenario = loadScenario(join(resources, 'scenarios', `${name}.json`));
  if (!scenario.expected) throw new Error(`${name} is not a drill`);
  return { scenario, expected: scenario.expected };
}

/** A drill for one trainee, with a real journal of its own and the real desk's robot channel. */
async function drill(scenario: Scenario, trainee: string) {
  const real = new Journal(openDatabase(join(mkdtempSync(join(tmpdir(), 'drill-real-')), 'journal.sqlite')));
  const { port } = provider.address() as AddressInfo;
  const desk = await startTrainingDesk({
    scenario,
    trainees: [trainee],
    lead: LEAD,
    scale: 60,
    resourcesDir: resources,
    drillsDir: mkdtempSync(join(tmpdir(), 'drills-')),
    record: (input) => real.append(input),
    log: quietLog,
    channels: [
      { id: 'ops-wecom', type: 'wecom', key: 'real-robot-key', url: `http://127.0.0.1:${port}/send` },
    ],
  });
  return { desk, real };
}

function goodPlan(e: DrillExpectation): TraineePlan {
  const dispatchAfter = e.dispatch ? Math.min(3 * MIN, e.dispatch.within / 4) : 0;
  return {
    ackAfter: Math.min(MIN, e.ackWithin / 4),
    retier: { to: e.tier, after: Math.min(MIN, e.ackWithin / 4) + 10_000 },
    ...(e.dispatch ? { dispatch: { after: dispatchAfter } } : {}),
    ...(e.outage ? { outageAfter: e.outage.afterDispatch } : {}),
    note: { after: dispatchAfter + MIN, text: `交接：${e.handover.mention.join('、')} 已处理，见工单` },
  };
}

function latePlan(e: DrillExpectation): TraineePlan {
  return {
    ackAfter: e.ackWithin + 3 * MIN,
    ...(e.dispatch ? { dispatch: { after: e.dispatch.within + 5 * MIN } } : {}),
    note: { after: e.ackWithin + 6 * MIN + (e.dispatch?.within ?? 0), text: '交班：见工单' },
  };
}

/** Plays the trainee, ends the drill, and checks what reached the real desk: one record, nothing else. */
async function run(desk: TrainingDesk, real: Journal, e: DrillExpectation, plan: TraineePlan, who: Session) {
  try {
    await playTrainee(desk, e, who, plan);
  } catch (error) {
    await desk.abandon();
    throw error;
  }
  const result = await desk.finish(`${who.user}: scripted`);
  const events = real.read();
  expect(events.map((x) => [x.type, x.subject, x.actor.user])).toEqual([
    [TRAINING_DRILL_EVENT, `training/${who.user}`, LEAD.user],
  ]);
  const data = events[0]?.data as Record<string, JsonValue>;
  const onDisk = readFileSync(join(result.dir, 'report.json'), 'utf8');
  expect(data.reportHash).toBe(createHash('sha256').update(onDisk).digest('hex'));
  expect(data.reportHash).toBe(result.reportHash);
  if (e.dispatch) expect(desk.sink.messages.length).toBeGreaterThan(0);
  real.close();
  const score = result.report.scores[0] as TraineeScore;
  expect(data.score).toBe(score.total);
  return score;
}

const byItem = (score: TraineeScore) => Object.fromEntries(score.items.map((i) => [i.item, i]));

// Each drill plays its hours at ×60 in real time: they run side by side, not one after another.
describe('each shipped drill at ×60', () => {
  it.concurrent.each(SHIPPED_DRILLS)(
    '%s: a good trainee gets full marks; each deduction of a late one is named',
    async (name) => {
      const { scenario, expected: e } = drillOf(name);
      const good = await drill(scenario, GOOD.user);
      const late = await drill(scenario, LATE.user);
      const [goodScore, lateScore] = await Promise.all([
        run(good.desk, good.real, e, goodPlan(e), GOOD),
        run(late.desk, late.real, e, latePlan(e), LATE),
      ]);

      expect(goodScore.items.flatMap((i) => i.deviations.map((d) => `${i.item}: ${d.en}`))).toEqual([]);
      expect(goodScore.total).toBe(100);

      const items = byItem(lateScore);
      expect(items.ack?.points).toBe(10);
      expect(items.ack?.deviations[0]?.en).toMatch(
        /^acknowledging took \S+; the scenario expects it within /,
      );
      const tableTier = lateScore.items.find((i) => i.item === 'tier');
      if (tableTier?.points === 0)
        expect(tableTier.deviations[0]?.en).toMatch(/^left at \S+ as the triage table says/);
      if (e.dispatch) {
        expect(items.dispatch?.points).toBe(10);
        expect(items.dispatch?.deviations[0]?.en).toMatch(/^dispatching a crew took /);
      }
      if (e.outage) {
        expect(items.outage?.points).toBe(0);
        expect(items.outage?.deviations[0]?.en).toMatch(/^no outage application was filed/);
      }
      expect(items.handover?.deviations[0]?.en).toBe(
        `the handover does not mention ${e.handover.mention.join(', ')}`,
      );
      const got = lateScore.items.reduce((sum, i) => sum + i.points, 0);
      expect(lateScore.total).toBe(Math.round((got / (lateScore.items.length * 20)) * 1000) / 10);
      expect(lateScore.total).toBeLessThan(70);
      expect(providerHits).toBe(0);
    },
    600_000,
  );
});

describe('starting a drill', () => {
  it('is for a shift lead, for named trainees, on a scenario that says what a good response is', async () => {
    const { scenario } = drillOf('drill-gateway-comms-loss');
    const base = {
      scenario,
      trainees: ['wang.fang'],
      lead: LEAD,
      scale: 60 as const,
      resourcesDir: resources,
      drillsDir: mkdtempSync(join(tmpdir(), 'drills-')),
      record: () => {
        throw new Error('nothing may be recorded for a drill that did not start');
      },
      log: quietLog,
    };
    await expect(startTrainingDesk({ ...base, lead: GOOD })).rejects.toThrow(
      new DrillRefusal('wang.fang is monitor: only a shift lead starts a drill'),
    );
    await expect(startTrainingDesk({ ...base, trainees: [' '] })).rejects.toThrow(
      'name at least one trainee',
    );
    const { expected: _e, ...plain } = scenario;
    await expect(startTrainingDesk({ ...base, scenario: plain })).rejects.toThrow(
      'scenario drill-gateway-comms-loss has no expected response: it is not a drill',
    );
  });

  it('polls its fleet on the drill’s time: at ×60 every 100 real ms, not every real second', async () => {
    const { scenario } = drillOf('drill-gateway-comms-loss');
    const { desk, real } = await drill(scenario, GOOD.user);
    try {
      expect(desk.engine.info.pollIntervalMs).toBe(100);
    } finally {
      await desk.abandon();
      real.close();
    }
  });
});
