import type { Device, PointSample } from '../../shared/api/model';
import type { JournalEvent, JsonValue } from '../../shared/journal/event';
import type { Profile } from '../../shared/profile/schema';
import { isCharger } from '../../shared/report/availability';
import { type ChargingSession, SESSION_EVENT } from '../../shared/report/facts';
import {
  checkMeter,
  lifetimeCounter,
  METER_ANOMALY_EVENT,
  METER_CHECKPOINT_EVENT,
  meterSubject,
} from '../../shared/report/meter-reconcile';
import { GUN_POINT, IN_SESSION } from '../../shared/report/session-tracker';
import { SYSTEM_ACTOR } from '../alarms/service';
import type { Journal } from '../store/journal';
import { lastEvent, readAll } from './journal-reader';

type Charger = {
  device: Device;
  meterKey: string;
  toKwh: number;
  meterStepKwh: number;
  sessionStepKwh: number;
};

type Watch = {
  /** Each gun's last good state and session energy. */
  guns: Map<number, { state: string | null; energyKwh: number | null }>;
  /** Accounted energy at the last meter reading the desk could account (every gun known). */
  accounted: { kwh: number; meterKwh: number; at: number } | null;
  /** Energy of the sessions that ended since that reading. */
  sinceKwh: number;
  /** The last good reading of any of its points: until then the desk was watching it. */
  seenAt: number;
  /** Compared with the journal in this run. */
  checked: boolean;
};

type Gap = { from: number; to: number };

const kwh = (v: number) => Math.round(v * 1000) / 1000;
const dataOf = (e: JournalEvent | null): Record<string, JsonValue> =>
  e && e.data !== null && typeof e.data === 'object' && !Array.isArray(e.data) ? e.data : {};
const numberOf = (v: JsonValue | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * At start, each charger's lifetime energy register is compared with the
 * journal (shared/report/meter-reconcile.ts) at its first reading, and the
 * sessions that ended while the desk was stopped are journalled as one
 * reconstructed `charging.session` (the register cannot tell how many; it
 * counts as at least one), with the counter figures and the gap's bounds.
 * A register that went back is journalled as an anomaly instead. At stop,
 * each charger's accounted energy is journalled, so the next start knows
 * where the gap began.
 */
export class MeterReconciler {
  private chargers = new Map<string, Charger>();
  private readonly watches = new Map<string, Watch>();

  constructor(
    private readonly journal: Journal,
    private readonly now: () => number,
  ) {}

  setDevices(devices: readonly Device[], profiles: ReadonlyMap<string, Profile>): void {
    this.chargers = new Map(
      devices.filter(isCharger).flatMap((device) => {
        const points = profiles.get(device.profile)?.points ?? [];
        const counter = lifetimeCounter(points);
        if (!counter) return [];
        const sessionStep = points.find((p) => GUN_POINT.exec(p.key)?.[2] === 'energy')?.scale ?? 0.01;
        const charger: Charger = {
          device,
          meterKey: counter.point.key,
          toKwh: counter.toKwh,
          meterStepKwh: Math.abs(counter.point.scale) * counter.toKwh,
          sessionStepKwh: Math.abs(sessionStep),
        };
        return [[device.id, charger] as const];
      }),
    );
    for (const id of this.watches.keys()) if (!this.chargers.has(id)) this.watches.delete(id);
  }

  /** One telemetry delta, after the session recorder journalled the sessions it ended. */
  onTelemetry(samples: readonly PointSample[], ended: readonly ChargingSession[]): void {
    for (const s of ended) {
      const watch = this.watches.get(s.deviceId);
      if (watch) watch.sinceKwh += s.energyKwh;
    }
    const meters: PointSample[] = [];
    for (const s of samples) {
      const charger = this.chargers.get(s.deviceId);
      if (!charger || s.quality !== 'good') continue;
      const watch = this.watch(s.deviceId);
      watch.seenAt = Math.max(watch.seenAt, s.ts);
      if (s.key === charger.meterKey && typeof s.value === 'number') {
        meters.push(s);
        continue;
      }
      const match = GUN_POINT.exec(s.key);
      if (!match || match[2] === 'duration') continue;
      const gun = watch.guns.get(Number(match[1])) ?? { state: null, energyKwh: null };
      if (match[2] === 'state' && typeof s.value === 'string') gun.state = s.value;
      if (match[2] === 'energy' && typeof s.value === 'number') gun.energyKwh = s.value;
      watch.guns.set(Number(match[1]), gun);
    }
    // Gun readings of the same delta first: the register and the session energies of one poll go together.
    for (const s of meters) this.onMeter(s);
  }

  /** Journals every watched charger's accounted energy as the desk stops. */
  stop(): void {
    const inputs = [...this.watches].flatMap(([id, watch]) => {
      const charger = this.chargers.get(id);
      if (!charger || !watch.accounted || !watch.checked) return [];
      return [
        this.event(METER_CHECKPOINT_EVENT, charger, {
          why: 'stop',
          accountedKwh: kwh(watch.accounted.kwh + watch.sinceKwh),
          meterKwh: watch.accounted.meterKwh,
          at: watch.seenAt,
        }),
      ];
    });
    if (inputs.length > 0) this.journal.appendMany(inputs);
  }

  private watch(id: string): Watch {
    let watch = this.watches.get(id);
    if (!watch) {
      watch = { guns: new Map(), accounted: null, sinceKwh: 0, seenAt: 0, checked: false };
      this.watches.set(id, watch);
    }
    return watch;
  }

  private onMeter(sample: PointSample): void {
    const charger = this.chargers.get(sample.deviceId);
    const watch = this.watches.get(sample.deviceId);
    if (!charger || !watch || typeof sample.value !== 'number') return;
    let openKwh = 0;
    for (let n = 1; n <= charger.device.guns; n++) {
      const gun = watch.guns.get(n);
      // A gun not read yet, or in a session whose energy is not read yet: nothing to account with.
      if (!gun || gun.state === null) return;
      if (IN_SESSION.has(gun.state)) {
        if (gun.energyKwh === null) return;
        openKwh += gun.energyKwh;
      }
    }
    const meterKwh = sample.value * charger.toKwh;
    watch.accounted = { kwh: meterKwh - openKwh, meterKwh, at: sample.ts };
    watch.sinceKwh = 0;
    if (!watch.checked) {
      watch.checked = true;
      this.reconcile(charger, watch.accounted);
    }
  }

  /** The first accountable reading of this run against the journal. */
  private reconcile(charger: Charger, reading: { kwh: number; meterKwh: number; at: number }): void {
    const { device } = charger;
    const last = lastEvent(this.journal, { subject: meterSubject(device.id) });
    const baseline = dataOf(last);
    const since = Array.from({ length: device.guns }, (_, i) =>
      readAll(this.journal, { subject: `${device.id}:gun${i + 1}` }, last?.seq ?? 0),
    )
      .flat()
      .filter((e) => e.type === SESSION_EVENT);
    const sessionsKwh = since.reduce((n, e) => n + (numberOf(dataOf(e).energyKwh) ?? 0), 0);
    const verdict = checkMeter({
      baselineKwh: last ? numberOf(baseline.accountedKwh) : null,
      sessions: since.length,
      sessionsKwh,
      accountedKwh: reading.kwh,
      meterStepKwh: charger.meterStepKwh,
      sessionStepKwh: charger.sessionStepKwh,
      guns: device.guns,
    });
    // The gap: from the last the journal knew of this charger (checkpoint or session end) to this reading.
    const lastKnown = Math.max(
      numberOf(baseline.at) ?? last?.ts ?? 0,
      ...since.map((e) => numberOf(dataOf(e).endedAt) ?? e.ts),
    );
    const gap: Gap = { from: lastKnown, to: reading.at };
    const figures = { accountedKwh: kwh(reading.kwh), meterKwh: reading.meterKwh };
    switch (verdict.kind) {
      case 'first':
        this.journal.append(
          this.event(METER_CHECKPOINT_EVENT, charger, { why: 'first', ...figures, at: reading.at }),
        );
        return;
      case 'match':
        // Only to keep the next start's look-back short: nothing was missing.
        if (since.length > 0)
          this.journal.append(
            this.event(METER_CHECKPOINT_EVENT, charger, { why: 'start', ...figures, at: reading.at }),
          );
        return;
      case 'missing':
        this.journal.append(
          this.event(SESSION_EVENT, charger, {
            gun: null,
            startedAt: gap.from,
            endedAt: gap.to,
            energyKwh: kwh(verdict.energyKwh),
            durationS: null,
            endState: 'unknown',
            reconstructed: true,
            counter: { key: charger.meterKey, expectedKwh: kwh(verdict.expectedKwh), ...figures },
            gap,
            ...figures,
          }),
        );
        return;
      case 'backwards':
        this.journal.append(
          this.event(METER_ANOMALY_EVENT, charger, {
            counter: { key: charger.meterKey, expectedKwh: kwh(verdict.expectedKwh), ...figures },
            gap,
            ...figures,
            at: reading.at,
          }),
        );
        return;
    }
  }

  private event(type: string, charger: Charger, data: Record<string, JsonValue>) {
    return {
      type,
      subject: meterSubject(charger.device.id),
      data: { deviceId: charger.device.id, stationId: charger.device.stationId, ...data },
      reason: null,
      actor: SYSTEM_ACTOR,
      ts: this.now(),
    };
  }
}
