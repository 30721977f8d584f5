import mqtt, { type MqttClient } from 'mqtt';
import { Repeating } from '../node/repeating';
import type { PointValue } from '../shared/api/model';
import type { ProfilePoint } from '../shared/profile/schema';
import { type PublisherOptions, publisherClient, servedStations } from './broker-args';
import type { RunningFleet, SimDevice } from './fleet';
import { pointValue } from './sparkplug-edge';

/**
 * The demo fleet's stations as 4G gateways that publish plain JSON: one
 * broker connection per station, and per device a snapshot
 * `{"ts":…,"data":{"gun1_power":3.3,…}}` on `dutydesk/{station}/{device}/up`
 * every publish period. Like the real ones they leave no will: a gateway
 * that stops publishing is only noticed by its silence. Drills: a stale
 * publisher (a device or a whole station goes quiet until resumed) and a
 * burst of malformed payloads.
 */

/** `publishMs`: how often each device's snapshot goes out. */
export type JsonGatewayOptions = PublisherOptions;

type GatewayDevice = {
  device: SimDevice;
  topic: string;
  /** Point → its key under `data`: point keys have dots, which a JSON path would read as nesting. */
  fields: { point: ProfilePoint; field: string }[];
  /** Quiet until resumed: the stale-publisher drill. */
  stale: boolean;
};

type Gateway = { stationId: string; client: MqttClient; devices: GatewayDevice[] };

/** Payloads a broken gateway firmware sends: none of them carries a value. */
const MALFORMED = [
  '{"ts":1700000000000,"data":{"gun1_power":',
  'AT+CSQ\r\n+CSQ: 17,99',
  '[1,2,3]',
  '{"ts":1700000000000,"status":"reboot"}',
  'null',
];

export class JsonGateways {
  private readonly gateways: Gateway[] = [];
  private readonly publishing = new Repeating(() => this.publishAll());
  private readonly now: () => number;
  readonly counters = { published: 0, malformed: 0 };

  constructor(
    fleet: RunningFleet,
    private readonly options: JsonGatewayOptions,
  ) {
    this.now = options.now ?? Date.now;
    for (const { stationId, devices } of servedStations(fleet, options.stations, 'as a JSON gateway')) {
      const served = devices.map((device) => {
        const fields = device.profile.points
          .filter((point) => point.type !== 'sunssf')
          .map((point) => ({ point, field: point.key.replace(/[^A-Za-z0-9_-]/g, '_') }));
        return { device, topic: `dutydesk/${stationId}/${device.id}/up`, fields, stale: false };
      });
      this.gateways.push({ stationId, client: null as unknown as MqttClient, devices: served });
    }
  }

  /** Each served device's topic and where its points are in the payload, for the desk's config. */
  feeds(): { deviceId: string; topic: string; values: Record<string, string> }[] {
    return this.gateways.flatMap((g) =>
      g.devices.map((d) => ({
        deviceId: d.device.id,
        topic: d.topic,
        values: Object.fromEntries(d.fields.map((f) => [f.point.key, `data.${f.field}`])),
      })),
    );
  }

  start(): void {
    for (const gateway of this.gateways) {
      const client = mqtt.connect(
        this.options.url,
        publisherClient(this.options, `dutydesk-sim-json-${gateway.stationId}`),
      );
      client.on('error', (error) => this.options.log?.(`json ${gateway.stationId}: ${error.message}`));
      gateway.client = client;
    }
    this.publishing.start(this.options.publishMs ?? 1000);
  }

  /** A device (or every device of a station) stops publishing until resumed. */
  stale(target: string): string[] {
    return this.select(target).map((d) => {
      d.stale = true;
      return d.device.id;
    });
  }

  resume(target: string): string[] {
    return this.select(target).map((d) => {
      d.stale = false;
      return d.device.id;
    });
  }

  /** `count` malformed payloads on each selected device's topic, at once; its snapshots go on as before. */
  malformed(target: string, count: number): number {
    const devices = this.gateways.flatMap((g) =>
      g.devices.filter((d) => this.matches(g, d, target)).map((d) => ({ client: g.client, topic: d.topic })),
    );
    if (devices.length === 0) throw new Error(`${target} is not served by a JSON gateway here`);
    for (const { client, topic } of devices)
      for (let i = 0; i < count; i++)
        client.publish(topic, MALFORMED[i % MALFORMED.length] ?? '', { qos: 1 }, (error) => {
          if (error) this.options.log?.(`json ${topic}: ${error.message}`);
        });
    this.counters.malformed += devices.length * count;
    return devices.length * count;
  }

  async stop(): Promise<void> {
    this.publishing.stop();
    await Promise.all(this.gateways.map((g) => g.client.endAsync(true)));
  }

  private select(target: string): GatewayDevice[] {
    const found = this.gateways.flatMap((g) => g.devices.filter((d) => this.matches(g, d, target)));
    if (found.length === 0) throw new Error(`${target} is not served by a JSON gateway here`);
    return found;
  }

  private matches(gateway: Gateway, d: GatewayDevice, target: string): boolean {
    return gateway.stationId === target || d.device.id === target;
  }

  private publishAll(): void {
    for (const gateway of this.gateways) {
      if (!gateway.client.connected) continue;
      for (const d of gateway.devices) {
        if (d.stale) continue;
        const data: Record<string, PointValue> = {};
        for (const { point, field } of d.fields) {
          const value = pointValue(d.device, point);
          data[field] = typeof value === 'number' && !Number.isFinite(value) ? null : value;
        }
        this.counters.published += 1;
        void gateway.client.publishAsync(d.topic, JSON.stringify({ ts: this.now(), data }), { qos: 0 });
      }
    }
  }
}
