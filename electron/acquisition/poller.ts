import type { PointValue } from '../../shared/api/model';
import type { DeskConfig, DeviceConfig } from '../../shared/config/schema';
import { type Block, planBlocks } from '../../shared/profile/blocks';
import { decodePoint, decodeRaw } from '../../shared/profile/codec';
import type { Profile } from '../../shared/profile/schema';
import type { Logger } from '../log/logger';
import type { TelemetryStore } from '../telemetry/store';
import { LinkError, ModbusLink } from './link';

/** Consecutive failed requests after which a device is declared comm-lost. */
const FAILURES_TO_LOSE = 2;

type DevicePlan = {
  config: DeviceConfig;
  profile: Profile;
  blocks: Block[];
  link: ModbusLink;
  failures: number;
  lost: boolean;
  timer: NodeJS.Timeout | null;
  nextAt: number;
};

/**
 * Polls every configured device on its own schedule. Devices behind one
 * gateway share that gateway's link (one TCP connection, serialized), so a
 * dead gateway can only slow the devices behind it.
 */
export class Poller {
  private readonly links = new Map<string, ModbusLink>();
  private readonly plans: DevicePlan[] = [];
  private stopped = false;

  constructor(
    private readonly config: DeskConfig,
    profiles: ReadonlyMap<string, Profile>,
    private readonly telemetry: TelemetryStore,
    private readonly log: Logger,
  ) {
    for (const device of config.devices) {
      const profile = profiles.get(device.profile);
      if (!profile) throw new Error(`device ${device.id}: no profile ${device.profile}`);
      this.plans.push({
        config: device,
        profile,
        blocks: planBlocks(profile.points),
        link: this.linkFor(device),
        failures: 0,
        lost: false,
        timer: null,
        nextAt: 0,
      });
    }
  }

  start(): void {
    for (const link of this.links.values()) link.connect();
    const now = Date.now();
    // Spread first polls over one interval so a large fleet does not fire at once.
    this.plans.forEach((plan, i) => {
      plan.nextAt = now + Math.floor((i / Math.max(1, this.plans.length)) * this.config.pollIntervalMs);
      this.schedule(plan);
    });
  }

  stop(): void {
    this.stopped = true;
    for (const plan of this.plans) if (plan.timer) clearTimeout(plan.timer);
    for (const link of this.links.values()) link.close();
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
      });
      let wasDown = false;
      link.onState((state, reason) => {
        if (state === 'down') this.log.warn(`link ${key} down: ${reason ?? 'closed'}`);
        if (state === 'online') (wasDown ? this.log.info : this.log.debug)(`link ${key} online`);
        wasDown = state === 'down' || (wasDown && state === 'connecting');
      });
      this.links.set(key, link);
    }
    return link;
  }

  private schedule(plan: DevicePlan): void {
    if (this.stopped) return;
    plan.timer = setTimeout(() => void this.cycle(plan), Math.max(0, plan.nextAt - Date.now()));
  }

  private async cycle(plan: DevicePlan): Promise<void> {
    const interval = plan.lost
      ? Math.max(this.config.pollIntervalMs, 3 * this.config.timeoutMs)
      : this.config.pollIntervalMs;
    plan.nextAt += interval;
    const now = Date.now();
    // After an overrun, skip the missed slots rather than bursting to catch up.
    if (plan.nextAt < now) plan.nextAt = now + interval;
    await this.pollOnce(plan);
    this.schedule(plan);
  }

  private async pollOnce(plan: DevicePlan): Promise<void> {
    const { config, link } = plan;
    // Mid-connect nothing is known yet; the connect attempt itself times out
    // into 'down', and only then do requests count as failures.
    if (link.state === 'connecting') return;
    const read: { block: Block; words: number[] }[] = [];
    let lastError: LinkError | null = null;
    for (const block of plan.blocks) {
      try {
        read.push({ block, words: await link.read(config.unitId, block.table, block.start, block.count) });
        plan.failures = 0;
      } catch (error) {
        const failure = error instanceof LinkError ? error : new LinkError('comms', String(error));
        lastError = failure;
        if (failure.kind === 'exception') {
          this.markBlock(plan, block, 'bad');
          continue;
        }
        plan.failures = failure.kind === 'down' ? FAILURES_TO_LOSE : plan.failures + 1;
        if (plan.failures >= FAILURES_TO_LOSE) break;
      }
    }
    if (this.stopped) return;
    const ts = Date.now();
    this.store(plan, read, ts);
    if (plan.failures >= FAILURES_TO_LOSE) {
      if (!plan.lost) this.log.warn(`device ${config.id} comm-lost: ${lastError?.message ?? 'no answer'}`);
      plan.lost = true;
      this.telemetry.markAll(config.id, 'comm-fail', ts);
      this.telemetry.setComms(config.id, 'comm-lost', lastError?.message ?? null);
      return;
    }
    if (plan.lost) this.log.info(`device ${config.id} answering again`);
    plan.lost = false;
    if (read.length > 0) this.telemetry.setComms(config.id, 'online', null);
    this.telemetry.commit(config.id);
  }

  private store(plan: DevicePlan, read: { block: Block; words: number[] }[], ts: number): void {
    const exponents = new Map<string, number>();
    for (const { block, words } of read) {
      for (const point of block.points) {
        if (point.type === 'sunssf')
          exponents.set(point.key, decodeRaw(point, words, point.address - block.start));
      }
    }
    for (const { block, words } of read) {
      for (const point of block.points) {
        const offset = point.address - block.start;
        const exponent = point.scaleRef === undefined ? undefined : (exponents.get(point.scaleRef) ?? null);
        const value: PointValue = decodePoint(point, words, offset, exponent);
        this.telemetry.update(plan.config.id, point.key, value, value === null ? 'bad' : 'good', ts);
      }
    }
  }

  private markBlock(plan: DevicePlan, block: Block, quality: 'bad'): void {
    const ts = Date.now();
    for (const point of block.points) {
      const last = this.telemetry.sample(plan.config.id, point.key);
      this.telemetry.update(plan.config.id, point.key, last?.value ?? null, quality, ts);
    }
  }
}
