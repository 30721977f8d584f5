import { describe, expect, it } from 'vitest';
import { DAY_MS, planLoad, STEP_MS, type WeekFleet } from '../../electron/demo/week/plan';
import type { Device, Station } from '../../shared/api/model';

/** The generated week's load from the simulator's models: pure, so checked without files. */
const station: Station = {
  id: 'sx01',
  name: '测试站',
  nameEn: 'Test station',
  address: '',
  lat: 30,
  lng: 120.58,
  group: '越城区',
  urban: true,
};
const device = (id: string, kind: Device['kind'], guns: number, ratedKw: number): Device => ({
  id,
  stationId: 'sx01',
  name: id,
  kind,
  profile: kind,
  endpoint: 'sx01.demo:502',
  unitId: 1,
  guns,
  ratedKw,
});
const fleet: WeekFleet = {
  stations: [station],
  devices: [
    device('sx01-ac1', 'ac-charger', 1, 7),
    device('sx01-dc1', 'dc-charger', 2, 120),
    device('sx01-pv1', 'pv-inverter', 0, 50),
    device('sx01-mt1', 'meter', 0, 200),
  ],
};
const TO = Date.parse('2026-06-15T12:30:00+08:00');
const FROM = TO - 7 * DAY_MS;

describe('the demo week load', () => {
  it('is the same for the same seed and differs for another', () => {
    const a = planLoad(fleet, FROM, TO, 7, []);
    expect(planLoad(fleet, FROM, TO, 7, [])).toEqual(a);
    expect(planLoad(fleet, FROM, TO, 8, []).sessions).not.toEqual(a.sessions);
  });

  it('charges by day and night as the charger models do, and never on a device that is down', () => {
    const outage = { deviceId: 'sx01-dc1', from: FROM + 2 * DAY_MS, to: FROM + 3 * DAY_MS };
    const down = [outage];
    const { sessions } = planLoad(fleet, FROM, TO, 7, down);
    const dc = sessions.filter((s) => s.deviceId === 'sx01-dc1');
    // A public fast charger's two guns: about one car an hour each, most of the day.
    expect(dc.length).toBeGreaterThan(7 * 2 * 8);
    expect(dc.some((s) => s.startedAt >= outage.from && s.startedAt < outage.to)).toBe(false);
    for (const s of sessions) {
      expect(s.endedAt).toBeGreaterThan(s.startedAt);
      expect(s.endedAt).toBeLessThan(TO);
      expect(Number.isInteger(s.startedAt) && Number.isInteger(s.endedAt)).toBe(true);
      expect(s.energyKwh).toBeGreaterThan(0);
    }
  });

  it('draws the PV curve by the sun: nothing at night, kilowatts at noon, every five minutes', () => {
    const { samples } = planLoad(fleet, FROM, TO, 7, []);
    const pv = samples.filter((s) => s.deviceId === 'sx01-pv1' && s.key === 'power');
    expect(pv).toHaveLength((7 * DAY_MS) / STEP_MS);
    const at = (iso: string) => pv.find((s) => s.ts === Date.parse(iso))?.value;
    expect(at('2026-06-12T02:00:00+08:00')).toBe(0);
    expect(Number(at('2026-06-12T12:00:00+08:00'))).toBeGreaterThan(5_000);
    const energy = samples.filter((s) => s.deviceId === 'sx01-pv1' && s.key === 'energyTotal');
    expect(energy.every((s, i) => i === 0 || Number(s.value) >= Number(energy[i - 1]?.value))).toBe(true);
    // The meter follows the station's load the same five minutes.
    expect(samples.filter((s) => s.deviceId === 'sx01-mt1' && s.key === 'power')).toHaveLength(pv.length);
  });
});
