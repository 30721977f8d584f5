import type { PointSample } from '../../shared/api/model';
import type { DeskConfig } from '../../shared/config/schema';
import type { Profile } from '../../shared/profile/schema';
import type { Logger } from '../log/logger';
import type { TelemetryStore } from '../telemetry/store';
import { type SparkplugDevice, SparkplugHost } from './sparkplug-host';

export type { SparkplugHost };

/** One Sparkplug host per broker the configured devices are fed through (their host and port name it). */
export function feedsOf(
  config: DeskConfig,
  profiles: ReadonlyMap<string, Profile>,
  telemetry: TelemetryStore,
  history: (samples: PointSample[]) => void,
  log: Logger,
): SparkplugHost[] {
  const brokers = new Map<string, { host: string; port: number; devices: SparkplugDevice[] }>();
  for (const device of config.devices) {
    const profile = profiles.get(device.profile);
    if (!device.sparkplug || !profile) continue;
    const key = `${device.host}:${device.port}`;
    const broker = brokers.get(key) ?? { host: device.host, port: device.port, devices: [] };
    broker.devices.push({ deviceId: device.id, profile, address: device.sparkplug });
    brokers.set(key, broker);
  }
  const mqtt = config.mqtt;
  if (!mqtt) return [];
  return [...brokers.entries()].map(
    ([key, broker]) =>
      new SparkplugHost({ ...broker, mqtt, telemetry, history, log: log.child(`mqtt ${key}`) }),
  );
}
