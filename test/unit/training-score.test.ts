import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resourcesDir } from '../../node/resources';
import type { JsonValue } from '../../shared/journal/event';
import { DrillExpectation } from '../../shared/training/expectation';
import { type DrillEvent, scoreDrill, scoreTrainees } from '../../shared/training/score';
import { loadScenario, parseScenario } from '../../sim/scenario';
import { SHIPPED_DRILLS } from '../helpers/drill-library';

const MIN = 60_000;
const T0 = Date.UTC(2026, 6, 14, 0, 30);
const SYSTEM = { user: 'system', role: 'system' };

function expectationOf(name: string): DrillExpectation {
  const scenario = loadScenario(join(resourcesDir(), 'scenarios', `${name}.json`));
  if (!scenario.expected) throw new Error(`${name} is not a drill`);
  return scenario.expected;
}

/** A drill desk's journal, written the way the engine writes its events. */
class Journal {
  readonly events: DrillEvent[] = [];
  add(type: string, subject: string, atMin: number, user: string, data: JsonValue = {}): this {
    this.events.push({
      type,
      subject,
      ts: T0 + atMin * MIN,
      actor: user === 'system' ? SYSTEM : { user, role: 'monitor' },
      data,
    });
    return this;
  }
  raise(alarm: string, tier: string, atMin = 0): this {
    return this.add('alarm.raised', alarm, atMin, 'system', { tier, cause: alarm.split(':')[1] ?? '' });
  }
  dispatch(order: string, alarm: string, atMin: number, user: string, crew: string[]): this {
    return this.add('workorder.created', order, atMin, user, {
      incidents: [{ alarmId: alarm, raisedAt: T0 }],
    }).add('workorder.dispatched', order, atMin, user, { event: { crew } });
  }
  outage(order: string, atMin: number, user: string): this {
    return this.add('application.filed', `APP-${order}`, atMin, user, { kind: 'outage', workOrderId: order });
  }
  note(station: string, text: string, atMin: number, user: string): this {
    return this.add('handover.note', 'handover/2026-07-14-day', atMin, user, {
      shiftId: 'x',
      text,
      stationId: station,
    });
  }
}

describe('drill scoring: Shaoxing outage application', () => {
  const expected = expectationOf('drill-shaoxing-outage');
  const alarm = 'sx01-ac2:groundFault';

  it('gives a good trainee full marks with nothing to explain', () => {
    const j = new Journal()
      .raise(alarm, 'on-site')
      .add('alarm.acked', alarm, 1, 'wang.fang')
      .dispatch('WO-1', alarm, 6, 'wang.fang', ['周建国', '陈立'])
      .outage('WO-1', 6 + 125, 'wang.fang')
      .note('sx01', 'sx01-ac2 接地故障，已派单，已提交停运申请', 140, 'wang.fang');
    const score = scoreDrill(expected, j.events, ['wang.fang']);
    expect(score.total).toBe(100);
    expect(score.items.map((i) => [i.item, i.points, i.deviations])).toEqual([
      ['ack', 20, []],
      ['tier', 20, []],
      ['dispatch', 20, []],
      ['outage', 20, []],
      ['handover', 20, []],
    ]);
    expect(score.items[0]).toMatchObject({ afterMs: MIN, by: 'wang.fang' });
  });

  it('names every deduction of a late trainee, in both languages', () => {
    const j = new Journal()
      .raise(alarm, 'on-site')
      .add('alarm.acked', alarm, 12, 'chen.jing')
      .add('alarm.retiered', alarm, 13, 'chen.jing', { from: 'on-site', to: 'remote' })
      .dispatch('WO-2', alarm, 75, 'chen.jing', ['周建国'])
      .outage('WO-2', 75 + 200, 'chen.jing');
    const score = scoreDrill(expected, j.events, ['chen.jing']);
    const byItem = Object.fromEntries(score.items.map((i) => [i.item, i]));
    expect(byItem.ack?.points).toBe(10);
    expect(byItem.ack?.deviations[0]?.en).toBe('acknowledging took 12m; the scenario expects it within 5m');
    expect(byItem.ack?.deviations[0]?.['zh-CN']).toBe('确认报警用时 12m，场景要求 5m 内');
    expect(byItem.tier?.points).toBe(0);
    expect(byItem.tier?.deviations[0]?.en).toBe(
      're-tiered to remote; the scenario expects on-site because a grounding failure is a 001 serious defect: eliminated on site in the short term',
    );
    expect(byItem.dispatch?.points).toBe(0);
    expect(byItem.dispatch?.deviations.map((d) => d.en)).toEqual([
      'dispatching a crew took 1h15m; the scenario expects it within 1h',
      'dispatched 1 person; a crew has at least 2 (001)',
    ]);
    expect(byItem.outage?.points).toBe(10);
    expect(byItem.outage?.deviations[0]?.en).toBe('filed 3h20m after dispatch; it was due by 2h30m');
    expect(byItem.handover?.points).toBe(0);
    expect(byItem.handover?.deviations[0]?.en).toBe('no handover note was written');
    expect(score.total).toBe(20);
  });

  it('halves a premature outage application and explains when it is due', () => {
    const j = new Journal()
      .raise(alarm, 'on-site')
      .add('alarm.acked', alarm, 1, 'wang.fang')
      .dispatch('WO-1', alarm, 5, 'wang.fang', ['a', 'b'])
      .outage('WO-1', 45, 'wang.fang');
    const outage = scoreDrill(expected, j.events, ['wang.fang']).items.find((i) => i.item === 'outage');
    expect(outage?.points).toBe(10);
    expect(outage?.deviations[0]?.en).toBe(
      'filed 40m after dispatch; an outage application is due only when the fault is not fixed 2h after dispatch',
    );
  });
});

describe('drill scoring: re-tier and attribution', () => {
  const expected = expectationOf('drill-box-transformer-trip');
  const alarm = 'sx02-bt1:groundFault';

  it('expects the table tier to be changed where the scenario says so', () => {
    const j = new Journal().raise(alarm, 'on-site').add('alarm.acked', alarm, 1, 'wang.fang');
    const tier = scoreDrill(expected, j.events, ['wang.fang']).items.find((i) => i.item === 'tier');
    expect(tier?.points).toBe(0);
    expect(tier?.deviations[0]?.en).toMatch(
      /^left at on-site as the triage table says; the scenario expects emergency because a whole station/,
    );
  });

  it('counts only what trainees did, and tells each trainee which steps were theirs', () => {
    const j = new Journal()
      .raise(alarm, 'on-site')
      .add('alarm.acked', alarm, 1, 'wang.fang')
      .add('alarm.retiered', alarm, 2, 'li.qiang', { from: 'on-site', to: 'emergency' })
      .dispatch('WO-1', alarm, 3, 'chen.jing', ['a', 'b'])
      .note('sx02', 'sx02-bt1 跳闸，已派应急班组', 4, 'chen.jing');
    const [wang, chen] = scoreTrainees(expected, j.events, ['wang.fang', 'chen.jing']);
    // The shift lead's re-tier is not the trainees' answer.
    expect(wang?.items.find((i) => i.item === 'tier')?.points).toBe(0);
    // ack, dispatch and handover of four judged items: 60 of 80.
    expect(wang?.total).toBe(75);
    expect(wang?.steps).toEqual(['ack']);
    expect(chen?.steps).toEqual(['dispatch', 'handover']);
  });

  it('scores nothing when the judged alarm never came up, and says so', () => {
    const score = scoreDrill(expected, new Journal().raise('sx09-dc1:fanFault', 'on-site').events, ['x']);
    expect(score.total).toBe(0);
    expect(score.items[0]?.deviations[0]?.en).toBe(
      'alarm sx02-bt1:groundFault never came up, so nothing could be scored',
    );
  });
});

/** A valid expectation: the whole of sx03 blind, answered on site within 2 h. */
const blindStation = {
  alarm: 'sx03:comms.station',
  tier: 'on-site',
  tierWhy: { 'zh-CN': '整站失去监视', en: 'the whole station is blind' },
  ackWithin: '10m',
  dispatch: { within: '2h' },
  outage: null,
  handover: { station: 'sx03', mention: ['sx03'] },
};

describe('drill expectations as data', () => {
  it('names the field of a bad expectation', () => {
    // A remote answer with the crew still sent, and a time in words: both named.
    const bad = DrillExpectation.safeParse({ ...blindStation, tier: 'remote', ackWithin: '2 minutes' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'ackWithin: a time like "0s", "90s", "5m" or "1h30m"',
      'dispatch: a remote-tier answer sends no crew: set `dispatch` to null or choose on-site or emergency',
    ]);
  });
});

describe('the shipped drill library', () => {
  it('has the seven drills of issue 18, each with titles, briefings and an expected response', () => {
    for (const name of SHIPPED_DRILLS) {
      const s = loadScenario(join(resourcesDir(), 'scenarios', `${name}.json`));
      expect(s.title?.['zh-CN']).toMatch(/\p{Script=Han}/u);
      expect(s.briefing?.en.length).toBeGreaterThan(40);
      expect(s.expected?.handover.station).toMatch(/^sx\d\d$/);
    }
    expect(expectationOf('drill-shaoxing-outage').preset).toBe('shaoxing');
  });
});

describe('drill scenario files', () => {
  const steps = [{ at: '0s', do: 'offline', station: 'sx03' }];

  it('refuses a drill without a briefing or with a start time lacking its offset, naming the field', () => {
    expect(() =>
      parseScenario(
        {
          name: 'd',
          title: { 'zh-CN': '网关', en: 'gateway' },
          startAt: '2026-07-14T09:00:00',
          expected: blindStation,
          steps,
        },
        'd.json',
      ),
    ).toThrow(
      'd.json: startAt: a date and time with its UTC offset, e.g. 2026-06-15T22:30:00+08:00; briefing: a drill (one with `expected`) needs a briefing in zh-CN and en',
    );
  });

  it('names the nested field of a bad expectation', () => {
    expect(() =>
      parseScenario({ name: 'd', expected: { ...blindStation, tier: 'urgent' }, steps }, 'd.json'),
    ).toThrow(/^d\.json: expected\.tier: /);
  });
});
