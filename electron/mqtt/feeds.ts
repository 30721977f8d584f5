import type { PointSample } from '../../shared/api/model';
import type { DeskConfig } from '../../shared/config/schema';
import type { Profile } from '../../shared/profile/schema';
import type { Logger } from '../log/logger';
import type { TelemetryStore } from '../telemetry/store';
import { type JsonDevice, JsonFeedHost } from './json-feed';
import { type SparkplugDevice, SparkplugHost } from './sparkplug-host';

export { SparkplugHost };

/** A broker connection feeding devices instead of polling them. */
export type Feed = SparkplugHost | JsonFeedHost;

/**
 * One Sparkplug host per broker the Sparkplug devices are fed through, and
 * one JSON feed per broker of the JSON gateways (their host and port name it).
 */
export function feedsOf(
  config: DeskConfig,
  profiles: ReadonlyMap<string, Profile>,
  telemetry: TelemetryStore,
  history: (samples: PointSample[]) => void,
  log: Logger,
  /** The desk's clock, for the JSON feeds' stamps (the poller's `stamp`). */
  stamp: () => number = Date.now,
): Feed[] {
  const sparkplug = new Map<string, { host: string; port: number; devices: SparkplugDevice[] }>();
  const json = new Map<string, { host: string; port: number; devices: JsonDevice[] }>();
  for (const device of config.devices) {
    const profile = profiles.get(device.profile);
    if (!profile) continue;
    const key = `${device.host}:${device.port}`;
    if (device.sparkplug) {
      const broker = sparkplug.get(key) ?? { host: device.host, port: device.port, devices: [] };
      broker.devices.push({ deviceId: device.id, profile, address: device.sparkplug });
      sparkplug.set(key, broker);
    } else if (device.json) {
      const broker = json.get(key) ?? { host: device.host, port: device.port, devices: [] };
      broker.devices.push({ deviceId: device.id, profile, feed: device.json });
      json.set(key, broker);
    }
  }
  const mqtt = config.mqtt;
  if (!mqtt) return [];
  return [
    ...[...sparkplug.entries()].map(
      ([key, broker]) =>
        new SparkplugHost({ ...broker, mqtt, telemetry, history, log: log.child(`mqtt ${key}`) }),
    ),
    ...[...json.entries()].map(
      ([key, broker]) =>
        new JsonFeedHost({ ...broker, mqtt, telemetry, stamp, log: log.child(`mqtt-json ${key}`) }),
    ),
  ];
}
