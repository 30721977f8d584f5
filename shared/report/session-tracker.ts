import type { PointSample } from '../api/model';
import type { ChargingSession, UnstartedPlugIn } from './facts';

/** A gun's point: its number, and which of state, session energy and session timer. */
export const GUN_POINT = /^gun(\d+)\.(state|energy|duration)$/;
/** Gun states inside a session: a session starts on entering one and ends on leaving them all. */
export const IN_SESSION: ReadonlySet<string> = new Set(['preparing', 'charging', 'finishing']);
/** Whether a charger's gun state shows a car plugged in before it charges, so a start that never came can be seen. */
export function showsPlugIns(points: readonly { key: string; enum?: Record<string, string> }[]): boolean {
  return points.some(
    (p) => GUN_POINT.exec(p.key)?.[2] === 'state' && Object.values(p.enum ?? {}).includes('preparing'),
  );
}

/** A gun's power reading, for how a session ended (at power, or tapered off). */
const GUN_POWER = /^gun(\d+)\.power$/;

type Open = {
  startedAt: number;
  energyKwh: number;
  durationS: number;
  /** Plugged in but never charging (and no energy) is not a charging session. */
  charged: boolean;
  /** Every reading showed the gun preparing: a start that never came, rather than a session seen only at its end. */
  onlyPreparing: boolean;
  /** The highest power, and the last power read while charging (kW); null until one is read. */
  peakKw: number | null;
  endKw: number | null;
};

type Gun = { state: string | null; open: Open | null };

type Reading = { ts: number; state?: string; energy?: number; duration?: number; power?: number };

/**
 * Charging sessions from the gun telemetry the engine already reads: a
 * session starts when a gun enters preparing / charging / finishing and
 * ends when it leaves them (idle, faulted, unavailable). Its energy is the
 * highest session-energy reading seen, because chargers clear the register
 * as the session ends; its start is back-dated by the gun's session timer,
 * so a session under way when the desk (re)starts keeps its real start.
 * Values of bad or comm-fail quality are not readings: a session survives a
 * comms loss and ends at the first good reading that shows the gun out of it.
 * A gun that goes from preparing back to idle without charging was plugged
 * in and never started (a refused card, a driver who gave up): no session,
 * but `onUnstarted` hears of it.
 */
export class SessionTracker {
  private readonly guns = new Map<string, Gun>();

  constructor(
    private readonly stationOf: (deviceId: string) => string | null,
    private readonly onUnstarted: (plugIn: UnstartedPlugIn) => void = () => {},
  ) {}

  /** Feeds one telemetry delta; returns the sessions it ended. */
  update(samples: readonly PointSample[]): ChargingSession[] {
    const readings = new Map<string, Reading>();
    for (const s of samples) {
      if (s.quality !== 'good') continue;
      const match = GUN_POINT.exec(s.key) ?? GUN_POWER.exec(s.key);
      if (!match || this.stationOf(s.deviceId) === null) continue;
      const key = `${s.deviceId}\u0000${match[1]}`;
      const reading = readings.get(key) ?? { ts: s.ts };
      reading.ts = Math.max(reading.ts, s.ts);
      if (match[2] === 'state' && typeof s.value === 'string') reading.state = s.value;
      if (match[2] === 'energy' && typeof s.value === 'number') reading.energy = s.value;
      if (match[2] === 'duration' && typeof s.value === 'number') reading.duration = s.value;
      if (match[2] === undefined && typeof s.value === 'number') reading.power = s.value;
      readings.set(key, reading);
    }
    const ended: ChargingSession[] = [];
    for (const [key, reading] of readings) {
      const gun = this.guns.get(key) ?? { state: null, open: null };
      const state = reading.state ?? gun.state;
      const now = state !== null && IN_SESSION.has(state);
      if (now && !gun.open)
        gun.open = {
          startedAt: reading.ts,
          energyKwh: 0,
          durationS: 0,
          charged: false,
          onlyPreparing: true,
          peakKw: null,
          endKw: null,
        };
      if (gun.open) {
        const open = gun.open;
        if (reading.energy !== undefined && reading.energy > open.energyKwh) open.energyKwh = reading.energy;
        if (reading.duration !== undefined && reading.duration > open.durationS) {
          open.durationS = reading.duration;
          open.startedAt = Math.min(open.startedAt, reading.ts - reading.duration * 1000);
        }
        if (state === 'charging' || open.energyKwh > 0) open.charged = true;
        if (now && state !== 'preparing') open.onlyPreparing = false;
        // The power of the poll that shows the gun charging: a reading of the poll that ends it is already 0.
        if (reading.power !== undefined && state === 'charging') {
          open.peakKw = Math.max(open.peakKw ?? 0, reading.power);
          open.endKw = reading.power;
        }
        if (!now) {
          const [deviceId = '', n = '1'] = key.split('\u0000');
          if (open.charged) {
            ended.push({
              deviceId,
              stationId: this.stationOf(deviceId) ?? '',
              gun: Number(n),
              startedAt: open.startedAt,
              endedAt: reading.ts,
              energyKwh: open.energyKwh,
              durationS: open.durationS,
              endState: state ?? 'unknown',
              reconstructed: false,
              peakPowerKw: open.peakKw,
              endPowerKw: open.endKw,
            });
          } else if (open.onlyPreparing && state === 'idle') {
            const stationId = this.stationOf(deviceId) ?? '';
            this.onUnstarted({
              deviceId,
              stationId,
              gun: Number(n),
              pluggedAt: open.startedAt,
              endedAt: reading.ts,
            });
          }
          gun.open = null;
        }
      }
      gun.state = state;
      this.guns.set(key, gun);
    }
    return ended;
  }

  /** Drops the guns of devices no longer configured; their open sessions are not recorded. */
  keep(deviceIds: ReadonlySet<string>): void {
    for (const key of this.guns.keys()) {
      if (!deviceIds.has(key.split('\u0000')[0] ?? '')) this.guns.delete(key);
    }
  }
}
