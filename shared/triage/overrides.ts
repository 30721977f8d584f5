import { z } from 'zod';
import { Id } from '../api/model';
import { DEFAULT_TRIAGE_TABLE, TriageRule, type TriageTable, withOverrides } from './tiers';

/**
 * A site's own triage row, for one station or for every station of one
 * group: e.g. a station beside a school runs a door-open alarm on site.
 * Exactly one of `station` and `group` says where the row applies.
 */
export const TriageOverride = TriageRule.extend({
  station: Id.optional(),
  group: z.string().min(1).optional(),
})
  .strict()
  .refine((row) => (row.station === undefined) !== (row.group === undefined), {
    path: ['station'],
    message: 'name either a station or a station group (one of "station", "group")',
  });
export type TriageOverride = z.infer<typeof TriageOverride>;
export type TriageOverrideInput = z.input<typeof TriageOverride>;

type Place = { id: string; group: string };

/**
 * The table one station triages by: its own rows first, then its group's,
 * then the shipped table. The nearer rule wins because it was written with
 * that place in mind.
 */
export function tableFor(
  station: Place,
  overrides: readonly TriageOverride[],
  base: TriageTable = DEFAULT_TRIAGE_TABLE,
): TriageTable {
  const own = overrides.filter((o) => o.station === station.id);
  const group = overrides.filter((o) => o.station === undefined && o.group === station.group);
  if (own.length === 0 && group.length === 0) return base;
  return withOverrides(
    [...own, ...group].map(({ station: _s, group: _g, ...rule }) => rule),
    base,
  );
}

/**
 * What a configuration's overrides must satisfy beyond their own shape:
 * every station and group they name exists, and every row id is new (the
 * journal records the id of the row that triaged an alarm, so one id must
 * mean one row). Each problem comes with the index of its row.
 */
export function overrideProblems(
  overrides: readonly TriageOverride[],
  stations: readonly Place[],
  base: TriageTable = DEFAULT_TRIAGE_TABLE,
): { index: number; field: 'station' | 'group' | 'id'; message: string }[] {
  const stationIds = new Set(stations.map((s) => s.id));
  const groups = [...new Set(stations.map((s) => s.group))];
  const shipped = new Set(base.map((r) => r.id));
  const seen = new Set<string>();
  return overrides.flatMap((o, index) => {
    const problems: { index: number; field: 'station' | 'group' | 'id'; message: string }[] = [];
    if (o.station !== undefined && !stationIds.has(o.station)) {
      problems.push({ index, field: 'station', message: `no station "${o.station}"` });
    }
    if (o.group !== undefined && !groups.includes(o.group)) {
      problems.push({
        index,
        field: 'group',
        message: `no station group "${o.group}" (groups: ${groups.join(', ')})`,
      });
    }
    if (shipped.has(o.id)) {
      problems.push({ index, field: 'id', message: `"${o.id}" is a row of the shipped table: use a new id` });
    } else if (seen.has(o.id)) {
      problems.push({ index, field: 'id', message: `duplicate rule id "${o.id}"` });
    }
    seen.add(o.id);
    return problems;
  });
}
