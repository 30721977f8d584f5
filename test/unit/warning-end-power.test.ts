import { describe, expect, it } from 'vitest';
import { SessionTally } from '../../electron/warnings/sessions';
import { parseProfiles } from '../../shared/profile/parse';
import { SessionTracker } from '../../shared/report/session-tracker';
import { unusualEndPower } from '../../shared/warning/detectors/charging-quality';
import { silentChargers } from '../../shared/warning/detectors/silent';
import { DAY_MS, type DaySeries } from '../../shared/warning/model';
import { type ChargerDays, detectSite, type SiteDays } from '../../shared/warning/pass';
import { DEFAULT_THRESHOLDS as T } from '../../shared/warning/thresholds';

const START = Date.UTC(2026, 5, 1);
const days = (n: number, f: (d: number) => number | null): DaySeries => ({
  startMs: START,
  values: Array.from({ length: n }, (_, d) => f(d)),
});
/** A reproducible count per day around `mean`, so each case is the same series every run. */
function counts(seed: number, mean: number): (d: number) => number {
  let a = seed >>> 0;
  return () => {
    a = (a * 1664525 + 1013904223) >>> 0;
    return Math.max(0, Math.round(mean + (a / 4294967296 - 0.5) * mean * 0.6));
  };
}

describe('sessions that end at unusual power', () => {
  const sessions = counts(1, 15);
  const powered = days(30, sessions);
  it('warns when ever more sessions are cut at full power, from when it began', () => {
    // One in 50 sessions ends at power (a driver unplugging), until a power module starts tripping on day 22.
    const atPower = days(30, (d) => {
      const n = powered.values[d] ?? 0;
      return d >= 22 ? Math.round(n * Math.min(0.6, 0.1 * (d - 21))) : d % 5 === 0 ? 1 : 0;
    });
    const f = unusualEndPower('dc-1', powered, atPower, T);
    expect(f).toMatchObject({ detector: 'charging-quality', variant: 'end-at-power' });
    expect(f?.adviceKey).toBe('warning.advice.endPower');
    expect(f?.evidence.quantity).toBe('warning.quantity.endAtPower');
    expect(f?.startedAtMs).toBeGreaterThanOrEqual(START + 22 * DAY_MS);
    expect(f?.evidence.points.at(-1)?.value).toBeGreaterThan(f?.evidence.points.at(-1)?.hi ?? 100);
  });
  it('stays quiet on a charger whose drivers often unplug mid-charge, as they always have', () => {
    const atPower = days(30, (d) => Math.round((powered.values[d] ?? 0) * 0.3));
    expect(unusualEndPower('ac-1', powered, atPower, T)).toBeNull();
  });
  it('stays quiet over a holiday with no sessions and a power sensor that dropped out', () => {
    const quiet = days(30, (d) => (d >= 23 && d < 28 ? 0 : d >= 28 ? null : (powered.values[d] ?? 0)));
    const atPower = days(30, (d) => (d >= 28 ? null : d % 6 === 0 ? 1 : 0));
    expect(unusualEndPower('dc-1', quiet, atPower, T)).toBeNull();
  });
  it('stays quiet when the whole site lost its supply day after day, cutting every charger', () => {
    const cutDays = new Set([23, 24, 25, 26, 27, 28, 29]);
    const charger = (id: string, seed: number): ChargerDays => {
      const p = days(30, counts(seed, 12));
      return {
        deviceId: id,
        profileId: 'dc-120kw-dual',
        sessions: p,
        failures: days(30, () => 0),
        sessionKwh: days(30, () => 300),
        endPower: {
          powered: p,
          atPower: days(30, (d) => (cutDays.has(d) ? Math.min(4, p.values[d] ?? 0) : 0)),
        },
      };
    };
    const site: SiteDays = {
      siteId: 's1',
      clearSkyKwhPerKw: days(30, () => null),
      chargers: [charger('dc-1', 3), charger('dc-2', 4), charger('dc-3', 5), charger('dc-4', 6)],
      inverters: [],
      meters: [],
      gateways: [],
    };
    expect(detectSite(site)).toEqual([]);
    // The same cuts at one charger alone are that charger's.
    const alone = { ...site, chargers: [site.chargers[0] as ChargerDays, charger('dc-2', 4)] };
    const dc2 = alone.chargers[1] as ChargerDays;
    alone.chargers[1] = { ...dc2, endPower: { powered: dc2.sessions, atPower: days(30, () => 0) } };
    expect(detectSite(alone).map((f) => [f.deviceId, f.variant])).toEqual([['dc-1', 'end-at-power']]);
  });
});

describe('early-warning thresholds in a profile', () => {
  const profile = (warnings: unknown) =>
    JSON.stringify({
      id: 'dc-test',
      kind: 'dc-charger',
      vendor: 'Test',
      model: 'T',
      description: 'a test charger',
      guns: 1,
      ratedKw: 60,
      points: [{ key: 'gun1.state', label: { 'zh-CN': '状态', en: 'State' }, address: 0, type: 'u16' }],
      warnings,
    });
  const parse = (warnings: unknown) => parseProfiles([{ file: 'dc-test.json', text: profile(warnings) }]);

  it('reads a profile’s overrides, the defaults filling the rest', () => {
    const p = parse({ connectorThermal: { riseRatio: 1.4 }, endPower: { ratio: 0.7 } }).get('dc-test');
    expect(p?.warnings).toEqual({ connectorThermal: { riseRatio: 1.4 }, endPower: { ratio: 0.7 } });
  });
  it('refuses a bad value, naming the file and the field', () => {
    expect(() => parse({ connectorThermal: { riseRatio: 0.8 } })).toThrow(
      /dc-test\.json: warnings\.connectorThermal\.riseRatio: /,
    );
  });
  it('refuses a field that is not a threshold, naming it', () => {
    expect(() => parse({ connectorThermall: { riseRatio: 1.4 } })).toThrow(
      /dc-test\.json: warnings: .*connectorThermall/,
    );
  });
  it('refuses overrides that leave no baseline, naming the field', () => {
    expect(() => parse({ windowDays: 10, minBaselineDays: 9 })).toThrow(
      /dc-test\.json: warnings\.recentDays: 3 recent days and 9 baseline days/,
    );
  });
});

describe('how a session ended, from the gun telemetry', () => {
  const sample = (key: string, value: string | number, ts: number) =>
    ({ deviceId: 'dc-1', key, value, quality: 'good', ts }) as const;
  it('keeps the peak and the last charging power of each session', () => {
    const tracker = new SessionTracker(() => 's1');
    tracker.update([sample('gun1.state', 'charging', 0), sample('gun1.power', 110, 0)]);
    tracker.update([sample('gun1.power', 40, 60_000)]);
    // The car is full: the gun finishes at 0 kW, so the session tapered off.
    const tapered = tracker.update([
      sample('gun1.state', 'finishing', 120_000),
      sample('gun1.power', 0, 120_000),
    ]);
    expect(tapered).toEqual([]);
    const [ended] = tracker.update([sample('gun1.state', 'idle', 130_000)]);
    expect(ended).toMatchObject({ peakPowerKw: 110, endPowerKw: 40 });
    // Cut at full power: the last reading while charging is the peak.
    tracker.update([sample('gun1.state', 'charging', 200_000), sample('gun1.power', 100, 200_000)]);
    const [cut] = tracker.update([sample('gun1.state', 'idle', 260_000), sample('gun1.power', 0, 260_000)]);
    expect(cut).toMatchObject({ peakPowerKw: 100, endPowerKw: 100 });
  });
  it('counts per day the sessions that ended at power, leaving failures and unknown power out', () => {
    const tally = new SessionTally();
    const day = Date.UTC(2026, 5, 10, 3);
    const session = (endState: string, peak: number | null, end: number | null) =>
      tally.add(
        { deviceId: 'dc-1', endedAt: day, energyKwh: 20, endState, peakPowerKw: peak, endPowerKw: end },
        T.endPower.ratio,
      );
    session('idle', 110, 30);
    session('idle', 110, 100);
    session('faulted', 110, 110);
    session('idle', null, null);
    const w = tally.window(Date.UTC(2026, 5, 10), 1)['dc-1'];
    expect(w).toEqual({
      sessions: [4],
      failures: [1],
      kwh: [80],
      powered: [2],
      atPower: [1],
      unstarted: [0],
    });
  });
});

describe('a charger fading out of use (trend of its share of the site)', () => {
  const peer = (id: string, seed: number) => ({ deviceId: id, sessions: days(40, counts(seed, 8)) });
  it('warns when its share keeps falling while its peers stay busy', () => {
    const own = counts(9, 8);
    const fading = {
      deviceId: 'ac-9',
      sessions: days(40, (d) => Math.round(own(d) * (d < 16 ? 1 : 1 - ((d - 15) / 25) ** 2))),
    };
    const site = [peer('ac-1', 1), peer('ac-2', 2), peer('ac-3', 3), fading];
    // The level test (silence over days) is switched off here, to see the trend test on its own.
    const trendOnly = { ...T, silent: { ...T.silent, alpha: 1e-300 } };
    expect(silentChargers(site, trendOnly).map((f) => [f.deviceId, f.variant])).toEqual([
      ['ac-9', 'charger-fading'],
    ]);
    expect(silentChargers(site, T).map((f) => f.deviceId)).toEqual(['ac-9']);
  });
  it('stays quiet on a charger that is always used less than its peers', () => {
    const low = { deviceId: 'ac-9', sessions: days(40, counts(9, 2)) };
    expect(silentChargers([peer('ac-1', 1), peer('ac-2', 2), peer('ac-3', 3), low], T)).toEqual([]);
  });
});
