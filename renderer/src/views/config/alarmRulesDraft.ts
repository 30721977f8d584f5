import { Priority } from '../../../../shared/alarm/priority';
import type { AlarmRules, AlarmRulesInput } from '../../../../shared/config/alarm-rules';
import type { TriageOverrideInput } from '../../../../shared/triage/overrides';
import { numberOf, rowKey } from './text';

/** One site triage row as typed; `scope` says whether `target` is a station id or a group. */
export type OverrideRow = {
  row: number;
  id: string;
  scope: 'station' | 'group';
  target: string;
  cause: string;
  /** Device kinds, comma-separated; empty: any kind. */
  kinds: string;
  /** Not a column: kept as loaded, so saving does not lose it. */
  charging?: boolean;
  defectClass: string;
  /** Empty: from the defect class. */
  tier: string;
  /** Empty: from the class and tier. */
  priority: string;
  why: string;
};

export type AlarmRulesDraft = {
  overrides: OverrideRow[];
  /** Hours per priority as typed; empty: one shift (8 h). */
  shelveMaxHours: Record<Priority, string>;
};

export function alarmRulesDraftOf(rules: AlarmRules | undefined): AlarmRulesDraft {
  const hours = rules?.shelveMaxHours ?? {};
  return {
    overrides: (rules?.triageOverrides ?? []).map((o) => ({
      row: rowKey(),
      id: o.id,
      scope: o.station !== undefined ? 'station' : 'group',
      target: o.station ?? o.group ?? '',
      cause: o.cause,
      kinds: (o.kinds ?? []).join(', '),
      ...(o.charging !== undefined ? { charging: o.charging } : {}),
      defectClass: o.defectClass,
      tier: o.tier ?? '',
      priority: o.priority ?? '',
      why: o.why,
    })),
    shelveMaxHours: Object.fromEntries(
      Priority.options.map((p) => [p, hours[p] === undefined ? '' : String(hours[p])]),
    ) as Record<Priority, string>,
  };
}

/** The config's `alarmRules`, or nothing at all when the site has none, so a file without the section stays so. */
export function alarmRulesInputOf(draft: AlarmRulesDraft): { alarmRules?: AlarmRulesInput } {
  const shelveMaxHours = Object.fromEntries(
    Priority.options.flatMap((p) => {
      const text = draft.shelveMaxHours[p].trim();
      return text === '' ? [] : [[p, numberOf(text)]];
    }),
  );
  if (draft.overrides.length === 0 && Object.keys(shelveMaxHours).length === 0) return {};
  const triageOverrides = draft.overrides.map(
    (o): TriageOverrideInput => ({
      id: o.id.trim(),
      [o.scope]: o.target,
      cause: o.cause.trim(),
      ...(o.kinds.trim()
        ? { kinds: o.kinds.split(/[,，\s]+/).filter(Boolean) as TriageOverrideInput['kinds'] }
        : {}),
      ...(o.charging !== undefined ? { charging: o.charging } : {}),
      defectClass: o.defectClass as TriageOverrideInput['defectClass'],
      ...(o.tier ? { tier: o.tier as TriageOverrideInput['tier'] } : {}),
      ...(o.priority ? { priority: o.priority as TriageOverrideInput['priority'] } : {}),
      why: o.why.trim(),
    }),
  );
  return { alarmRules: { triageOverrides, shelveMaxHours } };
}

/** A new row for the first station, to be narrowed by the admin; the schema asks for what is still missing. */
export function newOverride(stationId: string): OverrideRow {
  return {
    row: rowKey(),
    id: '',
    scope: 'station',
    target: stationId,
    cause: '',
    kinds: '',
    defectClass: 'general',
    tier: '',
    priority: '',
    why: '',
  };
}
