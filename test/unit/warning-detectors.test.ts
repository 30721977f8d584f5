import { describe, expect, it } from 'vitest';
import { chargingQuality } from '../../shared/warning/detectors/charging-quality';
import { commsQuality } from '../../shared/warning/detectors/comms';
import { insulationDecline } from '../../shared/warning/detectors/insulation';
import { energyMismatch } from '../../shared/warning/detectors/mismatch';
import { pvPerformance } from '../../shared/warning/detectors/pv';
import { frozenMeter, silentChargers, silentInverters } from '../../shared/warning/detectors/silent';
import { connectorThermal } from '../../shared/warning/detectors/thermal';
import { DAY_MS, type DaySeries } from '../../shared/warning/model';
import { DEFAULT_THRESHOLDS as T, thresholdsFor } from '../../shared/warning/thresholds';

const START = Date.UTC(2026, 5, 1);
/** A reproducible noise source, so each case is the same series every run. */
function noise(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a * 1664525 + 1013904223) >>> 0;
    return a / 4294967296 - 0.5;
  };
}
const days = (n: number, f: (d: number) => number | null): DaySeries => ({
  startMs: START,
  values: Array.from({ length: n }, (_, d) => f(d)),
});

describe('connector thermal trend', () => {
  const n = noise(1);
  it('warns when the thermal resistance climbs over days, naming when it began and the band', () => {
    const series = days(30, (d) => 2 * (1 + 0.04 * n()) * (d >= 20 ? 1 + 0.05 * (d - 19) : 1));
    const f = connectorThermal('dc-1', series, T);
    expect(f?.detector).toBe('connector-thermal');
    expect(f?.startedAtMs).toBeGreaterThanOrEqual(START + 20 * DAY_MS);
    expect(f?.startedAtMs).toBeLessThanOrEqual(START + 25 * DAY_MS);
    expect(f?.evidence.points).toHaveLength(30);
    expect(f?.evidence.points[0]?.hi).toBeGreaterThan(2);
    expect(f?.confidence).toBeGreaterThanOrEqual(0.5);
  });
  it('warns on wear that began slowly inside the window: its early days are trend, not noise', () => {
    // Squared wear from day 5, as a contact loosens: by day 17 it is 1.8× and the early days already drift.
    const worn = (d: number) => (d < 5 ? 1 : 1 + 3 * ((d - 5) / 17) ** 2);
    const series = days(18, (d) => 0.4 * worn(d) * (1 + 0.1 * n()));
    expect(connectorThermal('dc-1', series, T)?.detector).toBe('connector-thermal');
  });
  it('stays quiet on a healthy contact whose days scatter widely', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const m = noise(seed);
      expect(
        connectorThermal(
          'dc-1',
          days(30, () => 0.5 * (1 + 0.3 * m())),
          T,
        ),
      ).toBeNull();
    }
  });
  it('stays quiet on a healthy contact through a holiday with no charging and a sensor dropout', () => {
    const series = days(30, (d) =>
      d >= 10 && d < 15 ? null : d === 27 ? -0.3 : d === 28 ? 0 : 2 * (1 + 0.04 * n()),
    );
    expect(connectorThermal('dc-1', series, T)).toBeNull();
  });
  it('stays quiet once the contact was repaired and the resistance is falling back', () => {
    const series = days(30, (d) =>
      d >= 20 && d < 27 ? 2 * (1 + 0.1 * (d - 19)) : d >= 27 ? 2.4 - 0.3 * (d - 27) : 2,
    );
    expect(connectorThermal('dc-1', series, T)).toBeNull();
  });
});

describe('insulation decline', () => {
  const n = noise(2);
  it('warns when the trend heads for the trip limit', () => {
    const series = days(
      30,
      (d) => 10_000 * Math.exp(0.15 * n()) * (d >= 18 ? Math.exp(-0.35 * (d - 17)) : 1),
    );
    const f = insulationDecline('dc-2', series, T);
    expect(f?.detector).toBe('insulation-decline');
    expect(f?.evidence.unit).toBe('kΩ');
  });
  it('stays quiet through wet days and a sensor reading 0', () => {
    const series = days(30, (d) => (d === 29 ? 0 : d % 7 === 3 ? 3_000 : 10_000 * Math.exp(0.15 * n())));
    expect(insulationDecline('dc-2', series, T)).toBeNull();
  });
});

describe('PV performance against peers', () => {
  const n = noise(3);
  const clear = days(30, () => 6);
  /** Each day's cloudiness, shared by every inverter of the site. */
  const weather = Array.from({ length: 30 }, (_, d) => (d >= 20 ? 0.15 + 0.05 * n() : 0.9 + 0.1 * n()));
  const inverter = (id: string, loss: (d: number) => number) => ({
    deviceId: id,
    ratedKw: 50,
    energyKwh: days(30, (d) => 50 * 6 * 0.8 * (weather[d] as number) * (1 + 0.02 * n()) * (1 - loss(d))),
  });
  it('stays quiet through a cloudy week at the whole site', () => {
    const site = [inverter('pv-1', () => 0), inverter('pv-2', () => 0), inverter('pv-3', () => 0)];
    expect(pvPerformance(site, clear, T)).toEqual([]);
  });
  it('warns about the inverter that sinks below its peers on clear days', () => {
    const sunny = Array.from({ length: 30 }, () => 0.9 + 0.1 * n());
    weather.splice(0, 30, ...sunny);
    const site = [
      inverter('pv-1', (d) => (d >= 18 ? 0.025 * (d - 17) : 0)),
      inverter('pv-2', () => 0),
      inverter('pv-3', () => 0),
    ];
    const found = pvPerformance(site, clear, T);
    expect(found.map((f) => f.deviceId)).toEqual(['pv-1']);
  });
  it('does not judge a lone inverter against nothing', () => {
    expect(pvPerformance([inverter('pv-1', () => 0.5)], clear, T)).toEqual([]);
  });
});

describe('silent equipment', () => {
  const n = noise(4);
  const busy = () => Math.max(0, Math.round(12 + 4 * n()));
  it('warns about a charger with no session while its peers are busy', () => {
    const chargers = [
      { deviceId: 'ac-1', sessions: days(30, (d) => (d >= 27 ? 0 : busy())) },
      { deviceId: 'ac-2', sessions: days(30, busy) },
      { deviceId: 'ac-3', sessions: days(30, busy) },
    ];
    const found = silentChargers(chargers, T);
    expect(found.map((f) => [f.deviceId, f.variant])).toEqual([['ac-1', 'charger-silent']]);
  });
  it('stays quiet over a holiday on which the whole site is idle', () => {
    const holiday = (d: number) => (d >= 25 ? 0 : busy());
    const chargers = ['ac-1', 'ac-2', 'ac-3'].map((id) => ({ deviceId: id, sessions: days(30, holiday) }));
    expect(silentChargers(chargers, T)).toEqual([]);
  });
  it('does not take a new desk’s first hours for a baseline, nor two days for a trend', () => {
    // The desk started polling on day 26 in the evening: ac-1 had the one session of its first hours.
    const fresh = (id: string) =>
      days(30, (d) => (d < 26 ? 0 : d === 26 ? (id === 'ac-1' ? 1 : 0) : id === 'ac-1' ? 5 : 6));
    const chargers = ['ac-1', 'ac-2', 'ac-3'].map((id) => ({ deviceId: id, sessions: fresh(id) }));
    expect(silentChargers(chargers, T)).toEqual([]);
    // Two days of sessions, ac-1 busy on the first: no spread over the window for a share to fall across.
    const twoDays = (id: string) => days(30, (d) => (d < 28 ? 0 : id === 'ac-1' ? (d === 28 ? 9 : 1) : 4));
    const sparse = ['ac-1', 'ac-2', 'ac-3'].map((id) => ({ deviceId: id, sessions: twoDays(id) }));
    expect(silentChargers(sparse, T)).toEqual([]);
  });
  it('warns about an inverter producing zero on sunny days while its peers produce', () => {
    const clear = days(30, () => 6);
    const inverters = ['pv-1', 'pv-2'].map((id) => ({
      deviceId: id,
      ratedKw: 50,
      energyKwh: days(30, (d) => (id === 'pv-1' && d >= 27 ? 0 : 230 * (1 + 0.05 * n()))),
    }));
    expect(silentInverters(inverters, clear, T).map((f) => f.deviceId)).toEqual(['pv-1']);
    // Snow on the carport: every inverter at zero is weather, not a dead one.
    const snowed = inverters.map((inv) => ({ ...inv, energyKwh: days(30, (d) => (d >= 27 ? 0 : 230)) }));
    expect(silentInverters(snowed, clear, T)).toEqual([]);
  });
  it('warns about a meter counter that stopped while the chargers delivered, not about an idle site', () => {
    const sessions = days(30, () => 300);
    const stuck = days(30, (d) => (d >= 27 ? 0 : 306));
    expect(frozenMeter('m-1', stuck, sessions, T)?.variant).toBe('meter-frozen');
    expect(
      frozenMeter(
        'm-1',
        stuck,
        days(30, (d) => (d >= 27 ? 0 : 300)),
        T,
      ),
    ).toBeNull();
  });
});

describe('charging quality', () => {
  const n = noise(5);
  it('warns when abnormal stops rise well above the baseline', () => {
    const sessions = days(30, () => 15);
    const failures = days(30, (d) => (d >= 24 ? 4 : n() > 0.4 ? 1 : 0));
    expect(chargingQuality('ac-1', sessions, failures, T)?.detector).toBe('charging-quality');
  });
  it('stays quiet on a normal failure rate, and over idle days', () => {
    const sessions = days(30, (d) => (d >= 25 ? 0 : 15));
    const failures = days(30, (d) => (d >= 25 ? 0 : n() > 0.35 ? 1 : 0));
    expect(chargingQuality('ac-1', sessions, failures, T)).toBeNull();
  });
});

describe('comms quality', () => {
  it('warns when timeouts climb over days, not for one day of outage', () => {
    const requests = days(30, () => 86_400);
    const rising = days(30, (d) => 86_400 * (d >= 26 ? 0.02 * (d - 24) : 0.004));
    expect(commsQuality('gw-1', requests, rising, T)?.deviceId).toBe('gw-1');
    const outage = days(30, (d) => 86_400 * (d === 28 ? 0.4 : 0.004));
    expect(commsQuality('gw-1', requests, outage, T)).toBeNull();
    const dropout = days(30, (d) => (d >= 27 ? null : 86_400));
    expect(commsQuality('gw-1', dropout, outage, T)).toBeNull();
  });
});

describe('energy mismatch', () => {
  const n = noise(6);
  const sessions = days(30, () => 300 * (1 + 0.2 * n()));
  it('warns when the meter under-reads against the sessions', () => {
    const meter = days(30, (d) => (sessions.values[d] as number) * (d >= 20 ? 1.02 - 0.02 * (d - 19) : 1.02));
    const f = energyMismatch('m-1', meter, sessions, T);
    expect(f?.variant).toBe('meter-under');
  });
  it('stays quiet on a steady ratio and over a holiday with no sessions', () => {
    const meter = days(30, (d) => (d >= 25 ? 4 : (sessions.values[d] as number) * (1.02 + 0.01 * n())));
    const holiday = days(30, (d) => (d >= 25 ? 0 : (sessions.values[d] ?? null)));
    expect(energyMismatch('m-1', meter, holiday, T)).toBeNull();
  });
});

describe('thresholds per profile', () => {
  it('merges a profile override over the defaults', () => {
    const t = thresholdsFor({ connectorThermal: { riseRatio: 1.5 }, windowDays: 45 });
    expect(t.connectorThermal.riseRatio).toBe(1.5);
    expect(t.windowDays).toBe(45);
    expect(t.insulation).toEqual(T.insulation);
  });
  it('rejects an override that is not a threshold, naming the field', () => {
    expect(() => thresholdsFor({ connectorThermal: { riseRatio: 0.5 } })).toThrow(/riseRatio/);
    expect(() => thresholdsFor({ thermal: 1 })).toThrow(/thermal/);
  });
});
