import type { FleetDelta } from '../../shared/api/contract';
import type { Comms, Device, DeviceStatus, PointSample, PointValue, Quality } from '../../shared/api/model';
import { deriveState } from '../../shared/device/state';
import { activeBits } from '../../shared/profile/codec';
import type { Profile, ProfilePoint } from '../../shared/profile/schema';

type DeviceRecord = {
  device: Device;
  /** Something the state is derived from changed since the last derivation. */
  dirty: boolean;
  faultPoints: ProfilePoint[];
  samples: Map<string, PointSample>;
  comms: Comms;
  commsDetail: string | null;
  status: DeviceStatus;
};

/**
 * Latest value and quality of every point, and each device's derived state.
 * Only changes leave this store, gathered into one delta per flush window so
 * the UI gets a few messages a second instead of one per value.
 */
export class TelemetryStore {
  private readonly records = new Map<string, DeviceRecord>();
  private pendingSamples = new Map<string, PointSample>();
  private pendingStatus = new Map<string, DeviceStatus>();
  private flushTimer: NodeJS.Timeout | null = null;

  constructor(
    devices: readonly Device[],
    profiles: ReadonlyMap<string, Profile>,
    private readonly onDelta: (delta: FleetDelta) => void,
    private readonly flushDelayMs = 16,
    private readonly now: () => number = Date.now,
  ) {
    const t = now();
    for (const device of devices) {
      const profile = profiles.get(device.profile);
      this.records.set(device.id, {
        device,
        dirty: true,
        faultPoints: profile?.points.filter((p) => p.bits) ?? [],
        samples: new Map(),
        comms: 'connecting',
        commsDetail: null,
        status: {
          deviceId: device.id,
          comms: 'connecting',
          state: 'unknown',
          faults: [],
          detail: null,
          since: t,
        },
      });
    }
  }

  update(deviceId: string, key: string, value: PointValue, quality: Quality, ts: number): void {
    const record = this.records.get(deviceId);
    if (!record) return;
    const previous = record.samples.get(key);
    if (previous && previous.value === value && previous.quality === quality) return;
    const sample: PointSample = { deviceId, key, value, quality, ts };
    record.samples.set(key, sample);
    record.dirty = true;
    this.pendingSamples.set(`${deviceId}\u0000${key}`, sample);
    this.scheduleFlush();
  }

  /** Marks every point of a device with one quality, keeping the last values. */
  markAll(deviceId: string, quality: Quality, ts: number): void {
    const record = this.records.get(deviceId);
    if (!record) return;
    for (const sample of record.samples.values())
      this.update(deviceId, sample.key, sample.value, quality, ts);
  }

  setComms(deviceId: string, comms: Comms, detail: string | null): void {
    const record = this.records.get(deviceId);
    if (!record) return;
    this.noteComms(record, comms, detail);
    this.derive(record);
  }

  /**
   * Ends a poll cycle: the device's comms as the cycle found them (or as
   * they were), and its state derived again if anything it depends on moved.
   */
  commit(deviceId: string, comms?: Comms): void {
    const record = this.records.get(deviceId);
    if (!record) return;
    if (comms) this.noteComms(record, comms, null);
    if (record.dirty) this.derive(record);
  }

  private noteComms(record: DeviceRecord, comms: Comms, detail: string | null): void {
    if (record.comms === comms && record.commsDetail === detail) return;
    record.comms = comms;
    record.commsDetail = detail;
    record.dirty = true;
  }

  snapshot(): { status: DeviceStatus[]; samples: PointSample[] } {
    const status: DeviceStatus[] = [];
    const samples: PointSample[] = [];
    for (const record of this.records.values()) {
      status.push(record.status);
      samples.push(...record.samples.values());
    }
    return { status, samples };
  }

  status(deviceId: string): DeviceStatus | undefined {
    return this.records.get(deviceId)?.status;
  }

  sample(deviceId: string, key: string): PointSample | undefined {
    return this.records.get(deviceId)?.samples.get(key);
  }

  stop(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
  }

  private derive(record: DeviceRecord): void {
    record.dirty = false;
    const read = (key: string) => record.samples.get(key)?.value;
    const faults = record.faultPoints.flatMap((p) => {
      const raw = read(p.key);
      return typeof raw === 'number' ? activeBits(p, raw) : [];
    });
    const derived = deriveState(record.device.kind, record.comms, read, record.device.guns, faults);
    const detail = record.comms === 'comm-lost' ? record.commsDetail : derived.detail;
    const { state } = derived;
    const old = record.status;
    if (
      old.state === state &&
      old.comms === record.comms &&
      old.detail === detail &&
      sameList(old.faults, derived.faults)
    ) {
      return;
    }
    record.status = {
      deviceId: record.device.id,
      comms: record.comms,
      state,
      faults: derived.faults,
      detail,
      since: old.state === state ? old.since : this.now(),
    };
    this.pendingStatus.set(record.device.id, record.status);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => this.flush(), this.flushDelayMs);
  }

  /** Publishes what is pending now instead of at the end of the batching window. */
  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const delta: FleetDelta = {
      status: [...this.pendingStatus.values()],
      samples: [...this.pendingSamples.values()],
    };
    this.pendingSamples = new Map();
    this.pendingStatus = new Map();
    if (delta.status.length || delta.samples.length) this.onDelta(delta);
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
