import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Device, PointSample } from '../../../shared/api/model';
import { DeskConfig, type DeskConfigInput } from '../../../shared/config/schema';
import { type ShiftSchedule, shiftAt } from '../../../shared/handover/schedule';
import type { Profile } from '../../../shared/profile/schema';
import { slaSettingsOf } from '../../../shared/triage/sla';
import { startHandover } from '../../handover/start';
import { HistoryStore } from '../../history/store';
import type { Logger } from '../../log/logger';
import { SessionRecorder } from '../../reports/sessions';
import { Journal } from '../../store/journal';
import { crewsOf } from '../../workorders/dispatch';
import { startDuty } from '../../workorders/duty';
import { WeekClock } from './clock';
import { DEMO_SIGNERS, handoverSteps } from './handovers';
import { DEMO_WEEK_EVENT, DEMO_WEEK_VERSION, type DemoWeekSummary } from './marker';
import { DAY_MS, type GunSession, planLoad, STEP_MS, type WeekFleet } from './plan';
import { healthy, type Step, tellStory } from './story';

export type DemoWeekOptions = {
  /** The demo desk's journal folder (dataDir/demo); the week is written only when it holds no journal yet. */
  dir: string;
  /** The demo fleet's configuration, as the engine gets it. */
  config: DeskConfigInput;
  profiles: ReadonlyMap<string, Profile>;
  /** The demo's start instant: the week ends here. */
  anchor: number;
  seed: number;
  log: Logger;
};

const DAYS = 7;
const SYSTEM = { user: 'dutydesk', role: 'system' };
/** The history store takes samples in buffers of this many. */
const SAMPLE_CHUNK = 50_000;

/** The devices of a configuration as the desk describes them, for those whose profile is known. */
export function devicesOf(config: DeskConfig, profiles: ReadonlyMap<string, Profile>): Device[] {
  return config.devices.flatMap((d) => {
    const profile = profiles.get(d.profile);
    if (!profile) return [];
    return [
      {
        id: d.id,
        stationId: d.stationId,
        name: d.name,
        kind: profile.kind,
        profile: profile.id,
        endpoint: `${d.host}:${d.port}`,
        unitId: d.unitId,
        guns: profile.guns,
        ratedKw: profile.ratedKw,
      },
    ];
  });
}

/** Gun readings as the charger shows a session: in it from the start, back to idle with its energy at the end. */
function sessionSteps(sessions: readonly GunSession[], record: (samples: PointSample[]) => void): Step[] {
  const buckets = new Map<number, { ends: PointSample[]; starts: PointSample[] }>();
  const bucket = (ts: number) => {
    const at = (Math.floor(ts / STEP_MS) + 1) * STEP_MS;
    const found = buckets.get(at) ?? { ends: [], starts: [] };
    buckets.set(at, found);
    return found;
  };
  const reading = (s: GunSession, key: string, value: number | string, ts: number): PointSample => ({
    deviceId: s.deviceId,
    key: `gun${s.gun}.${key}`,
    value,
    quality: 'good',
    ts,
  });
  for (const s of sessions) {
    bucket(s.startedAt).starts.push(reading(s, 'state', 'charging', s.startedAt));
    const end = bucket(s.endedAt).ends;
    end.push(reading(s, 'state', 'idle', s.endedAt));
    end.push(reading(s, 'energy', s.energyKwh, s.endedAt - 1000));
    end.push(reading(s, 'duration', Math.round((s.endedAt - s.startedAt) / 1000), s.endedAt - 1000));
  }
  return [...buckets].map(([at, { ends, starts }]) => ({
    at,
    run: () => {
      // A gun that ends one session and starts the next in the same five minutes ends it first.
      if (ends.length) record(ends);
      if (starts.length) record(starts);
    },
  }));
}

/** Shift changes strictly inside the week, with room for the note and signatures around them. */
function shiftChanges(schedule: ShiftSchedule, from: number, to: number): number[] {
  const margin = 30 * 60_000;
  const changes: number[] = [];
  for (let t = shiftAt(schedule, from).endsAt; t + margin < to; t = shiftAt(schedule, t).endsAt) {
    if (t - margin > from) changes.push(t);
  }
  return changes;
}

/** The demo's configuration as its week names it: the live fleet listens on ports of the moment, the week on the same every time. */
export function weekConfig(input: DeskConfigInput): DeskConfig {
  const live = DeskConfig.parse(input);
  return { ...live, devices: live.devices.map((d) => ({ ...d, host: `${d.stationId}.demo`, port: 502 })) };
}

/**
 * Writes the demo's week into a folder beside `dir` and moves it into
 * place when complete, so a crash half-way leaves no half week behind. The
 * journal gets it through the desk's own services on a clock that runs
 * through the week: alarm queue, work orders, applications, handovers and
 * the session recorder, every event chained as the live desk chains it.
 * Telemetry history goes to the history store the same way.
 */
export async function writeDemoWeek(options: DemoWeekOptions): Promise<DemoWeekSummary> {
  const { dir, anchor, seed, profiles } = options;
  const from = anchor - DAYS * DAY_MS;
  const config = weekConfig(options.config);
  const devices = devicesOf(config, profiles);
  const fleet: WeekFleet = { stations: config.stations, devices };
  const staging = `${dir}.week-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });

  const clock = new WeekClock(from);
  // NORMAL, not FULL: the week is staged, and a crash before the move below just writes it again.
  const journal = Journal.open(join(staging, 'journal.sqlite'), { now: clock.now, synchronous: 'NORMAL' });
  const log = options.log.child('demo-week');
  const sla = slaSettingsOf(config.sla);
  const duty = startDuty({ journal, emit: () => {}, log, sla, clock });
  let sessions = 0;
  try {
    duty.setFleet(config.stations, devices, profiles, sla, config.alarmRules);
    duty.setCrews(crewsOf(config));
    duty.restore();
    const handover = startHandover({
      journal,
      remote: { read: () => [] },
      authenticator: DEMO_SIGNERS,
      schedule: () => config.shifts,
      // Every gateway answering as each handover is signed: the week's one comms loss is long over by then.
      fleet: () => ({
        stations: config.stations,
        devices,
        status: devices.map((d) => healthy(d.id, clock.now())),
      }),
      api: () => duty.api,
      resourcesDir: '',
      now: clock.now,
      emit: () => {},
    });
    const recorder = new SessionRecorder(journal);
    recorder.setDevices(devices);
    const crews = (config.crews?.crews ?? []).map(
      (c) => [c.members[0]?.name ?? '', c.members[1]?.name ?? ''] as const,
    );
    const story = tellStory(
      { fleet, api: duty.api, status: (status) => duty.onTelemetry({ status, samples: [] }), crews },
      from,
      anchor,
      seed,
    );
    const load = planLoad(fleet, from, anchor, seed, story.down);
    const steps = [
      ...story.steps,
      ...sessionSteps(
        load.sessions.filter((s) => s.endedAt < anchor),
        (samples) => {
          sessions += recorder.onTelemetry({ status: [], samples }).length;
        },
      ),
      ...handoverSteps(() => handover.api, shiftChanges(config.shifts, from, anchor)),
    ].sort((a, b) => a.at - b.at);
    for (const step of steps) {
      clock.advance(step.at);
      await step.run();
    }
    clock.advance(anchor);
    writeHistory(join(staging, 'history.sqlite'), config, load.samples, clock.now);
    journal.append({
      type: DEMO_WEEK_EVENT,
      subject: 'demo',
      data: { version: DEMO_WEEK_VERSION, seed, from, to: anchor, sessions, samples: load.samples.length },
      reason: null,
      actor: SYSTEM,
    });
  } catch (error) {
    duty.stop();
    journal.close();
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  duty.stop();
  clock.clear();
  journal.close();
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  log.info(
    `demo week written: ${sessions} charging sessions, ${DAYS} days to ${new Date(anchor).toISOString()}`,
  );
  return { seed, from, to: anchor, sessions };
}

/**
 * Every sample into history's intake. The desk's own history store sorts
 * them into raw and rollups once it runs (in its worker, in the background),
 * as it does with any backlog after a restart.
 */
function writeHistory(file: string, config: DeskConfig, samples: readonly PointSample[], now: () => number) {
  const history = HistoryStore.open(file, {
    retention: config.history,
    now,
    flushEveryMs: 3_600_000,
    maintainEveryMs: 3_600_000,
  });
  try {
    for (let at = 0; at < samples.length; at += SAMPLE_CHUNK) {
      history.record(samples.slice(at, at + SAMPLE_CHUNK));
      history.flush();
    }
  } finally {
    history.close();
  }
}
