import type { PointSample, PointValue } from '../../shared/api/model';
import { withoutEndpoint } from '../../shared/config/endpoints';
import type { DeskConfig, DeviceConfig } from '../../shared/config/schema';
import { type Block, joinBlock, planBlocks } from '../../shared/profile/blocks';
import { decodePoint, decodeRaw } from '../../shared/profile/codec';
import type { Profile, ProfilePoint } from '../../shared/profile/schema';
import type { Logger } from '../log/logger';
import { type Feed, feedsOf, SparkplugHost } from '../mqtt/feeds';
import type { TelemetryStore } from '../telemetry/store';
import { CycleMeter, isStale } from './cycle';
import { LinkError, ModbusLink, type Table } from './link';
import { describeDiscovery, discover, relocate, SunSpecError } from './sunspec';

/** Consecutive failed requests after which a device is declared comm-lost: one try and one retry. */
const FAILURES_TO_LOSE = 2;
/** Modbus exception 02: the device does not map (all of) the registers asked for. */
const ILLEGAL_DATA_ADDRESS = 2;

/**
 * A block read on its own schedule: every `every` cycles of its device. The
 * words of its last good read let an unchanged reply skip decoding.
 */
type ScheduledBlock = Block & { every: number; lastOkAt: number; lastWords: number[] | null };

type DevicePlan = {
  config: DeviceConfig;
  /** The shipped profile; for SunSpec devices `profile` is it moved to the device's own model addresses. */
  shipped: Profile;
  profile: Profile;
  /** SunSpec devices are polled only once their model chain has been found. */
  discovered: boolean;
  blocks: ScheduledBlock[];
  link: ModbusLink;
  /** The measured cycle of this device's connection, shared with every device behind it. */
  meter: CycleMeter;
  /** When this device's last cycle started; 0 before the first. */
  startedAt: number;
  cycle: number;
  failures: number;
  lost: boolean;
  timer: NodeJS.Timeout | null;
  nextAt: number;
};

/** Counts since start: block reads, failed block reads, writes, and device polls completed (all blocks due, stored). */
export type PollerStats = { reads: number; failedReads: number; writes: number; polls: number };

/**
 * One gateway connection's requests since the poller started: those that
 * failed on the wire (timeouts, resets; a Modbus exception is an answer),
 * the retries after them, and the times the connection dropped. The
 * early-warning comms detector reads these per day.
 */
export type LinkCounts = { requests: number; timeouts: number; retries: number; reconnects: number };

/**
 * Fast points are planned first; a slower point joins a faster block when it
 * fits there, else it gets its own block read on its own period.
 */
export function scheduleBlocks(profile: Profile): ScheduledBlock[] {
  const byEvery = new Map<number, ProfilePoint[]>();
  for (const point of profile.points) byEvery.set(point.every, [...(byEvery.get(point.every) ?? []), point]);
  const blocks: ScheduledBlock[] = [];
  for (const [every, points] of [...byEvery.entries()].sort(([a], [b]) => a - b)) {
    const own = points.filter((point) => !blocks.some((block) => joinBlock(block, point, profile.maxGap)));
    blocks.push(
      ...planBlocks(own, profile.maxGap).map((block) => ({ ...block, every, lastOkAt: 0, lastWords: null })),
    );
  }
  return blocks;
}

/**
 * Polls every configured device on its own schedule. Devices behind one
 * gateway share that gateway's link (one TCP connection, serialized), so a
 * dead gateway can only slow the devices behind it. Devices fed by
 * MQTT (Sparkplug B or JSON gateways) are not polled: a client per broker feeds them.
 */
export class Poller {
  private readonly links = new Map<string, ModbusLink>();
  private readonly meters = new Map<ModbusLink, CycleMeter>();
  private readonly plans = new Map<string, DevicePlan>();
  private stopped = false;
  private readonly counters: PollerStats = { reads: 0, failedReads: 0, writes: 0, polls: 0 };
  private readonly linkCounts = new Map<ModbusLink, LinkCounts>();
  private readonly feeds: Feed[];
  private readonly fed = new Map<string, Profile>();
  /** Plans whose turn came while polling was held, started again on release. */
  private held: DevicePlan[] | null = null;
  private underWay = 0;
  private onIdle: (() => void)[] = [];

  /**
   * `history`: where store-and-forward samples from Sparkplug go, past the live wall and alarms.
   * `stamp`: the desk's clock, which every sample is stamped with, so a desk on a drill's or a
   * test's clock keeps its history on that clock. Timeouts, staleness and the schedule run on
   * real elapsed time: the wire does not go faster when the desk's clock does.
   */
  constructor(
    private readonly config: DeskConfig,
    profiles: ReadonlyMap<string, Profile>,
    private readonly telemetry: TelemetryStore,
    private readonly log: Logger,
    history: (samples: PointSample[]) => void = () => {},
    private readonly stamp: () => number = Date.now,
  ) {
    this.feeds = feedsOf(config, profiles, telemetry, history, log, stamp);
    for (const device of config.devices) {
      if (device.sparkplug || device.json) {
        this.fed.set(device.id, profiles.get(device.profile) as Profile);
        continue;
      }
      const profile = profiles.get(device.profile);
      if (!profile) throw new Error(`device ${device.id}: no profile ${device.profile}`);
      const link = this.linkFor(device);
      this.plans.set(device.id, {
        config: device,
        shipped: profile,
        profile,
        discovered: !profile.sunspec,
        blocks: scheduleBlocks(profile),
        link,
        meter: this.meterFor(link),
        startedAt: 0,
        cycle: 0,
        failures: 0,
        lost: false,
        timer: null,
        nextAt: 0,
      });
    }
  }

  start(): void {
    for (const feed of this.feeds) feed.start();
    for (const link of this.links.values()) link.connect();
    const now = Date.now();
    const interval = this.config.pollIntervalMs;
    const links = [...this.links.values()];
    // Each gateway's devices are spread over the interval, and the gateways
    // are staggered against each other, so no queue fills up at once.
    links.forEach((link, l) => {
      const behind = [...this.plans.values()].filter((plan) => plan.link === link);
      behind.forEach((plan, i) => {
        plan.nextAt = now + Math.floor(((i + l / links.length) / behind.length) * interval);
        this.schedule(plan);
      });
    });
  }

  stop(): void {
    this.stopped = true;
    for (const plan of this.plans.values()) if (plan.timer) clearTimeout(plan.timer);
    for (const link of this.links.values()) link.close();
    for (const feed of this.feeds)
      feed.stop().catch((error: Error) => this.log.warn(`closing the broker connection: ${error.message}`));
  }

  /**
   * Starts no device poll until the returned release is called, and resolves
   * once the polls under way have finished. A test that moves a skipping
   * clock in steps holds polling across each step, so nothing read before
   * the step is stamped after it.
   */
  async hold(): Promise<() => void> {
    const held: DevicePlan[] = [];
    this.held = held;
    if (this.underWay > 0) await new Promise<void>((resolve) => this.onIdle.push(resolve));
    return () => {
      if (this.held !== held) return;
      this.held = null;
      const now = Date.now();
      for (const plan of held) {
        // The hold is no part of the connection's cycle time.
        plan.startedAt = 0;
        plan.nextAt = now;
        this.schedule(plan);
      }
    };
  }

  stats(): PollerStats {
    return { ...this.counters };
  }

  /** Each Modbus gateway's counts since start, by its endpoint (`host:port`, the gateway's id on the desk). */
  linkStats(): Map<string, LinkCounts> {
    return new Map([...this.linkCounts].map(([link, counts]) => [link.endpoint, { ...counts }]));
  }

  /** The profile as this device has it (SunSpec models found where the device put them), once known. */
  profileOf(deviceId: string): Profile | undefined {
    const plan = this.plans.get(deviceId);
    return plan?.discovered ? plan.profile : this.fed.get(deviceId);
  }

  /** The Sparkplug host feeding this device, when it is fed rather than polled. */
  feedOf(deviceId: string): SparkplugHost | undefined {
    const feed = this.feeds.find((f) => f.feeds(deviceId));
    return feed instanceof SparkplugHost ? feed : undefined;
  }

  /** Reads one point now, outside the schedule (a read-back after a write). */
  async readPoint(deviceId: string, point: ProfilePoint, scaleExponent?: number | null): Promise<PointValue> {
    const plan = this.plan(deviceId);
    const [block] = planBlocks([point]);
    if (!block) throw new Error(`${point.key}: nothing to read`);
    const words = await plan.link.read(plan.config.unitId, block.table, block.start, block.count);
    this.counters.reads += 1;
    return decodePoint(point, words, 0, scaleExponent);
  }

  /** Writes registers (or coils, one word 0/1 each) once; a failure is reported, never retried here. */
  async writeWords(
    deviceId: string,
    address: number,
    words: number[],
    table: Table = 'holding',
  ): Promise<void> {
    const plan = this.plan(deviceId);
    if (table === 'coil') await plan.link.writeCoils(plan.config.unitId, address, words);
    else await plan.link.write(plan.config.unitId, address, words);
    this.counters.writes += 1;
  }

  private plan(deviceId: string): DevicePlan {
    const plan = this.plans.get(deviceId);
    if (!plan && this.fed.has(deviceId))
      throw new Error(`device ${deviceId} is fed over MQTT: it is not read or written over Modbus`);
    if (!plan) throw new Error(`no device ${deviceId}`);
    return plan;
  }

  private linkFor(device: DeviceConfig): ModbusLink {
    const key = `${device.host}:${device.port}`;
    let link = this.links.get(key);
    if (!link) {
      link = new ModbusLink({
        host: device.host,
        port: device.port,
        timeoutMs: this.config.timeoutMs,
        log: this.log.child(key),
        ...(device.framing ? { framing: device.framing } : {}),
      });
      let wasDown = false;
      const counts: LinkCounts = { requests: 0, timeouts: 0, retries: 0, reconnects: 0 };
      this.linkCounts.set(link, counts);
      link.onState((state, reason) => {
        if (state === 'down' && !wasDown) counts.reconnects += 1;
        if (state === 'down') this.log.warn(`link ${key} down: ${reason ?? 'closed'}`);
        if (state === 'online') (wasDown ? this.log.info : this.log.debug)(`link ${key} online`);
        wasDown = state === 'down' || (wasDown && state === 'connecting');
      });
      link.onHung((reason) => this.lostBehind(link as ModbusLink, reason));
      this.links.set(key, link);
    }
    return link;
  }

  private meterFor(link: ModbusLink): CycleMeter {
    let meter = this.meters.get(link);
    if (!meter) {
      meter = new CycleMeter();
      this.meters.set(link, meter);
    }
    return meter;
  }

  private schedule(plan: DevicePlan): void {
    if (this.stopped) return;
    plan.timer = setTimeout(() => void this.cycle(plan), Math.max(0, plan.nextAt - Date.now()));
  }

  private async cycle(plan: DevicePlan): Promise<void> {
    if (this.held) {
      this.held.push(plan);
      return;
    }
    const interval = plan.lost
      ? Math.max(this.config.pollIntervalMs, 3 * this.config.timeoutMs)
      : this.config.pollIntervalMs;
    plan.nextAt += interval;
    const now = Date.now();
    // A lost device waits out timeouts and is probed on a longer interval of
    // its own: neither says how long the connection's cycle is.
    if (plan.startedAt && !plan.lost) plan.meter.note(now - plan.startedAt);
    plan.startedAt = plan.lost ? 0 : now;
    // After an overrun, skip the missed slots rather than bursting to catch up.
    if (plan.nextAt < now) plan.nextAt = now + interval;
    this.underWay += 1;
    try {
      await this.pollOnce(plan);
    } finally {
      this.underWay -= 1;
      if (this.underWay === 0) for (const resolve of this.onIdle.splice(0)) resolve();
    }
    this.schedule(plan);
  }

  private async pollOnce(plan: DevicePlan): Promise<void> {
    const { config, link } = plan;
    // Mid-connect nothing is known yet; the connect attempt itself times out
    // into 'down', and only then do requests count as failures.
    if (link.state === 'connecting') return;
    if (!plan.discovered && !(await this.discover(plan))) return;
    // A device that was lost is probed with all its blocks, so it comes back whole.
    const due = plan.blocks.filter((b) => plan.lost || b.lastOkAt === 0 || plan.cycle % b.every === 0);
    plan.cycle += 1;
    const read: { block: ScheduledBlock; words: number[] }[] = [];
    let lastError: LinkError | null = null;
    // A Modbus exception is an answer too: the device is there, that block is bad.
    let answered = false;
    for (const block of due) {
      const words = await this.readBlock(plan, block);
      if (words instanceof LinkError) {
        lastError = words;
        answered ||= words.kind === 'exception';
        if (plan.failures >= FAILURES_TO_LOSE) break;
        continue;
      }
      answered = true;
      read.push({ block, words });
    }
    if (this.stopped) return;
    const ts = this.stamp();
    this.store(plan, read, ts);
    this.counters.polls += 1;
    if (plan.failures >= FAILURES_TO_LOSE) {
      if (!plan.lost) this.log.warn(`device ${config.id} comm-lost: ${lastError?.message ?? 'no answer'}`);
      this.markLost(plan, lastError?.message ?? null, ts);
      return;
    }
    if (plan.lost) this.log.info(`device ${config.id} answering again`);
    plan.lost = false;
    this.markStale(plan, Date.now(), ts);
    this.telemetry.commit(config.id, answered ? 'online' : undefined);
  }

  /** A hung gateway takes every device behind it with it, without waiting for each one's own poll. */
  private lostBehind(link: ModbusLink, reason: string): void {
    const ts = this.stamp();
    for (const plan of this.plans.values()) {
      if (plan.link !== link || plan.lost) continue;
      plan.failures = FAILURES_TO_LOSE;
      this.markLost(plan, reason, ts);
    }
    this.log.warn(`${link.endpoint}: every device behind it is comm-lost: ${reason}`);
  }

  /** Finds a SunSpec device's models; false when it cannot be polled yet (and why is on the wall). */
  private async discover(plan: DevicePlan): Promise<boolean> {
    const { config, shipped } = plan;
    if (!shipped.sunspec) return true;
    try {
      const found = await discover(plan.link, config.unitId, shipped.sunspec);
      plan.profile = relocate(shipped, found);
      plan.blocks = scheduleBlocks(plan.profile);
      plan.discovered = true;
      plan.failures = 0;
      this.log.info(`device ${config.id}: ${describeDiscovery(found)}`);
      return true;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof LinkError) {
        this.counters.failedReads += 1;
        plan.failures = error.kind === 'down' ? FAILURES_TO_LOSE : plan.failures + 1;
        if (plan.failures < FAILURES_TO_LOSE) return false;
      } else if (!(error instanceof SunSpecError)) {
        throw error;
      }
      // A device that answers but is not the SunSpec device the profile says
      // cannot be read at all: shown as lost, with the reason.
      if (!plan.lost) this.log.warn(`device ${config.id}: ${message}`);
      this.markLost(plan, message, this.stamp());
      return false;
    }
  }

  /** One block with one retry on a comms failure; an exception is an answer and is not retried. */
  private async readBlock(plan: DevicePlan, block: ScheduledBlock): Promise<number[] | LinkError> {
    const counts = this.linkCounts.get(plan.link);
    let retry = false;
    for (;;) {
      if (counts) {
        counts.requests += 1;
        if (retry) counts.retries += 1;
      }
      try {
        const words = await plan.link.read(plan.config.unitId, block.table, block.start, block.count);
        this.counters.reads += 1;
        plan.failures = 0;
        block.lastOkAt = Date.now();
        return words;
      } catch (error) {
        this.counters.failedReads += 1;
        const failure = error instanceof LinkError ? error : new LinkError('comms', String(error));
        if (failure.kind === 'exception') {
          if (failure.exceptionCode === ILLEGAL_DATA_ADDRESS && this.split(plan, block)) continue;
          this.markBlock(plan, block, 'bad');
          return failure;
        }
        // A read the desk's own stop cut short says nothing about the gateway.
        if (counts && !this.stopped) counts.timeouts += 1;
        retry = true;
        plan.failures = failure.kind === 'down' ? FAILURES_TO_LOSE : plan.failures + 1;
        if (plan.failures >= FAILURES_TO_LOSE || this.stopped) return failure;
      }
    }
  }

  /**
   * A device that refuses a joined read (illegal data address) may not map
   * the registers between its points: read those points without gaps from
   * now on, and only what is left refused is bad.
   */
  private split(plan: DevicePlan, block: ScheduledBlock): boolean {
    const parts = planBlocks(block.points, 0);
    if (parts.length < 2) return false;
    this.log.info(
      `device ${plan.config.id} refuses reading ${block.count} registers at ${block.start}; reading its points in ${parts.length} parts`,
    );
    const index = plan.blocks.indexOf(block);
    const replacement = parts.map((part) => ({ ...part, every: block.every, lastOkAt: 0, lastWords: null }));
    plan.blocks.splice(index, 1, ...replacement);
    // This cycle's caller goes on with the first part; the rest are read next cycle.
    Object.assign(block, replacement[0]);
    plan.blocks[index] = block;
    return true;
  }

  private store(plan: DevicePlan, read: { block: ScheduledBlock; words: number[] }[], ts: number): void {
    const exponents = new Map<string, number>();
    let scaleChanged = false;
    for (const { block, words } of read) {
      for (const point of block.points) {
        if (point.type !== 'sunssf') continue;
        const exponent = decodeRaw(point, words, point.address - block.start);
        exponents.set(point.key, exponent);
        scaleChanged ||= this.telemetry.sample(plan.config.id, point.key)?.value !== exponent;
      }
    }
    // A new scale factor changes values whose own registers did not move.
    if (scaleChanged) for (const block of plan.blocks) block.lastWords = null;
    for (const { block, words } of read) {
      // Most registers do not move between polls: an identical reply of a
      // block whose values are all current changes nothing.
      if (block.lastWords && sameWords(block.lastWords, words)) continue;
      block.lastWords = words;
      for (const point of block.points) {
        const offset = point.address - block.start;
        const exponent =
          point.scaleRef === undefined ? undefined : this.exponent(plan, point.scaleRef, exponents);
        const value: PointValue = decodePoint(point, words, offset, exponent);
        this.telemetry.update(plan.config.id, point.key, value, value === null ? 'bad' : 'good', ts);
      }
    }
  }

  /** Scale factors are read rarely; between reads the last known one applies. */
  private exponent(plan: DevicePlan, key: string, fresh: ReadonlyMap<string, number>): number | null {
    const now = fresh.get(key);
    if (now !== undefined) return now;
    const known = this.telemetry.sample(plan.config.id, key)?.value;
    return typeof known === 'number' ? known : null;
  }

  /** `realNow` judges how long a block went unread; `ts` stamps what turned stale. */
  private markStale(plan: DevicePlan, realNow: number, ts: number): void {
    const cycleMs = plan.meter.period(this.config.pollIntervalMs);
    for (const block of plan.blocks) {
      if (block.lastOkAt === 0 || !isStale(realNow - block.lastOkAt, block.every, cycleMs)) continue;
      for (const point of block.points) {
        const last = this.telemetry.sample(plan.config.id, point.key);
        if (last?.quality === 'good')
          this.telemetry.update(plan.config.id, point.key, last.value, 'stale', ts);
      }
    }
  }

  /**
   * Comm-lost: values kept with quality comm-fail, and the next good read must
   * restamp them even if nothing moved. What comes back may be another device
   * (a replaced inverter), so a SunSpec device is discovered again.
   */
  private markLost(plan: DevicePlan, reason: string | null, ts: number): void {
    plan.lost = true;
    plan.discovered = !plan.shipped.sunspec;
    for (const block of plan.blocks) block.lastWords = null;
    this.telemetry.markAll(plan.config.id, 'comm-fail', ts);
    const { host, port } = plan.config;
    this.telemetry.setComms(plan.config.id, 'comm-lost', reason && withoutEndpoint(reason, host, port));
  }

  private markBlock(plan: DevicePlan, block: ScheduledBlock, quality: 'bad'): void {
    const ts = this.stamp();
    block.lastWords = null;
    for (const point of block.points) {
      const last = this.telemetry.sample(plan.config.id, point.key);
      this.telemetry.update(plan.config.id, point.key, last?.value ?? null, quality, ts);
    }
  }
}

function sameWords(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
