import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadProfiles } from '../../node/profiles';
import { repeatEvery } from '../../node/repeating';
import { DESK_TIME_EVERY_MS, type DeskTime } from '../../shared/api/clock';
import type { ConfigView, DeskApi, DeskInfo } from '../../shared/api/contract';
import { ApiError, type EventFrame, eventFrame } from '../../shared/api/frames';
import type { Device, ProfileInfo, Station } from '../../shared/api/model';
import type { DrillInfo } from '../../shared/api/training';
import { permissionsOf, type Session } from '../../shared/auth/roles';
import { alarmRuleChanges } from '../../shared/config/alarm-rules';
import { seesEndpoints, withholdDeviceEndpoints } from '../../shared/config/endpoints';
import { keepRedacted, REDACTED, redactConfig } from '../../shared/config/redact';
import { type Access, DeskConfig, type DeskConfigInput } from '../../shared/config/schema';
import { HANDOVER_EVENT_TYPES } from '../../shared/handover/events';
import type { RecordMark } from '../../shared/i18n/marking';
import type { Profile } from '../../shared/profile/schema';
import { slaSettingsOf } from '../../shared/triage/sla';
import { Poller, type PollerStats } from '../acquisition/poller';
import { type DeskClock, systemClock } from '../alarms/clock';
import { AccountStore, type CopiedAccount } from '../auth/accounts';
import { authApi } from '../auth/api';
import type { Authenticator } from '../auth/authenticator';
import { bootstrapAdmin } from '../auth/bootstrap';
import { type Connection, type ConnectionOrigin, openConnection } from '../auth/connection';
import { ClockStepWatch } from '../clock-steps/watch';
import { ledgerApi } from '../config/ledger';
import { ConfigError, checkConfig, loadConfigFile } from '../config/load';
import { saveConfigFile } from '../config/save';
import type { AuditTrail } from '../control/audit';
import { writePoint } from '../control/remote-control';
import { demoResetApi } from '../demo/week/reset';
import { startHandover } from '../handover/start';
import type { Logger } from '../log/logger';
import type { AdapterFactory } from '../notify/channels';
import { Notifier } from '../notify/notifier';
import { outboxStatusApi } from '../notify/outbox-status';
import { startReports } from '../reports/start';
import { openDatabase } from '../store/database';
import { Journal } from '../store/journal';
import { startStore } from '../store/service';
import { startDeskSync } from '../sync/desk-sync';
import { sharedConfigApi } from '../sync/shared-config';
import { TelemetryStore } from '../telemetry/store';
import type { TileResult } from '../tiles/result';
import { createTileService } from '../tiles/service';
import { type DrillLauncher, startDrills } from '../training/service';
import { startWarnings } from '../warnings/service';
import { crewsOf } from '../workorders/dispatch';
import { startDuty } from '../workorders/duty';
import { firstScreen } from './first-screen';
import { VERSION } from './version';

export type EngineOptions = {
  shell: 'electron' | 'headless';
  /** null runs the built-in demo fleet given in `demo`. */
  configPath: string | null;
  /**
   * Where the demo fleet a shell started listens (electron/demo); the engine
   * only polls it, so whoever started it stops it.
   */
  demo?: DeskConfigInput;
  resourcesDir: string;
  /** Where the journal lives; the demo fleet keeps its own beneath it. */
  dataDir: string;
  log: Logger;
  /** Enforce operator accounts on the demo fleet too (a config file always enforces them). */
  accounts?: boolean;
  /** The first admin for a headless install (DUTYDESK_ADMIN_USER / _PASSWORD); used only while no account exists. */
  adminSetup?: { user: string; password: string; source: string } | null;
  /** The sync token from the desk's secret store (headless: its 0600 file; Electron passes it in the environment). */
  syncToken?: string | null;
  /** The alarm and work-order clock; tests and drills move it forward instead of waiting hours. */
  clock?: DeskClock;
  /** The folder of the built worker entries (history, chain check) beside the shell's entry; see startStore. */
  workerDir?: URL | null;
  /** A training desk's notification sink: every channel's messages go to it instead of a provider. */
  notifyAdapters?: AdapterFactory;
  /** Set by a training desk: shown on every screen as the DRILL band. */
  drill?: DrillInfo;
  /** A training desk's accounts: the trainees', copied from the real desk before anyone signs in. */
  copiedAccounts?: { accounts: readonly CopiedAccount[]; actor: Session; reason: string };
  /** Starts training desks for drills; the shells pass it in, since a drill runs the simulator (issue 18). */
  drills?: DrillLauncher;
  /** Desk time between early-warning passes (15 min by default); a desk on a fast clock asks for fewer. */
  warningPassEveryMs?: number;
};

export type Engine = {
  info: DeskInfo;
  api: DeskApi;
  /** Who the local workstation is, and which tokens grant what to browsers elsewhere. */
  access(): Access;
  /** A new connection's own sign-in state; every call over it is checked against its session. */
  connect(origin: ConnectionOrigin): Connection;
  /** Checks a person's password where they act (handover signatures). */
  authenticator: Authenticator;
  subscribe(listener: (frame: EventFrame) => void): () => void;
  /** One map tile of the configured source, by the coordinates of a request path (see map.source). */
  tile(parts: Readonly<Record<string, string | undefined>>): Promise<TileResult>;
  stats(): PollerStats;
  /** Holds device polling until released (see Poller.hold): for a test stepping the desk clock. */
  holdPolling(): Promise<() => void>;
  /** The notification outbox (issue 15): dispatch, reminders and escalation request through it. */
  notifier: Notifier;
  stop(): Promise<void>;
};

/** The built-in demo is a sandbox: whoever runs it may try everything. */
const DEMO_ACCESS: Access = { localRole: 'admin', tokens: [] };

function describeDevice(config: DeskConfig['devices'][number], profile: Profile): Device {
  return {
    id: config.id,
    stationId: config.stationId,
    name: config.name,
    kind: profile.kind,
    profile: profile.id,
    endpoint: `${config.host}:${config.port}`,
    unitId: config.unitId,
    guns: profile.guns,
    ratedKw: profile.ratedKw,
  };
}

function describeProfile(profile: Profile): ProfileInfo {
  return {
    id: profile.id,
    kind: profile.kind,
    points: profile.points.map((p) => ({
      key: p.key,
      unit: p.unit ?? null,
      label: p.label,
      writable: p.writable,
      command: p.command,
      options: p.enum ? Object.values(p.enum) : null,
    })),
  };
}

/** Everything that depends on the station configuration, rebuilt when an admin changes it. */
type Fleet = {
  config: DeskConfig;
  stations: Station[];
  devices: Device[];
  profiles: ProfileInfo[];
  telemetry: TelemetryStore;
  poller: Poller;
};

/** Background work begins at the latest this long after start when no screen asks for the wall and queue. */
const SHOWN_AT_LATEST_MS = 5_000;

/**
 * The composition root: profiles, configuration (or the demo fleet), the
 * journal, acquisition and telemetry, exposed as the DeskApi both shells
 * serve. A bad configuration throws before anything starts polling.
 */
export async function startEngine(options: EngineOptions): Promise<Engine> {
  const { log } = options;
  // Node's fetch files a timing entry for every request (sync, notifications, tiles) in a process-wide
  // buffer that nothing here reads; it keeps the last 250 (about 130 kB) for the life of the desk.
  performance.setResourceTimingBufferSize(0);
  const profiles = loadProfiles(join(options.resourcesDir, 'profiles'));
  const demo = options.configPath ? null : options.demo;
  if (demo === undefined) throw new Error('startEngine needs a configuration file or a running demo fleet');
  const initial = demo
    ? DeskConfig.parse({ ...demo, access: DEMO_ACCESS })
    : loadConfigFile(options.configPath ?? '', profiles);
  const journalDir = demo ? join(options.dataDir, 'demo') : options.dataDir;
  mkdirSync(journalDir, { recursive: true });
  // One connection for journal and accounts, so an account change and its journal event commit together.
  const db = openDatabase(join(journalDir, 'journal.sqlite'));
  const journal = new Journal(db);
  const accounts = new AccountStore(db, journal);
  if (options.adminSetup) {
    await bootstrapAdmin(accounts, options.adminSetup, log).catch((error: unknown) => {
      journal.close();
      throw error;
    });
  }
  if (options.copiedAccounts) {
    const { accounts: copied, actor, reason } = options.copiedAccounts;
    accounts.adopt(copied, actor, reason);
  }
  const audit: AuditTrail = { record: (entry) => journal.append(entry) };

  const listeners = new Set<(frame: EventFrame) => void>();
  const emit = (frame: EventFrame) => {
    for (const listener of listeners) listener(frame);
  };
  /** The desk's time: a drill's or a test's clock when it has one. */
  const deskNow = () => (options.clock ? options.clock.now() : Date.now());
  const first = firstScreen(SHOWN_AT_LATEST_MS);
  const { shown } = first;
  const sync = startDeskSync({
    journal,
    config: initial.sync,
    env: process.env,
    storedToken: options.syncToken ?? null,
    log,
    emit,
  });
  const store = startStore({
    journal,
    dir: dirname(journal.file),
    retention: initial.history,
    backup: initial.backup,
    log,
    emit,
    workerDir: options.workerDir ?? null,
  });

  const notifier = Notifier.start({
    journal,
    config: initial.notify,
    dir: dirname(journal.file),
    log: log.child('notify'),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.notifyAdapters ? { adapters: options.notifyAdapters } : {}),
  });

  const outbox = outboxStatusApi(notifier, options.clock ?? systemClock, (status) =>
    emit(eventFrame('notify.changed', status)),
  );

  const duty = startDuty({
    journal,
    emit,
    log: log.child('duty'),
    sla: slaSettingsOf(initial.sla),
    ...(options.clock ? { clock: options.clock } : {}),
    notifier,
    crewLink: () => sync.crewLink,
    backgroundAfter: shown,
  });
  const warnings = startWarnings({
    journal,
    historyFile: join(dirname(journal.file), 'history.sqlite'),
    commsFile: join(dirname(journal.file), 'comms-days.json'),
    comms: () => fleet.poller.linkStats(),
    settleHistory: async () => {
      fleet.telemetry.flush();
      await store.settleHistory();
    },
    ...(options.warningPassEveryMs ? { passEveryMs: options.warningPassEveryMs } : {}),
    workerDir: options.workerDir ?? null,
    ...(options.clock ? { clock: options.clock } : {}),
    log: log.child('warnings'),
    emit,
    preventive: duty.preventive,
  });
  // A real desk's wall clock may step (NTP); a test's DeskClock is the test's to move.
  const clockSteps = options.clock ? null : new ClockStepWatch({ journal, log: log.child('clock') });
  clockSteps?.start();

  // A drill runs on the demo's simulated fleet, but its prints say DRILL, not demo.
  const mark: RecordMark | null = options.drill
    ? { kind: 'drill', title: options.drill.title }
    : demo
      ? { kind: 'demo' }
      : null;
  const reports = startReports({
    journal,
    profiles,
    fleet: () => ({
      stations: fleet.stations,
      devices: fleet.devices,
      profiles: fleet.profiles,
      sla: slaSettingsOf(fleet.config.sla),
      shifts: fleet.config.shifts,
    }),
    api: () => api,
    resourcesDir: options.resourcesDir,
    reconcileMeters: options.configPath !== null,
    mark,
    now: deskNow,
    log: log.child('reports'),
    workerDir: options.workerDir ?? null,
    backgroundAfter: shown,
  });

  const tiles = createTileService(log.child('tiles'));
  // A map file named relative to the config sits beside it; the demo fleet has only its data folder.
  const mapBaseDir = options.configPath ? dirname(resolve(options.configPath)) : options.dataDir;

  function build(config: DeskConfig): Fleet {
    tiles.configure(config.map, mapBaseDir);
    const devices = config.devices.map((d) => {
      const profile = profiles.get(d.profile);
      if (!profile) throw new ConfigError(`device ${d.id}: no profile ${d.profile}`);
      return describeDevice(d, profile);
    });
    const used = [...new Set(devices.map((d) => d.profile))].flatMap((id) => {
      const profile = profiles.get(id);
      return profile ? [describeProfile(profile)] : [];
    });
    duty.setFleet(config.stations, devices, profiles, slaSettingsOf(config.sla), config.alarmRules);
    duty.setCrews(crewsOf(config));
    reports.setDevices(devices);
    warnings.setFleet(config.stations, devices, profiles);
    const telemetry = new TelemetryStore(
      devices,
      profiles,
      (delta) => {
        emit(eventFrame('fleet.delta', delta));
        store.recordSamples(delta.samples);
        reports.onTelemetry(delta);
        // A bug in the alarm queue must not stop telemetry reaching the wall.
        try {
          duty.onTelemetry(delta);
        } catch (error) {
          log.error(`alarm update failed: ${(error as Error).message}`);
        }
      },
      undefined,
      deskNow,
    );
    // Store-and-forward samples from Sparkplug edge nodes go to history only, never to the wall.
    // Samples carry the desk's time, so history, sessions and warnings agree with the alarms' clock.
    const poller = new Poller(
      config,
      profiles,
      telemetry,
      log.child('poller'),
      (samples) => store.recordSamples(samples),
      deskNow,
    );
    poller.start();
    log.info(
      `${demo ? 'demo fleet' : `config ${options.configPath}`}: ${config.stations.length} stations, ${devices.length} devices, polling every ${config.pollIntervalMs} ms`,
    );
    return { config, stations: config.stations, devices, profiles: used, telemetry, poller };
  }

  let fleet = build(initial);
  reports.configured(initial);
  duty.restore();
  // After the restore: answers that arrived while the desk was down move the orders they belong to.
  sync.crewAnswers.subscribe(duty.crewAnswer);
  const deviceProfile = (deviceId: string) => fleet.poller.profileOf(deviceId);

  const info: DeskInfo = {
    product: 'DutyDesk',
    version: VERSION,
    shell: options.shell,
    fleet: demo ? 'demo' : 'config',
    configPath: options.configPath,
    pollIntervalMs: initial.pollIntervalMs,
    startedAt: Date.now(),
    ...(options.drill ? { drill: options.drill } : {}),
  };

  /** What `session` may see of the configuration: its secrets redacted unless it may edit them. */
  const configView = (session: Session): ConfigView => ({
    editable: !demo,
    why: demo
      ? 'The built-in demo fleet lives in memory; start DutyDesk with --config FILE to edit stations.'
      : null,
    path: options.configPath,
    config: redactConfig(fleet.config, session.role),
    profiles: [...profiles.values()].map((p) => ({
      id: p.id,
      kind: p.kind,
      model: p.model,
      writable: p.points.filter((x) => x.writable).map((x) => x.key),
    })),
  });

  async function updateConfig(next: DeskConfig, reason: string, session: Session): Promise<ConfigView> {
    if (demo || !options.configPath) {
      throw new ApiError('unavailable', configView(session).why ?? 'not editable');
    }
    const kept = keepRedacted(next, fleet.config);
    if (!kept.ok) throw new ApiError('invalid', kept.message);
    let checked: DeskConfig;
    try {
      checked = checkConfig(options.configPath, kept.config, profiles);
    } catch (error) {
      if (error instanceof ConfigError) throw new ApiError('invalid', error.message);
      throw error;
    }
    const before = new Set(fleet.config.devices.map((d) => d.id));
    const after = new Set(checked.devices.map((d) => d.id));
    audit.record({
      type: 'config.changed',
      subject: 'stations',
      data: {
        stations: checked.stations.length,
        devices: checked.devices.length,
        added: [...after].filter((id) => !before.has(id)),
        removed: [...before].filter((id) => !after.has(id)),
        // Which secrets got a new value; never the values.
        secretsChanged: kept.changed,
        alarmRules: alarmRuleChanges(fleet.config.alarmRules, checked.alarmRules),
      },
      reason,
      actor: session,
    });
    saveConfigFile(options.configPath, checked);
    reports.configured(checked, session);
    fleet.poller.stop();
    fleet.telemetry.stop();
    fleet = build(checked);
    notifier.configure(checked.notify);
    log.info(`${session.user} (${session.role}) changed the station configuration: ${reason}`);
    emit(eventFrame('fleet.changed', { reason: 'configuration changed' }));
    return configView(session);
  }

  const handover = startHandover({
    journal,
    remote: { read: (after, limit) => sync.inbound.inboundOfTypes(HANDOVER_EVENT_TYPES, after, limit) },
    authenticator: accounts.authenticator('sign'),
    schedule: () => fleet.config.shifts,
    fleet: () => ({
      stations: fleet.stations,
      devices: fleet.devices,
      status: fleet.telemetry.snapshot().status,
    }),
    api: () => api,
    resourcesDir: options.resourcesDir,
    now: deskNow,
    emit,
    mark,
    log: log.child('handover'),
    workerDir: options.workerDir ?? null,
    backgroundAfter: shown,
  });

  const drills = startDrills({
    launcher: options.drills ?? null,
    refusal: options.drill ? 'a training desk runs no drills of its own' : null,
    journal,
    accounts,
    drillsDir: join(dirname(journal.file), 'drills'),
    config: () => fleet.config,
    reports: reports.service,
    resourcesDir: options.resourcesDir,
    now: deskNow,
    log: log.child('drills'),
    emit,
  });

  // A drill's clock runs at its scale; a test's moves by jumps the next push carries to the screens.
  const deskTime = (): DeskTime => ({
    nowMs: deskNow(),
    rate: options.drill?.scale ?? 1,
    own: options.clock !== undefined,
  });
  const stopTimePush = options.clock
    ? repeatEvery(() => emit(eventFrame('desk.time', deskTime())), DESK_TIME_EVERY_MS)
    : null;

  const api: DeskApi = {
    'desk.info': async () => info,
    'desk.time': async () => deskTime(),
    'session.info': async (_params, session) => ({ ...session, permissions: permissionsOf(session.role) }),
    'fleet.snapshot': async (_params, session) => ({
      stations: fleet.stations,
      devices: seesEndpoints(session.role) ? fleet.devices : withholdDeviceEndpoints(fleet.devices, REDACTED),
      profiles: fleet.profiles,
      ...fleet.telemetry.snapshot(),
    }),
    'device.write': (params, session) =>
      writePoint(
        {
          poller: fleet.poller,
          telemetry: fleet.telemetry,
          profileOf: deviceProfile,
          audit,
          log: log.child('control'),
        },
        params,
        session,
      ),
    'config.get': async (_params, session) => configView(session),
    'map.source': () => tiles.source(),
    'config.update': (params, session) => updateConfig(params.config, params.reason, session),
    ...duty.api,
    ...authApi(accounts),
    ...sync.api,
    ...outbox.api,
    ...store.api,
    ...handover.api,
    ...reports.api,
    ...ledgerApi({
      config: () => fleet.config,
      profiles: () => [...profiles.keys()],
      update: updateConfig,
      workerDir: options.workerDir ?? null,
    }),
    ...sharedConfigApi({
      store: sync.inbound,
      read: (query) => journal.read(query),
      record: (entry) => journal.append(entry),
      current: () => fleet.config,
      apply: (sections, reason, session) => updateConfig({ ...fleet.config, ...sections }, reason, session),
      publish: sync.publishConfig,
    }),
    ...demoResetApi(journal, demo !== null),
    ...warnings.api,
    ...drills.api,
  };

  first.watch(api);

  const accessPolicy = {
    mode: demo && !options.accounts ? ('sandbox' as const) : ('accounts' as const),
    accounts,
    localRole: () => fleet.config.access.localRole,
    lockAfterMs: () => (fleet.config.access.lockAfterMinutes ?? 10) * 60_000,
  };

  return {
    info,
    api,
    access: () => fleet.config.access,
    connect: (origin) => openConnection(accessPolicy, origin),
    authenticator: accounts.authenticator('sign'),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    tile: (parts) => tiles.tile(parts),
    stats: () => fleet.poller.stats(),
    holdPolling: () => fleet.poller.hold(),
    notifier,
    async stop() {
      // Drills first: their records go into this journal, which closes last.
      await drills.stop();
      first.stop();
      stopTimePush?.();
      fleet.poller.stop();
      fleet.telemetry.stop();
      reports.stop();
      handover.service.stop();
      await warnings.stop();
      handover.stop();
      duty.stop();
      clockSteps?.stop();
      await tiles.close();
      listeners.clear();
      await sync.stop();
      await store.stop();
      outbox.stop();
      await notifier.stop();
      journal.close();
    },
  };
}
