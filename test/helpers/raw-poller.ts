import { Poller } from '../../electron/acquisition/poller';
import { createLogger } from '../../electron/log/logger';
import { TelemetryStore } from '../../electron/telemetry/store';
import type { Device } from '../../shared/api/model';
import { DeskConfig } from '../../shared/config/schema';
import { Profile } from '../../shared/profile/schema';

/** Where the two-speed meter keeps its slow point. */
export const SLOW_ADDRESS = 100;

/** A meter with one point read every cycle (`fast`) and one every second cycle (`slow`). */
export const twoSpeedMeter = Profile.parse({
  id: 'slow-meter',
  kind: 'meter',
  vendor: 'Test',
  model: 'Meter',
  description: 'one point read every cycle, one every second cycle',
  guns: 0,
  ratedKw: 10,
  points: [
    { key: 'fast', label: { 'zh-CN': '快', en: 'fast' }, address: 0, type: 'u16' },
    { key: 'slow', label: { 'zh-CN': '慢', en: 'slow' }, address: SLOW_ADDRESS, type: 'u16', every: 2 },
  ],
});

export type PolledDevice = { id: string; profile: Profile; unitId: number };

type StoreFactory<T extends TelemetryStore> = (
  devices: Device[],
  profiles: ReadonlyMap<string, Profile>,
) => T;

/**
 * The real poller on devices behind one gateway (a raw-modbus.ts server on
 * 127.0.0.1), each device described from its profile, at one station.
 * `stop` ends both; the store may be a test's own subclass that records.
 */
export function startPoller<T extends TelemetryStore = TelemetryStore>(
  port: number,
  devices: readonly PolledDevice[],
  timing: { pollIntervalMs: number; timeoutMs: number },
  createStore: StoreFactory<T> = (known, profiles) => new TelemetryStore(known, profiles, () => {}) as T,
  /** The desk's clock the samples are stamped with; the machine's by default. */
  stamp?: () => number,
): { telemetry: T; poller: Poller; stop(): void } {
  const profiles = new Map(devices.map((d) => [d.profile.id, d.profile]));
  const config = DeskConfig.parse({
    ...timing,
    stations: [{ id: 's1', name: 'S', lat: 30, lng: 120, group: 'g', urban: true }],
    devices: devices.map((d) => ({
      id: d.id,
      stationId: 's1',
      name: d.id,
      profile: d.profile.id,
      host: '127.0.0.1',
      port,
      unitId: d.unitId,
    })),
  });
  const known: Device[] = devices.map((d) => ({
    id: d.id,
    stationId: 's1',
    name: d.id,
    kind: d.profile.kind,
    profile: d.profile.id,
    endpoint: `127.0.0.1:${port}`,
    unitId: d.unitId,
    guns: d.profile.guns,
    ratedKw: d.profile.ratedKw,
  }));
  const telemetry = createStore(known, profiles);
  const poller = new Poller(
    config,
    profiles,
    telemetry,
    createLogger('test', () => {}),
    undefined,
    stamp,
  );
  poller.start();
  return {
    telemetry,
    poller,
    stop() {
      poller.stop();
      telemetry.stop();
    },
  };
}
