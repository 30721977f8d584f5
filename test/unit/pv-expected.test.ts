import { describe, expect, it } from 'vitest';
import { DeskConfig } from '../../shared/config/schema';
import { clearSkyExpectedKw, DEFAULT_DERATING, referenceExpectedKw } from '../../shared/pv/expected';

const SHAOXING = { lat: 29.9966, lng: 120.5846 };
/** Local time in Shaoxing (UTC+8) as epoch ms. */
const local = (iso: string) => Date.parse(`${iso}+08:00`);

describe('clear-sky expected PV power', () => {
  it('is nothing at night and before sunrise', () => {
    expect(clearSkyExpectedKw(local('2026-06-21T00:00:00'), SHAOXING, 50)).toBe(0);
    expect(clearSkyExpectedKw(local('2026-12-21T05:30:00'), SHAOXING, 50)).toBe(0);
  });

  it('peaks near solar noon, higher in June than in December, and never passes the rating', () => {
    const juneNoon = clearSkyExpectedKw(local('2026-06-21T11:57:00'), SHAOXING, 50);
    const juneMorning = clearSkyExpectedKw(local('2026-06-21T08:00:00'), SHAOXING, 50);
    const decemberNoon = clearSkyExpectedKw(local('2026-12-21T11:57:00'), SHAOXING, 50);
    expect(juneNoon).toBeGreaterThan(juneMorning);
    expect(juneNoon).toBeGreaterThan(decemberNoon);
    expect(juneNoon).toBeLessThanOrEqual(50);
    // 83° sun in June: Haurwitz gives ~1030 W/m², so rating × derating × ~1.03, capped at the rating.
    expect(juneNoon).toBeCloseTo(Math.min(50, 50 * DEFAULT_DERATING * 1.03), 0);
    expect(clearSkyExpectedKw(local('2026-06-21T11:57:00'), SHAOXING, 50, 1.2)).toBe(50);
  });

  it('scales with the rating and the derating factor', () => {
    const at = local('2026-03-20T10:00:00');
    const base = clearSkyExpectedKw(at, SHAOXING, 50, 0.8);
    expect(clearSkyExpectedKw(at, SHAOXING, 100, 0.8)).toBeCloseTo(2 * base, 9);
    expect(clearSkyExpectedKw(at, SHAOXING, 50, 0.4)).toBeCloseTo(base / 2, 9);
  });
});

describe('reference-inverter expectation', () => {
  it('takes the best performer at the site per kW of rating, scaled to this inverter', () => {
    const peers = [
      { deviceId: 'pv1', ratedKw: 50, kw: 10 },
      { deviceId: 'pv2', ratedKw: 30, kw: 15 },
      { deviceId: 'pv3', ratedKw: 50, kw: 20 },
    ];
    expect(referenceExpectedKw('pv1', 50, peers)).toEqual({ kw: 25, referenceId: 'pv2' });
  });

  it('never compares an inverter with itself, nor with a neighbour producing nothing', () => {
    expect(referenceExpectedKw('pv1', 50, [{ deviceId: 'pv1', ratedKw: 50, kw: 40 }])).toBeNull();
    expect(
      referenceExpectedKw('pv1', 50, [
        { deviceId: 'pv1', ratedKw: 50, kw: 40 },
        { deviceId: 'pv2', ratedKw: 50, kw: 0 },
      ]),
    ).toBeNull();
  });

  it('caps the expectation at this inverter’s own rating', () => {
    expect(referenceExpectedKw('small', 10, [{ deviceId: 'big', ratedKw: 50, kw: 60 }])?.kw).toBe(10);
  });
});

describe('the derating of a station', () => {
  it('comes from the station where it says, and is the default where it does not', () => {
    const at = local('2026-06-21T10:00:00');
    const base = clearSkyExpectedKw(at, SHAOXING, 50);
    expect(clearSkyExpectedKw(at, SHAOXING, 50, DEFAULT_DERATING)).toBe(base);
    expect(clearSkyExpectedKw(at, { ...SHAOXING, pvDerating: 0.4 }, 50)).toBeCloseTo(base / 2, 9);
  });

  it('is a station field of the config, within sensible bounds', () => {
    const config = (pvDerating: number) => ({
      stations: [{ id: 's1', name: 'S', lat: 30, lng: 120, group: 'g', urban: true, pvDerating }],
      devices: [],
    });
    expect(DeskConfig.parse(config(0.72)).stations[0]?.pvDerating).toBe(0.72);
    expect(DeskConfig.safeParse(config(2)).success).toBe(false);
    expect(DeskConfig.safeParse(config(0)).success).toBe(false);
  });
});
