import type { MqttClient } from 'mqtt';
import {
  type JsonFeed,
  type JsonPointMap,
  jsonPointMap,
  readJsonPoint,
} from '../../shared/profile/json-binding';
import type { Profile } from '../../shared/profile/schema';
import { type BrokerFeedOptions, openFeed } from './connect';

/**
 * Devices fed by gateways that publish plain JSON, through one broker. Each
 * message on a device's topic updates the points its mapping finds; the
 * points it does not carry keep their values. A payload that is not JSON is
 * said in the log (once a minute per device) and changes nothing; a value
 * that is not one the point takes marks that point bad, keeping its last
 * value, and the rest of the payload is taken. A device with no valid message for its
 * `staleAfterMs` is comm-lost: JSON gateways leave no death certificate.
 * Values are stamped with the desk's clock (`stamp`: a drill's or a test's
 * when it has one), as the Modbus poller's are, so their history lies on the
 * desk's days; staleness and the log's pace run on real time (`now`).
 */

export type JsonDevice = { deviceId: string; profile: Profile; feed: JsonFeed };

export type JsonFeedOptions = BrokerFeedOptions<JsonDevice> & { stamp?: () => number };

type Fed = JsonDevice & {
  map: JsonPointMap;
  /** When the last valid message came; 0 before the first. */
  lastAt: number;
  lost: boolean;
  /** A bad payload said in the log once per minute per device, not once per message. */
  warnedAt: number;
  badPayloads: number;
  /** What was wrong with the last bad payload since the last valid one: a silent gateway's loss names it. */
  lastBad: string | null;
};

const WARN_EVERY_MS = 60_000;

export class JsonFeedHost {
  private client: MqttClient | null = null;
  private readonly fed: Fed[];
  private readonly now: () => number;
  private readonly stamp: () => number;
  private staleTimer: NodeJS.Timeout | null = null;
  /** The broker is lost and has not connected since: silence then is the broker's, not the gateways'. */
  private brokerDown = false;
  readonly counters = { messages: 0, badPayloads: 0 };
  /** Subscribed on the broker now: messages published from here on reach the desk. */
  subscribed = false;

  constructor(private readonly options: JsonFeedOptions) {
    this.now = options.now ?? Date.now;
    this.stamp = options.stamp ?? this.now;
    this.fed = options.devices.map((d) => ({
      ...d,
      map: jsonPointMap(d.profile, d.feed),
      lastAt: 0,
      lost: false,
      warnedAt: -Infinity,
      badPayloads: 0,
      lastBad: null,
    }));
  }

  feeds(deviceId: string): boolean {
    return this.fed.some((d) => d.deviceId === deviceId);
  }

  start(): void {
    // Its own client id: the Sparkplug host may hold the desk's on the same broker.
    this.client = openFeed(
      this.options,
      { clientId: `${this.options.mqtt.clientId}-json`.slice(0, 64) },
      {
        onConnect: () => this.onConnect(),
        onSubscribed: () => this.onSubscribed(),
        onLost: (detail) => this.onBrokerLost(detail),
        onMessage: (topic, payload) => this.onMessage(topic, payload),
      },
    );
    const shortest = Math.min(...this.fed.map((d) => d.feed.staleAfterMs));
    this.staleTimer = setInterval(() => this.checkStale(), Math.max(250, Math.floor(shortest / 4)));
  }

  async stop(): Promise<void> {
    if (this.staleTimer) clearInterval(this.staleTimer);
    const client = this.client;
    this.client = null;
    await client?.endAsync(true);
  }

  private onConnect(): string[] {
    this.brokerDown = false;
    this.subscribed = false;
    return [...new Set(this.fed.map((d) => d.feed.topic))];
  }

  private onSubscribed(): void {
    this.subscribed = true;
    // The silence of a gateway is counted from now, not from before the broker came back.
    const now = this.now();
    for (const d of this.fed) {
      d.lastAt = Math.max(d.lastAt, now - 1);
      if (d.lost) continue;
      this.options.telemetry.setComms(d.deviceId, 'connecting', `waiting for a message on ${d.feed.topic}`);
    }
  }

  private onBrokerLost(detail: string): void {
    this.brokerDown = true;
    // openFeed's time is the machine's; the values' stamps are the desk's.
    const ts = this.stamp();
    for (const d of this.fed) this.lose(d, detail, ts);
  }

  private lose(d: Fed, detail: string, ts: number): void {
    d.lost = true;
    this.options.telemetry.markAll(d.deviceId, 'comm-fail', ts);
    this.options.telemetry.setComms(d.deviceId, 'comm-lost', detail);
  }

  private checkStale(): void {
    if (this.brokerDown) return;
    const now = this.now();
    for (const d of this.fed) {
      if (d.lost || d.lastAt === 0 || now - d.lastAt < d.feed.staleAfterMs) continue;
      const seconds = Math.round(d.feed.staleAfterMs / 1000);
      const detail = `no valid message on ${d.feed.topic} for ${seconds} s${d.lastBad ? `; last bad payload: ${d.lastBad}` : ''}`;
      this.options.log.warn(`device ${d.deviceId}: ${detail}`);
      this.lose(d, detail, this.stamp());
    }
  }

  private onMessage(topic: string, raw: Buffer): void {
    this.counters.messages += 1;
    for (const d of this.fed) if (topicMatches(d.feed.topic, topic)) this.apply(d, topic, raw);
  }

  private apply(d: Fed, topic: string, raw: Buffer): void {
    let payload: unknown;
    try {
      payload = JSON.parse(raw.toString('utf8'));
    } catch (error) {
      this.bad(d, `${topic}: not JSON (${(error as Error).message})`);
      return;
    }
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
      const kind = payload === null ? 'null' : Array.isArray(payload) ? 'an array' : `a ${typeof payload}`;
      this.bad(d, `${topic}: JSON ${kind}, not an object`);
      return;
    }
    const ts = this.stamp();
    const { telemetry } = this.options;
    const problems: string[] = [];
    let found = 0;
    for (const entry of d.map) {
      const reading = readJsonPoint(payload, entry);
      if (reading.kind === 'absent') continue;
      if (reading.kind === 'bad') {
        problems.push(reading.why);
        const last = telemetry.sample(d.deviceId, entry.point.key);
        telemetry.update(d.deviceId, entry.point.key, last?.value ?? null, 'bad', ts);
        continue;
      }
      found += 1;
      telemetry.update(
        d.deviceId,
        entry.point.key,
        reading.value,
        reading.value === null ? 'bad' : 'good',
        ts,
      );
    }
    if (found === 0) {
      this.bad(
        d,
        `${topic}: no mapped value in the payload${problems.length ? ` (${problems.join('; ')})` : ''}`,
      );
      telemetry.commit(d.deviceId);
      return;
    }
    if (d.lost) this.options.log.info(`device ${d.deviceId}: messages again on ${topic}`);
    d.lost = false;
    d.lastAt = this.now();
    d.lastBad = null;
    if (problems.length) this.bad(d, `${topic}: ${problems.join('; ')}`);
    telemetry.commit(d.deviceId, 'online');
  }

  /** Says what was wrong in the log, at most once a minute per device; the device's values stay as they were. */
  private bad(d: Fed, why: string): void {
    d.badPayloads += 1;
    d.lastBad = why;
    this.counters.badPayloads += 1;
    const now = this.now();
    if (now - d.warnedAt < WARN_EVERY_MS) return;
    d.warnedAt = now;
    this.options.log.warn(`device ${d.deviceId}: bad payload: ${why} (${d.badPayloads} so far)`);
  }
}

/** MQTT topic matching: "+" one level, "#" the rest. */
export function topicMatches(filter: string, topic: string): boolean {
  if (filter === topic) return true;
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length || (f[i] !== '+' && f[i] !== t[i])) return false;
  }
  return f.length === t.length;
}
