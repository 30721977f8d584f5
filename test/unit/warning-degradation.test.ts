import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../shared/warning/model';
import { detectSite } from '../../shared/warning/pass';
import { simulateFleetYear, siteWindow } from '../../sim/degradation/fleet-year';
import { DEGRADATIONS, severity } from '../../sim/degradation/kinds';

const options = { seed: 5, sites: 12, days: 200, degradedShare: 0.3, startMs: Date.UTC(2026, 0, 1) };

describe('simulated degradations', () => {
  it('replays the same fleet-year from the same seed, and a different one from another', () => {
    const a = simulateFleetYear(options);
    const b = simulateFleetYear(options);
    const c = simulateFleetYear({ ...options, seed: 6 });
    expect(b).toEqual(a);
    expect(c.degradations).not.toEqual(a.degradations);
  });

  it('grows each degradation from its onset to a fault weeks later, on a device that can show it', () => {
    const fleet = simulateFleetYear(options);
    expect(fleet.degradations.length).toBeGreaterThan(5);
    for (const d of fleet.degradations) {
      const [lo, hi] = DEGRADATIONS[d.kind].weeks;
      expect(d.faultDay - d.onsetDay).toBeGreaterThanOrEqual(lo * 7);
      expect(d.faultDay - d.onsetDay).toBeLessThanOrEqual(hi * 7);
      expect(severity(d, d.onsetDay - 1)).toBe(0);
      expect(severity(d, d.faultDay)).toBe(1);
    }
  });

  it('shows a contact-resistance degradation in its charger thermal series, and only after the onset', () => {
    const fleet = simulateFleetYear({ ...options, sites: 40 });
    const d = fleet.degradations.find((x) => x.kind === 'contact-resistance');
    expect(d).toBeDefined();
    if (!d) return;
    const charger = fleet.sites.flatMap((s) => s.chargers).find((c) => c.deviceId === d.deviceId);
    const thermal = charger?.thermal ?? [];
    const mean = (from: number, to: number) => {
      const v = thermal.slice(from, to).filter((x): x is number => x !== null && x > 0);
      return v.reduce((a, b) => a + b, 0) / v.length;
    };
    const before = mean(d.onsetDay - 20, d.onsetDay);
    expect(mean(d.faultDay - 10, d.faultDay)).toBeGreaterThan(1.5 * before);
    // The detectors see it coming: a connector-thermal warning before the fault day.
    const site = fleet.sites.find((s) => s.chargers.some((c) => c.deviceId === d.deviceId));
    if (!site) throw new Error('no site');
    const warnedOn = Array.from({ length: d.faultDay - d.onsetDay }, (_, i) => d.onsetDay + i).find((day) =>
      detectSite(siteWindow(site, fleet.startMs, day, 60)).some(
        (f) => f.deviceId === d.deviceId && f.detector === 'connector-thermal',
      ),
    );
    expect(warnedOn).toBeDefined();
    expect(warnedOn as number).toBeLessThan(d.faultDay - 1);
    const finding = detectSite(siteWindow(site, fleet.startMs, warnedOn as number, 60)).find(
      (f) => f.deviceId === d.deviceId,
    );
    expect(finding?.startedAtMs).toBeGreaterThanOrEqual(fleet.startMs + (d.onsetDay - 10) * DAY_MS);
  });

  it('cuts a charger’s sessions at power ever more after a power cutout sets in, and the end-power rule sees it', () => {
    const fleet = simulateFleetYear({ ...options, sites: 40 });
    const d = fleet.degradations.find((x) => x.kind === 'power-cutout' && x.onsetDay >= 60);
    expect(d).toBeDefined();
    if (!d) return;
    const site = fleet.sites.find((s) => s.chargers.some((c) => c.deviceId === d.deviceId));
    const charger = site?.chargers.find((c) => c.deviceId === d.deviceId);
    if (!site || !charger) throw new Error('no charger');
    const share = (from: number, to: number) => {
      const sum = (v: (number | null)[]) => v.slice(from, to).reduce((a: number, b) => a + (b ?? 0), 0);
      return sum(charger.atPower) / Math.max(1, sum(charger.powered));
    };
    expect(share(d.onsetDay - 30, d.onsetDay)).toBeLessThan(0.1);
    expect(share(d.faultDay - 5, d.faultDay)).toBeGreaterThan(0.2);
    const warnedOn = Array.from({ length: d.faultDay - d.onsetDay }, (_, i) => d.onsetDay + i).find((day) =>
      detectSite(siteWindow(site, fleet.startMs, day, 60)).some(
        (f) => f.deviceId === d.deviceId && f.variant === 'end-at-power',
      ),
    );
    expect(warnedOn).toBeDefined();
    expect(warnedOn as number).toBeLessThan(d.faultDay - 1);
  });
});
