import type { DeskApi, DeskInfo } from '../../shared/api/contract';
import { type EventFrame, eventFrame } from '../../shared/api/frames';
import type { Device, ProfileInfo, Station } from '../../shared/api/model';
import { DeskConfig } from '../../shared/config/schema';
import type { Profile } from '../../shared/profile/schema';
import { startFleet } from '../../sim/fleet';
import { Poller } from '../acquisition/poller';
import { loadProfiles } from '../acquisition/profiles';
import { loadConfigFile } from '../config/load';
import type { Logger } from '../log/logger';
import { TelemetryStore } from '../telemetry/store';
import { VERSION } from './version';

export type EngineOptions = {
  shell: 'electron' | 'headless';
  /** null runs the built-in demo fleet on loopback. */
  configPath: string | null;
  resourcesDir: string;
  log: Logger;
};

export type Engine = {
  info: DeskInfo;
  api: DeskApi;
  subscribe(listener: (frame: EventFrame) => void): () => void;
  stop(): Promise<void>;
};

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
    points: profile.points.map((p) => ({ key: p.key, unit: p.unit ?? null, label: p.label })),
  };
}

/**
 * The composition root: profiles, configuration (or the demo fleet),
 * acquisition and telemetry, exposed as the DeskApi both shells serve.
 * A bad configuration throws before anything starts polling.
 */
export async function startEngine(options: EngineOptions): Promise<Engine> {
  const { log } = options;
  const profiles = loadProfiles(`${options.resourcesDir}/profiles`);
  const demo = options.configPath
    ? null
    : await startFleet({ profilesDir: `${options.resourcesDir}/profiles` });
  const config = demo ? DeskConfig.parse(demo.config) : loadConfigFile(options.configPath ?? '', profiles);

  const stations: Station[] = config.stations;
  const devices: Device[] = config.devices.map((d) => {
    const profile = profiles.get(d.profile);
    if (!profile) throw new Error(`device ${d.id}: no profile ${d.profile}`);
    return describeDevice(d, profile);
  });
  const usedProfiles = [...new Set(devices.map((d) => d.profile))].flatMap((id) => {
    const profile = profiles.get(id);
    return profile ? [describeProfile(profile)] : [];
  });

  const listeners = new Set<(frame: EventFrame) => void>();
  const telemetry = new TelemetryStore(devices, profiles, (delta) => {
    const frame = eventFrame('fleet.delta', delta);
    for (const listener of listeners) listener(frame);
  });
  const poller = new Poller(config, profiles, telemetry, log.child('poller'));

  const info: DeskInfo = {
    product: 'DutyDesk',
    version: VERSION,
    shell: options.shell,
    fleet: demo ? 'demo' : 'config',
    configPath: options.configPath,
    pollIntervalMs: config.pollIntervalMs,
    startedAt: Date.now(),
  };

  const api: DeskApi = {
    'desk.info': async () => info,
    'fleet.snapshot': async () => ({ stations, devices, profiles: usedProfiles, ...telemetry.snapshot() }),
  };

  poller.start();
  log.info(
    `${demo ? 'demo fleet' : `config ${options.configPath}`}: ${stations.length} stations, ${devices.length} devices, polling every ${config.pollIntervalMs} ms`,
  );

  return {
    info,
    api,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async stop() {
      poller.stop();
      telemetry.stop();
      listeners.clear();
      await demo?.stop();
    },
  };
}
