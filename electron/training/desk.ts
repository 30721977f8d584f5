import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Session } from '../../shared/auth/roles';
import { CrewsConfig } from '../../shared/config/crews';
import { type DeskConfigInput, POLL_INTERVAL_DEFAULT_MS } from '../../shared/config/schema';
import { canonicalJson } from '../../shared/journal/canonical-json';
import type { JournalEvent, JournalInput } from '../../shared/journal/event';
import { type DrillReport, recordData, TRAINING_DRILL_EVENT, timelineOf } from '../../shared/training/report';
import { scoreTrainees } from '../../shared/training/score';
import { startFleet } from '../../sim/fleet';
import { loadScenario, playScenario, type Scenario, type ScenarioPlayback } from '../../sim/scenario';
import type { CopiedAccount } from '../auth/accounts';
import { type Engine, startEngine } from '../engine/engine';
import type { Logger } from '../log/logger';
import { openDatabase } from '../store/database';
import { Journal } from '../store/journal';
import { DRILL_SCALES, DrillClock, type DrillScale, drillPollIntervalMs } from './clock';
import { writeManifest } from './folders';
import { TrainingSink } from './sink';

/** The one channel of a training desk; every crew's messages go through it, into the sink. */
const TRAINING_CHANNEL = {
  id: 'training',
  name: '训练通知 / training sink',
  type: 'wecom',
  key: 'training-sink',
  // Never contacted: the sink replaces the adapter. A reserved test address, should it ever be.
  url: 'http://192.0.2.1/training-sink',
};

const LEADS: readonly Session['role'][] = ['shift-lead', 'admin'];

export class DrillRefusal extends Error {}

export type DrillOptions = {
  scenario: Scenario;
  trainees: readonly string[];
  /** Who starts (and ends) the drill: a shift lead. */
  lead: Session;
  scale: DrillScale;
  resourcesDir: string;
  /** Where drills keep their folders; each drill gets one of its own beneath it. */
  drillsDir: string;
  /** The real desk's journal: only the training records are written to it, at the end. */
  record: (input: JournalInput) => JournalEvent;
  log: Logger;
  /** Drill time at the start, when the scenario does not give one. */
  startAt?: number;
  /** The real desk's clock, for the start the drill's folder keeps (machine time without it). */
  deskNow?: () => number;
  seed?: number;
  /**
   * The real desk's notify channels, so the drill's messages look like the
   * real ones; they reach only the sink. Without them, one training channel.
   */
  channels?: readonly ({ id: string } & Record<string, unknown>)[];
  /**
   * The trainees' own accounts, copied from the real desk (name, a role on
   * the drill desk, password hash): the drill desk then enforces sign-in and
   * each trainee signs in as themselves, so every step is journalled under
   * their name. Without them, callers act through the API with their
   * sessions (scripted trainees).
   */
  accounts?: readonly CopiedAccount[];
};

export type DrillResult = { report: DrillReport; reportHash: string; records: JournalEvent[]; dir: string };

export type TrainingDesk = {
  readonly drillId: string;
  readonly dir: string;
  readonly clock: DrillClock;
  /** The drill's own engine: its fleet, journal and API, which the trainees work. */
  readonly engine: Engine;
  readonly sink: TrainingSink;
  readonly playback: ScenarioPlayback;
  /** Ends the drill: scores it, writes the report and one training record per trainee in the real journal. */
  finish(remarks?: string): Promise<DrillResult>;
  /** Stops the drill without a record (a drill abandoned). */
  abandon(): Promise<void>;
};

export type DrillLibrary = { scenarios: Scenario[]; errors: string[] };

/**
 * The drills a shift lead can start: every `drill-*.json` in
 * resources/scenarios that says what a good response is. A file that does
 * not load is named with why (the field), never silently left out.
 */
export function loadDrillLibrary(resourcesDir: string): DrillLibrary {
  const dir = join(resourcesDir, 'scenarios');
  const files = readdirSync(dir)
    .filter((f) => /^drill-.*\.json$/.test(f))
    .sort();
  const scenarios: Scenario[] = [];
  const errors: string[] = [];
  for (const file of files) {
    try {
      const scenario = loadScenario(join(dir, file));
      if (scenario.expected) scenarios.push(scenario);
      else errors.push(`${basename(file)}: no expected response, so it is not a drill`);
    } catch (error) {
      errors.push((error as Error).message.replace(dir, 'scenarios'));
    }
  }
  return { scenarios, errors };
}

/** The stations a scenario touches decide how much of the fleet the drill runs: up to the highest one named. */
function stationsNeeded(scenario: Scenario): number {
  const ids = scenario.steps.map((s) => ('station' in s ? s.station : (s.device.split('-')[0] ?? '')));
  if (scenario.expected) ids.push(scenario.expected.handover.station);
  return Math.max(1, ...ids.map((id) => Number(/^sx(\d+)$/.exec(id)?.[1] ?? 1)));
}

function checkStart(options: DrillOptions): string[] {
  if (!LEADS.includes(options.lead.role))
    throw new DrillRefusal(`${options.lead.user} is ${options.lead.role}: only a shift lead starts a drill`);
  if (!options.scenario.expected)
    throw new DrillRefusal(`scenario ${options.scenario.name} has no expected response: it is not a drill`);
  if (!DRILL_SCALES.includes(options.scale))
    throw new DrillRefusal(`a drill runs at ×${DRILL_SCALES.join(', ×')}, not ×${options.scale}`);
  const trainees = [...new Set(options.trainees.map((t) => t.trim()).filter(Boolean))];
  if (!trainees.length) throw new DrillRefusal('name at least one trainee');
  return trainees;
}

/**
 * A training desk (issue 18): its own data folder, its own simulated fleet
 * on loopback, its own journal, notifications into a sink, and one clock
 * for fleet, scenario and SLA running at the chosen speed. Nothing of it
 * reaches the real desk until finish() writes the training records.
 */
export async function startTrainingDesk(options: DrillOptions): Promise<TrainingDesk> {
  const trainees = checkStart(options);
  const { scenario } = options;
  const expected = scenario.expected;
  if (!expected) throw new DrillRefusal(`scenario ${scenario.name} is not a drill`);
  const drillId = randomUUID();
  const dir = join(options.drillsDir, drillId);
  mkdirSync(dir, { recursive: true });
  const title = scenario.title ?? { 'zh-CN': scenario.name, en: scenario.name };
  // Before anything runs: should the desk stop mid-drill, its next start names what was abandoned.
  writeManifest(dir, {
    drillId,
    scenario: scenario.name,
    title,
    trainees,
    lead: options.lead.user,
    speed: options.scale,
    startedAt: (options.deskNow ?? Date.now)(),
  });
  const log = options.log.child(`drill ${scenario.name}`);
  const startMs = scenario.startAt ? Date.parse(scenario.startAt) : (options.startAt ?? Date.now());
  const clock = new DrillClock(startMs, options.scale);
  const sink = new TrainingSink(join(dir, 'training-sink.jsonl'));

  const fleet = await startFleet({
    profilesDir: join(options.resourcesDir, 'profiles'),
    now: clock.now,
    stations: stationsNeeded(scenario),
    seed: options.seed ?? 1,
  });
  let engine: Engine;
  try {
    // The demo's roster, each crew reached through the training channel only.
    const roster = CrewsConfig.parse(
      JSON.parse(readFileSync(join(options.resourcesDir, 'demo', 'crews.json'), 'utf8')),
    );
    const channels = options.channels?.length ? options.channels : [TRAINING_CHANNEL];
    const ids = channels.map((c) => c.id);
    // No sync, backup or real station: a drill's records stay in its folder until finish().
    const config: DeskConfigInput = {
      ...fleet.config,
      pollIntervalMs: drillPollIntervalMs(
        fleet.config.pollIntervalMs ?? POLL_INTERVAL_DEFAULT_MS,
        options.scale,
      ),
      crews: { ...roster, crews: roster.crews.map((c) => ({ ...c, channels: ids })) },
      sla: { default: expected.preset },
      notify: { channels: [...channels] },
    };
    engine = await startEngine({
      shell: 'headless',
      configPath: null,
      demo: config,
      resourcesDir: options.resourcesDir,
      dataDir: dir,
      log,
      clock,
      notifyAdapters: sink.adapters,
      ...(options.accounts?.length
        ? {
            accounts: true,
            copiedAccounts: {
              accounts: options.accounts,
              actor: options.lead,
              reason: `trainees of drill ${drillId} (${scenario.name})`,
            },
          }
        : {}),
      drill: {
        id: drillId,
        scenario: scenario.name,
        title,
        briefing: scenario.briefing ?? { 'zh-CN': '', en: '' },
        scale: options.scale,
        trainees,
        lead: options.lead.user,
        startedAt: startMs,
      },
    });
  } catch (error) {
    await fleet.stop();
    throw error;
  }
  const playback = playScenario(fleet, scenario, { clock: clock.timers, report: (line) => log.info(line) });
  const startedAt = clock.now();
  let ended = false;

  async function stop(): Promise<number> {
    if (ended) throw new DrillRefusal('the drill has already ended');
    ended = true;
    const endedAt = clock.now();
    playback.stop();
    await engine.stop();
    await fleet.stop();
    return endedAt;
  }

  return {
    drillId,
    dir,
    clock,
    engine,
    sink,
    playback,
    async finish(remarks = '') {
      const endedAt = await stop();
      const journal = new Journal(openDatabase(join(dir, 'demo', 'journal.sqlite')));
      const events = (() => {
        try {
          return journal.read();
        } finally {
          journal.close();
        }
      })();
      const report: DrillReport = {
        drillId,
        scenario: {
          name: scenario.name,
          title,
          briefing: scenario.briefing ?? { 'zh-CN': '', en: '' },
        },
        lead: options.lead.user,
        trainees,
        scale: options.scale,
        startedAt,
        endedAt,
        timeline: timelineOf(events, startedAt),
        scores: scoreTrainees(expected, events, trainees),
        remarks: remarks.trim(),
      };
      const text = canonicalJson(report);
      const reportHash = createHash('sha256').update(text, 'utf8').digest('hex');
      writeFileSync(join(dir, 'report.json'), text);
      const records = report.scores.map((score) =>
        options.record({
          type: TRAINING_DRILL_EVENT,
          subject: `training/${score.trainee}`,
          data: recordData(report, score, reportHash),
          reason: report.remarks || null,
          actor: options.lead,
        }),
      );
      log.info(`drill ${drillId} ended: ${report.scores.map((s) => `${s.trainee} ${s.total}`).join(', ')}`);
      return { report, reportHash, records, dir };
    },
    async abandon() {
      await stop();
    },
  };
}
