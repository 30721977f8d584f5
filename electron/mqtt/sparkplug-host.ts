import type { MqttClient } from 'mqtt';
import { get as sparkplugCodec } from 'sparkplug-payload';
import type { PointSample, PointValue } from '../../shared/api/model';
import type { SparkplugAddress } from '../../shared/profile/binding';
import { metricValue, pointOfMetric } from '../../shared/profile/binding';
import type { Profile } from '../../shared/profile/schema';
import { type BrokerFeedOptions, openFeed } from './connect';
import { type ReadBack, ReadBacks } from './read-backs';

/**
 * The desk as a Sparkplug B 3.0 host application on one broker. Each edge
 * node's session is kept from its births: NBIRTH/DBIRTH name the metrics and
 * their aliases, NDATA/DDATA update them, NDEATH (matching the birth's
 * bdSeq) and DDEATH make the devices comm-lost at once. A seq gap, data
 * before a birth or an unknown alias asks the node to be born again, once per
 * debounce window. Historical metrics go to history only, never to the wall.
 */

const NAMESPACE = 'spBv1.0';
const found = sparkplugCodec(NAMESPACE);
if (!found) throw new Error(`sparkplug-payload has no ${NAMESPACE} codec`);
const codec = found;
type Payload = ReturnType<typeof codec.decodePayload>;
type Metric = NonNullable<Payload['metrics']>[number];
type Datatype = NonNullable<Metric['type']>;

export type SparkplugDevice = { deviceId: string; profile: Profile; address: SparkplugAddress };

export type SparkplugHostOptions = BrokerFeedOptions<SparkplugDevice> & {
  /** Where historical (store-and-forward) metrics go. */
  history: (samples: PointSample[]) => void;
};

type NodeSession = {
  bdSeq: number | null;
  /** The seq expected next; null until born. */
  seq: number | null;
  /** Alias → metric name, across the node and its devices. */
  aliases: Map<number, string>;
  /** Devices born under this node since its birth. */
  born: Set<string>;
  /** Per device ('' for the node's own metrics): metric name → the datatype its birth declared. */
  types: Map<string, Map<string, string>>;
};

/** A command that was not sent, and why (nothing reached the device). */
export class CommandRefused extends Error {}

export type CommandMetric = { name: string; type: string; value: number | boolean | string };

export type SparkplugStats = { messages: number; metrics: number; rebirths: number };

export class SparkplugHost {
  private client: MqttClient | null = null;
  private readonly sessions = new Map<string, NodeSession>();
  /** When each node was last asked for a rebirth: a storm of gaps asks once per debounce window. */
  private readonly rebirthAt = new Map<string, number>();
  /** `group/node/device` (device empty for node metrics) → the desk devices fed from there. */
  private readonly bound = new Map<string, SparkplugDevice[]>();
  private readonly now: () => number;
  private readonly endpoint: string;
  private readonly readBacks = new ReadBacks();
  private stateTimestamp = 0;
  readonly counters: SparkplugStats = { messages: 0, metrics: 0, rebirths: 0 };
  /** Subscribed on the broker now: births published from here on reach the desk. */
  subscribed = false;

  constructor(private readonly options: SparkplugHostOptions) {
    this.now = options.now ?? Date.now;
    this.endpoint = `${options.host}:${options.port}`;
    for (const device of options.devices) {
      const key = addressKey(device.address.group, device.address.node, device.address.device);
      this.bound.set(key, [...(this.bound.get(key) ?? []), device]);
    }
  }

  start(): void {
    const { mqtt: config } = this.options;
    // The STATE will and birth share one timestamp, so a reader can tell
    // which session a retained STATE belongs to.
    this.stateTimestamp = this.now();
    this.client = openFeed(
      this.options,
      { clientId: config.clientId, ...(config.primaryHostId ? { will: this.stateMessage(false) } : {}) },
      {
        onConnect: () => this.onConnect(),
        onSubscribed: (client) => this.onSubscribed(client),
        onLost: (detail, ts) => {
          for (const device of this.options.devices) this.lose(device.deviceId, detail, ts);
        },
        onMessage: (topic, payload) => this.onMessage(topic, payload),
      },
    );
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.readBacks.clear('the desk closed its broker connection');
    if (!client) return;
    // An orderly goodbye: the STATE says offline, as the will would have.
    if (this.options.mqtt.primaryHostId && client.connected) {
      const will = this.stateMessage(false);
      await client.publishAsync(will.topic, will.payload, { qos: 1, retain: true }).catch(() => undefined);
    }
    await client.endAsync(true);
  }

  private stateTopic(): string {
    return `${NAMESPACE}/STATE/${this.options.mqtt.primaryHostId}`;
  }

  private stateMessage(online: boolean) {
    const payload = JSON.stringify({ online, timestamp: this.stateTimestamp });
    return { topic: this.stateTopic(), payload, qos: 1 as const, retain: true };
  }

  private onConnect(): string[] {
    this.subscribed = false;
    // Every node is asked to be born again: what was missed while away is unknown.
    this.sessions.clear();
    const groups = [...new Set(this.options.devices.map((d) => d.address.group))];
    const topics = groups.map((group) => `${NAMESPACE}/${group}/#`);
    if (this.options.mqtt.primaryHostId) topics.push(this.stateTopic());
    return topics;
  }

  private onSubscribed(client: MqttClient): void {
    this.subscribed = true;
    if (this.options.mqtt.primaryHostId) this.publishState(client);
    // Births are not retained: nodes born before we listened are asked
    // once, outside the debounce, which is for storms, not for this.
    const nodes = new Set(this.options.devices.map((d) => `${d.address.group}/${d.address.node}`));
    for (const key of nodes) {
      const [group = '', node = ''] = key.split('/');
      this.sendRebirth(group, node);
    }
    for (const device of this.options.devices)
      this.options.telemetry.setComms(device.deviceId, 'connecting', 'waiting for its birth certificate');
  }

  private publishState(client: MqttClient): void {
    const state = this.stateMessage(true);
    client.publish(state.topic, state.payload, { qos: 1, retain: true });
  }

  private lose(deviceId: string, detail: string, ts: number): void {
    this.readBacks.lost(deviceId, detail);
    this.options.telemetry.markAll(deviceId, 'comm-fail', ts);
    this.options.telemetry.setComms(deviceId, 'comm-lost', detail);
  }

  private onMessage(topic: string, raw: Buffer): void {
    this.counters.messages += 1;
    const parts = topic.split('/');
    if (parts[1] === 'STATE') {
      this.onState(raw);
      return;
    }
    const [namespace, group = '', type = '', node = '', device] = parts;
    if (namespace !== NAMESPACE || parts.length > 5) return;
    // Our own commands, and other hosts' births, come back on the same wildcard.
    if (type === 'NCMD' || type === 'DCMD') return;
    let payload: Payload;
    try {
      payload = codec.decodePayload(raw);
    } catch (error) {
      this.options.log.warn(`${topic}: undecodable payload (${(error as Error).message}); rebirth requested`);
      this.requestRebirth(group, node, 'an undecodable payload');
      return;
    }
    const nodeKey = `${group}/${node}`;
    switch (type) {
      case 'NBIRTH':
        this.onNodeBirth(group, node, payload);
        return;
      case 'NDEATH':
        this.onNodeDeath(group, node, payload);
        return;
    }
    const session = this.sessions.get(nodeKey);
    if (!session || session.seq === null) {
      this.requestRebirth(group, node, `${type} before its birth`);
      return;
    }
    if (!this.inSequence(session, payload, group, node)) return;
    switch (type) {
      case 'DBIRTH':
        if (device) this.onDeviceBirth(session, group, node, device, payload);
        return;
      case 'DDEATH':
        if (device) this.onDeviceDeath(session, group, node, device);
        return;
      case 'NDATA':
        this.onData(session, group, node, undefined, payload);
        return;
      case 'DDATA':
        if (!device || !session.born.has(device)) {
          this.requestRebirth(group, node, `DDATA of ${device ?? '?'} before its DBIRTH`);
          return;
        }
        this.onData(session, group, node, device, payload);
    }
  }

  /** seq runs 0–255 across everything the node sends after NBIRTH; a gap means something was lost. */
  private inSequence(session: NodeSession, payload: Payload, group: string, node: string): boolean {
    const seq = payload.seq === undefined || payload.seq === null ? null : toNumber(payload.seq);
    if (seq === null || seq !== session.seq) {
      session.seq = null;
      this.requestRebirth(group, node, `seq ${seq} where ${session.seq} was due`);
      return false;
    }
    session.seq = (seq + 1) % 256;
    return true;
  }

  private onNodeBirth(group: string, node: string, payload: Payload): void {
    const bdSeqMetric = payload.metrics?.find((m) => m.name === 'bdSeq');
    const session: NodeSession = {
      bdSeq: bdSeqMetric ? toNumber(bdSeqMetric.value) : null,
      seq: (toNumber(payload.seq) + 1) % 256,
      aliases: new Map(),
      born: new Set(),
      types: new Map(),
    };
    this.sessions.set(`${group}/${node}`, session);
    this.learnAliases(session, payload, '');
    this.apply(group, node, undefined, session, payload, true);
  }

  private onNodeDeath(group: string, node: string, payload: Payload): void {
    const session = this.sessions.get(`${group}/${node}`);
    const bdSeqMetric = payload.metrics?.find((m) => m.name === 'bdSeq');
    const bdSeq = bdSeqMetric ? toNumber(bdSeqMetric.value) : null;
    // A will from an earlier session of this node arrives late: it says nothing about this one.
    if (session && session.bdSeq !== null && bdSeq !== session.bdSeq) return;
    this.sessions.delete(`${group}/${node}`);
    const ts = this.now();
    const detail = `edge node ${group}/${node} died (NDEATH)`;
    for (const [key, devices] of this.bound)
      if (key.startsWith(`${group}/${node}/`)) for (const d of devices) this.lose(d.deviceId, detail, ts);
  }

  private onDeviceBirth(session: NodeSession, group: string, node: string, device: string, payload: Payload) {
    session.born.add(device);
    this.learnAliases(session, payload, device);
    this.apply(group, node, device, session, payload, true);
  }

  private onDeviceDeath(session: NodeSession, group: string, node: string, device: string): void {
    session.born.delete(device);
    const ts = this.now();
    for (const d of this.bound.get(addressKey(group, node, device)) ?? [])
      this.lose(d.deviceId, `device ${group}/${node}/${device} died (DDEATH)`, ts);
  }

  private onData(
    session: NodeSession,
    group: string,
    node: string,
    device: string | undefined,
    payload: Payload,
  ) {
    this.apply(group, node, device, session, payload, false);
  }

  private learnAliases(session: NodeSession, payload: Payload, device: string): void {
    const types = new Map<string, string>();
    for (const metric of payload.metrics ?? []) {
      if (metric.name && metric.type) types.set(metric.name, metric.type);
      if (metric.name && metric.alias !== undefined && metric.alias !== null)
        session.aliases.set(toNumber(metric.alias), metric.name);
    }
    session.types.set(device, types);
  }

  /** Live metrics onto the devices bound here; historical ones to history only. */
  private apply(
    group: string,
    node: string,
    device: string | undefined,
    session: NodeSession,
    payload: Payload,
    birth: boolean,
  ): void {
    const devices = this.bound.get(addressKey(group, node, device));
    const metrics = payload.metrics ?? [];
    this.counters.metrics += metrics.length;
    const ts = this.now();
    const historical: PointSample[] = [];
    for (const metric of metrics) {
      const name =
        metric.name ?? (metric.alias == null ? undefined : session.aliases.get(toNumber(metric.alias)));
      if (name === undefined) {
        this.requestRebirth(
          group,
          node,
          `unknown alias ${metric.alias == null ? '?' : toNumber(metric.alias)}`,
        );
        return;
      }
      for (const bound of devices ?? []) {
        const point = pointOfMetric(bound.profile, name);
        if (!point) continue;
        const value = metricValue(point, metricRaw(metric), metric.type ?? '');
        const quality = value === null ? 'bad' : 'good';
        if (metric.isHistorical) {
          const at = metric.timestamp == null ? ts : toNumber(metric.timestamp);
          historical.push({ deviceId: bound.deviceId, key: point.key, value, quality, ts: at });
        } else {
          this.options.telemetry.update(bound.deviceId, point.key, value, quality, ts);
          if (this.readBacks.active) this.readBacks.reported(bound.deviceId, point.key, value);
        }
      }
    }
    if (historical.length) this.options.history(historical);
    for (const bound of devices ?? []) {
      if (birth) this.options.telemetry.setComms(bound.deviceId, 'online', null);
      this.options.telemetry.commit(bound.deviceId);
    }
  }

  /** Whether this host feeds the device. */
  feeds(deviceId: string): boolean {
    return this.options.devices.some((d) => d.deviceId === deviceId);
  }

  /**
   * The datatype the device declared for a metric in its birth: what a
   * write must be sent as. Throws CommandRefused when no command could reach
   * the device now (broker lost, node or device not born, metric undeclared).
   */
  commandType(deviceId: string, metric: string): string {
    const device = this.options.devices.find((d) => d.deviceId === deviceId);
    if (!device) throw new CommandRefused(`device ${deviceId} is not fed through broker ${this.endpoint}`);
    if (!this.client?.connected) throw new CommandRefused(`broker unreachable: ${this.endpoint}`);
    const { group, node, device: unit } = device.address;
    const where = `${group}/${node}${unit ? `/${unit}` : ''}`;
    const session = this.sessions.get(`${group}/${node}`);
    if (!session || session.seq === null) throw new CommandRefused(`edge node ${group}/${node} is not born`);
    if (unit && !session.born.has(unit)) throw new CommandRefused(`device ${where} is not born`);
    const type = session.types.get(unit ?? '')?.get(metric);
    if (!type) throw new CommandRefused(`${where} declared no metric "${metric}" in its birth`);
    return type;
  }

  /**
   * Sends one write as DCMD (NCMD for a node's own metrics), once, and waits
   * for the device to report the point back: never retried here.
   */
  async command(
    deviceId: string,
    metric: CommandMetric,
    readBack: { key: string; expected: PointValue },
  ): Promise<ReadBack> {
    this.commandType(deviceId, metric.name);
    const device = this.options.devices.find((d) => d.deviceId === deviceId) as SparkplugDevice;
    const client = this.client as MqttClient;
    const { group, node, device: unit } = device.address;
    const topic = unit ? `${NAMESPACE}/${group}/DCMD/${node}/${unit}` : `${NAMESPACE}/${group}/NCMD/${node}`;
    const payload = codec.encodePayload({
      timestamp: this.now(),
      metrics: [{ ...metric, type: metric.type as Datatype }],
    });
    // Listening before sending: the report may come back before publish's callback.
    const reported = this.readBacks.wait(
      deviceId,
      readBack.key,
      readBack.expected,
      this.options.mqtt.commandTimeoutMs,
    );
    try {
      // Sparkplug sends commands at QoS 0; the callback says it went out on the socket.
      await client.publishAsync(topic, Buffer.from(payload), { qos: 0 });
    } catch (error) {
      // The wait left behind times out by itself and is answered to nobody.
      throw new CommandRefused(`${topic}: ${(error as Error).message}`);
    }
    return reported;
  }

  private requestRebirth(group: string, node: string, why: string): void {
    const key = `${group}/${node}`;
    const now = this.now();
    const last = this.rebirthAt.get(key);
    if (last !== undefined && now - last < this.options.mqtt.rebirthDebounceMs) return;
    this.rebirthAt.set(key, now);
    this.options.log.info(`edge node ${key}: ${why}; rebirth requested`);
    this.sendRebirth(group, node);
  }

  private sendRebirth(group: string, node: string): void {
    this.counters.rebirths += 1;
    const payload = codec.encodePayload({
      timestamp: this.now(),
      metrics: [{ name: 'Node Control/Rebirth', type: 'Boolean', value: true }],
    });
    this.client?.publish(`${NAMESPACE}/${group}/NCMD/${node}`, Buffer.from(payload), { qos: 0 });
  }

  /** Our own STATE topic: an offline STATE while we are connected (an old will, a stale retained one) is put right. */
  private onState(raw: Buffer): void {
    let state: { online?: unknown; timestamp?: unknown };
    try {
      state = JSON.parse(raw.toString());
    } catch {
      state = {};
    }
    if (state.online === true && state.timestamp === this.stateTimestamp) return;
    if (this.client?.connected) this.publishState(this.client);
  }
}

function addressKey(group: string, node: string, device: string | undefined): string {
  return `${group}/${node}/${device ?? ''}`;
}

/** Sparkplug's 64-bit fields decode as Long; the desk's numbers are doubles. */
function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value && typeof value === 'object' && 'toNumber' in value)
    return (value as { toNumber(): number }).toNumber();
  return Number(value);
}

function metricRaw(metric: Metric): number | boolean | string | null {
  if (metric.isNull) return null;
  const value = metric.value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'toNumber' in value) return toNumber(value);
  return null;
}
