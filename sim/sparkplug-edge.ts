import mqtt, { type MqttClient } from 'mqtt';
import { get as sparkplugCodec } from 'sparkplug-payload';
import { Repeating } from '../node/repeating';
import type { PointValue } from '../shared/api/model';
import { decodeRaw } from '../shared/profile/codec';
import type { ProfilePoint } from '../shared/profile/schema';
import { type PublisherOptions, publisherClient, servedStations } from './broker-args';
import type { RunningFleet, SimDevice } from './fleet';

/**
 * The demo fleet's stations as Sparkplug B edge nodes on a broker: node
 * `{station}` in `group`, one Sparkplug device per simulated device. Each
 * connection's will is an NDEATH carrying the bdSeq its NBIRTH announces;
 * DBIRTH gives every point as a metric with an alias, and each publish
 * period a DDATA (by alias) carries what changed. `Node Control/Rebirth`
 * births the node again; a DCMD writes the point as a Modbus write would.
 * stop() says DDEATH and NDEATH before it leaves.
 */

const NAMESPACE = 'spBv1.0';
const found = sparkplugCodec(NAMESPACE);
if (!found) throw new Error(`sparkplug-payload has no ${NAMESPACE} codec`);
const codec = found;
type Payload = Parameters<typeof codec.encodePayload>[0];
type Metric = NonNullable<Payload['metrics']>[number];

/** `publishMs`: how often changes go out as DDATA; the stations are served as edge nodes of `group`. */
export type EdgeOptions = PublisherOptions & { group: string };

type EdgeDevice = {
  device: SimDevice;
  metrics: { point: ProfilePoint; alias: number; type: string }[];
  last: Map<string, unknown>;
};

type EdgeNode = {
  stationId: string;
  client: MqttClient;
  devices: EdgeDevice[];
  bdSeq: number;
  seq: number;
  /** Born on this connection: DDATA may go out. */
  born: boolean;
};

export class SparkplugEdges {
  private readonly nodes: EdgeNode[] = [];
  private readonly publishing = new Repeating(() => this.publishChanges());
  private readonly now: () => number;
  readonly counters = { births: 0, data: 0, commands: 0 };

  constructor(
    fleet: RunningFleet,
    private readonly options: EdgeOptions,
  ) {
    this.now = options.now ?? Date.now;
    for (const { stationId, devices: served } of servedStations(fleet, options.stations, 'over Sparkplug')) {
      let alias = 0;
      const devices = served.map((device) => {
        const metrics = device.profile.points.flatMap((point) => {
          const type = metricType(point);
          return type ? [{ point, alias: ++alias, type }] : [];
        });
        return { device, metrics, last: new Map<string, unknown>() };
      });
      this.nodes.push({
        stationId,
        client: null as unknown as MqttClient,
        devices,
        bdSeq: 0,
        seq: 0,
        born: false,
      });
    }
  }

  /** The Sparkplug address of each device served, for the desk's config. */
  addresses(): { deviceId: string; group: string; node: string; device: string }[] {
    return this.nodes.flatMap((n) =>
      n.devices.map((d) => ({
        deviceId: d.device.id,
        group: this.options.group,
        node: n.stationId,
        device: d.device.id,
      })),
    );
  }

  start(): void {
    for (const node of this.nodes) this.connect(node);
    this.publishing.start(this.options.publishMs ?? 1000);
  }

  /** The node's connection is cut without a goodbye: the broker publishes its will (NDEATH). */
  die(stationId: string): void {
    // The close that follows moves the node on to its next bdSeq.
    this.node(stationId).client.stream.destroy();
  }

  /** Births the node again, as an NCMD rebirth would; `times` in a row is a rebirth storm. */
  rebirth(stationId: string, times = 1): void {
    const node = this.node(stationId);
    for (let i = 0; i < times; i++) this.birth(node);
  }

  /** The next message skips one seq number, as if one had been lost on the way: a host asks for a rebirth. */
  gap(stationId: string): void {
    this.nextSeq(this.node(stationId));
  }

  async stop(): Promise<void> {
    this.publishing.stop();
    await Promise.all(
      this.nodes.map(async (node) => {
        if (node.client.connected && node.born) {
          for (const d of node.devices)
            await this.publish(node, `DDEATH/${node.stationId}/${d.device.id}`, { timestamp: this.now() });
          await node.client.publishAsync(...this.death(node));
        }
        await node.client.endAsync(true);
      }),
    );
  }

  private node(stationId: string): EdgeNode {
    const node = this.nodes.find((n) => n.stationId === stationId);
    if (!node) throw new Error(`station ${stationId} is not a Sparkplug edge node here`);
    return node;
  }

  private topic(rest: string): string {
    return `${NAMESPACE}/${this.options.group}/${rest}`;
  }

  private death(node: EdgeNode): [string, Buffer, { qos: 1 }] {
    const payload = codec.encodePayload({
      timestamp: this.now(),
      metrics: [{ name: 'bdSeq', type: 'Int64', value: node.bdSeq }],
    });
    return [this.topic(`NDEATH/${node.stationId}`), Buffer.from(payload), { qos: 1 }];
  }

  private connect(node: EdgeNode): void {
    const [topic, payload] = this.death(node);
    const client = mqtt.connect(this.options.url, {
      ...publisherClient(this.options, `dutydesk-sim-${this.options.group}-${node.stationId}`),
      will: { topic, payload, qos: 1, retain: false },
    });
    node.client = client;
    client.on('connect', () => {
      client.subscribe(
        [this.topic(`NCMD/${node.stationId}`), this.topic(`DCMD/${node.stationId}/+`)],
        { qos: 0 },
        () => this.birth(node),
      );
    });
    client.on('close', () => {
      if (!node.born) return;
      node.born = false;
      // The will carried this bdSeq; the next session announces the next one.
      node.bdSeq = (node.bdSeq + 1) % 256;
      const [willTopic, willPayload] = this.death(node);
      client.options.will = { topic: willTopic, payload: willPayload, qos: 1, retain: false };
    });
    client.on('error', (error) => this.options.log?.(`sparkplug ${node.stationId}: ${error.message}`));
    client.on('message', (topic, raw) => this.onCommand(node, topic, raw));
  }

  private birth(node: EdgeNode): void {
    node.seq = 0;
    node.born = true;
    this.counters.births += 1;
    const nodeBirth: Payload = {
      timestamp: this.now(),
      seq: this.nextSeq(node),
      metrics: [
        { name: 'bdSeq', type: 'Int64', value: node.bdSeq },
        { name: 'Node Control/Rebirth', type: 'Boolean', value: false },
      ],
    };
    void node.client.publishAsync(
      this.topic(`NBIRTH/${node.stationId}`),
      Buffer.from(codec.encodePayload(nodeBirth)),
      { qos: 0 },
    );
    for (const d of node.devices) {
      d.last.clear();
      const metrics = d.metrics.map(({ point, alias, type }) => {
        const value = pointValue(d.device, point);
        d.last.set(point.key, value);
        return { name: point.key, alias, ...metricOf(type, value) };
      });
      void this.publish(node, `DBIRTH/${node.stationId}/${d.device.id}`, { timestamp: this.now(), metrics });
    }
  }

  private publishChanges(): void {
    for (const node of this.nodes) {
      if (!node.born || !node.client.connected) continue;
      for (const d of node.devices) {
        const metrics: Metric[] = [];
        for (const { point, alias, type } of d.metrics) {
          const value = pointValue(d.device, point);
          if (Object.is(d.last.get(point.key), value)) continue;
          d.last.set(point.key, value);
          metrics.push({ alias, ...metricOf(type, value) });
        }
        if (metrics.length === 0) continue;
        this.counters.data += 1;
        void this.publish(node, `DDATA/${node.stationId}/${d.device.id}`, { timestamp: this.now(), metrics });
      }
    }
  }

  private publish(node: EdgeNode, rest: string, payload: Payload): Promise<unknown> {
    const encoded = codec.encodePayload({ ...payload, seq: this.nextSeq(node) });
    return node.client.publishAsync(this.topic(rest), Buffer.from(encoded), { qos: 0 });
  }

  private nextSeq(node: EdgeNode): number {
    const seq = node.seq;
    node.seq = (node.seq + 1) % 256;
    return seq;
  }

  private onCommand(node: EdgeNode, topic: string, raw: Buffer): void {
    let payload: ReturnType<typeof codec.decodePayload>;
    try {
      payload = codec.decodePayload(raw);
    } catch (error) {
      this.options.log?.(`sparkplug ${topic}: undecodable command (${(error as Error).message})`);
      return;
    }
    this.counters.commands += 1;
    const parts = topic.split('/');
    if (parts[2] === 'NCMD') {
      if (payload.metrics?.some((m) => m.name === 'Node Control/Rebirth' && m.value === true))
        this.birth(node);
      return;
    }
    const d = node.devices.find((x) => x.device.id === parts[4]);
    if (!d) return;
    for (const metric of payload.metrics ?? []) {
      const entry = d.metrics.find((m) => m.point.key === metric.name || m.alias === Number(metric.alias));
      const why = entry
        ? write(d.device, entry.point, metric.value)
        : `no metric ${metric.name ?? metric.alias}`;
      if (why) this.options.log?.(`sparkplug ${topic}: ${why}`);
    }
    // The device's answer is its next DDATA: sent now rather than at the next period.
    this.publishChanges();
  }
}

/** The datatype a point goes out as: numbers as the register holds them, scaled values as doubles. */
function metricType(point: ProfilePoint): string | null {
  if (point.type === 'sunssf') return null;
  if (point.type === 'string') return 'String';
  const raw = point.enum || point.bits;
  if (!raw && (point.scale !== 1 || point.scaleRef !== undefined))
    return point.type === 'f32' ? 'Float' : 'Double';
  const types: Record<string, string> = {
    u16: 'UInt16',
    i16: 'Int16',
    u32: 'UInt32',
    i32: 'Int32',
    f32: 'Float',
    u64: 'UInt64',
  };
  return types[point.type] ?? null;
}

/** Enum states and fault words go out raw, as the register holds them; the rest as engineering values (the JSON gateways send the same). */
export function pointValue(device: SimDevice, point: ProfilePoint): PointValue {
  if (point.enum || point.bits) {
    const words = device.image.read(point.address, point.type === 'u32' || point.type === 'i32' ? 2 : 1);
    return words ? decodeRaw(point, words) : null;
  }
  return device.image.readPoint(point.key);
}

function metricOf(type: string, value: PointValue): Pick<Metric, 'type' | 'value' | 'isNull'> {
  const t = type as NonNullable<Metric['type']>;
  if (value === null || (typeof value === 'number' && !Number.isFinite(value)))
    return { type: t, value: null, isNull: true };
  return { type: t, value };
}

/** A command as the Modbus gateway takes a write: into the image, undone when the device model refuses it. */
function write(device: SimDevice, point: ProfilePoint, value: unknown): string | null {
  if (!point.writable) return `${point.key} is not writable`;
  const engineering =
    point.enum && typeof value === 'number' ? (point.enum[String(value)] ?? null) : (value as PointValue);
  if (engineering === null) return `${point.key}: ${String(value)} is not one of its states`;
  const width = point.type === 'u32' || point.type === 'i32' || point.type === 'f32' ? 2 : 1;
  const saved = device.image.read(point.address, width);
  if (!saved || !device.image.writePoint(point.key, engineering)) return `${point.key} is held by the drill`;
  if (device.model.acceptWrite(point.address, width)) return null;
  device.image.write(point.address, Uint16Array.from(saved));
  return `${point.key}: the device refused ${String(value)}`;
}
