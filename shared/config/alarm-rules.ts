import { z } from 'zod';
import { ShelveMaxHours } from '../alarm/shelving';
import { overrideProblems, TriageOverride } from '../triage/overrides';

/**
 * The alarm rules a site sets in its configuration (`alarmRules`): its own
 * triage rows per station or station group, in front of the shipped table,
 * and the longest shelf per priority.
 */
export const AlarmRules = z
  .object({
    triageOverrides: z.array(TriageOverride).default([]),
    shelveMaxHours: ShelveMaxHours.default({}),
  })
  .strict();
export type AlarmRules = z.infer<typeof AlarmRules>;
export type AlarmRulesInput = z.input<typeof AlarmRules>;

type Issue = { code: 'custom'; path: PropertyKey[]; message: string };

/** The checks that need the stations: unknown stations and groups, and reused row ids, each at its field. */
export function checkAlarmRules(
  rules: AlarmRules | undefined,
  stations: readonly { id: string; group: string }[],
  ctx: { addIssue(issue: Issue): void },
): void {
  for (const p of overrideProblems(rules?.triageOverrides ?? [], stations)) {
    ctx.addIssue({
      code: 'custom',
      path: ['alarmRules', 'triageOverrides', p.index, p.field],
      message: p.message,
    });
  }
}

const SHOWN_FIELDS = ['cause', 'kinds', 'charging', 'defectClass', 'tier', 'priority'] as const;

/**
 * What changed in the alarm rules between two configurations, one line per
 * field path, for the journal's record of the change: a reader of the audit
 * trail sees "alarmRules.shelveMaxHours.critical: 8 → 2", not only that
 * something changed.
 */
export function alarmRuleChanges(before: AlarmRules | undefined, after: AlarmRules | undefined): string[] {
  const lines: string[] = [];
  const hoursBefore = before?.shelveMaxHours ?? {};
  const hoursAfter = after?.shelveMaxHours ?? {};
  for (const priority of ['critical', 'high', 'medium', 'low'] as const) {
    const was = hoursBefore[priority];
    const now = hoursAfter[priority];
    if (was !== now) {
      lines.push(`alarmRules.shelveMaxHours.${priority}: ${was ?? 'default'} → ${now ?? 'default'}`);
    }
  }
  const rowsBefore = new Map((before?.triageOverrides ?? []).map((r) => [r.id, r]));
  const rowsAfter = new Map((after?.triageOverrides ?? []).map((r) => [r.id, r]));
  const describe = (r: typeof rowsAfter extends Map<string, infer R> ? R : never) =>
    `${r.station ? `station ${r.station}` : `group ${r.group}`}: ${SHOWN_FIELDS.flatMap((f) =>
      r[f] === undefined ? [] : [`${f}=${Array.isArray(r[f]) ? r[f].join('|') : r[f]}`],
    ).join(' ')}`;
  for (const [id, row] of rowsAfter) {
    const old = rowsBefore.get(id);
    if (!old) lines.push(`alarmRules.triageOverrides ${id} added (${describe(row)})`);
    else if (JSON.stringify(old) !== JSON.stringify(row)) {
      lines.push(`alarmRules.triageOverrides ${id} changed (${describe(old)} → ${describe(row)})`);
    }
  }
  for (const id of rowsBefore.keys()) {
    if (!rowsAfter.has(id)) lines.push(`alarmRules.triageOverrides ${id} removed`);
  }
  return lines;
}
