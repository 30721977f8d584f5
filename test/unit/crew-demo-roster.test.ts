import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CrewsConfig } from '../../shared/config/crews';
import { DeskConfig } from '../../shared/config/schema';
import { onCallAt } from '../../shared/crew/oncall';
import { rankCrews } from '../../shared/crew/rank';
import { demoFleet } from '../../sim/fleet';

const raw = JSON.parse(readFileSync(join(import.meta.dirname, '../../resources/demo/crews.json'), 'utf8'));

describe('the demo roster', () => {
  const roster = CrewsConfig.parse(raw);
  const stations = demoFleet().map((s) => s.station);

  it('is a valid crews section of a desk configuration', () => {
    const config = DeskConfig.parse({ stations, devices: [], crews: raw });
    expect(config.crews?.crews.map((c) => c.id)).toEqual(['yc-1', 'yc-2', 'kq-1', 'sy-1', 'zj-1', 'sz-1']);
  });

  it('has a crew on call for a DC fault at every demo station, the nearest one first', () => {
    // 2026-12-05 10:00 and 2026-12-08 10:00 Shanghai: the two turns of the rotation.
    for (const nowMs of [Date.parse('2026-12-05T02:00:00Z'), Date.parse('2026-12-08T02:00:00Z')]) {
      expect(onCallAt(roster.onCall, nowMs).size).toBe(5);
      for (const station of stations) {
        const [first] = rankCrews({
          roster,
          station,
          job: { kind: 'dc-charger', defectClass: 'serious', tier: 'on-site' },
          nowMs,
          arrivalDeadline: nowMs + 4 * 3_600_000,
          loads: new Map(),
        });
        expect(first?.onCall, `${station.id} at ${new Date(nowMs).toISOString()}`).toBe(true);
        expect(first?.meetsDeadline).toBe(true);
      }
    }
  });
});
