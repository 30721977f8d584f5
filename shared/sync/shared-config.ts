import { z } from 'zod';
import { CrewsConfig } from '../config/crews';
import { ShiftSchedule } from '../handover/schedule';
import { canonicalJson } from '../journal/canonical-json';
import type { JsonValue } from '../journal/event';
import { SlaChoice } from '../triage/sla';

/**
 * What the organisation's shared configuration may govern at every desk:
 * the roster, the shift times, the SLA presets. A section a revision leaves
 * out stays as each desk has it.
 */
export const SharedSections = z
  .object({
    crews: CrewsConfig.optional(),
    shifts: ShiftSchedule.optional(),
    sla: SlaChoice.optional(),
  })
  .strict();
export type SharedSections = z.infer<typeof SharedSections>;
export type SharedSection = keyof SharedSections;

export const SectionChange = z.object({
  section: z.enum(['crews', 'shifts', 'sla']),
  change: z.enum(['added', 'changed', 'removed']),
  /** What changed within the section: a crew id, a field, a station group. */
  item: z.string(),
  before: z.string().nullable(),
  after: z.string().nullable(),
});
export type SectionChange = z.infer<typeof SectionChange>;

const text = (value: unknown): string | null =>
  value === undefined ? null : typeof value === 'string' ? value : canonicalJson(value as JsonValue);

/** Keyed items of both sides compared: added, changed, removed, in the incoming order then the removed. */
function keyed(
  section: SharedSection,
  before: ReadonlyMap<string, unknown>,
  after: ReadonlyMap<string, unknown>,
): SectionChange[] {
  const changes: SectionChange[] = [];
  for (const [item, value] of after) {
    const old = before.get(item);
    if (old === undefined) changes.push({ section, change: 'added', item, before: null, after: text(value) });
    else if (text(old) !== text(value))
      changes.push({ section, change: 'changed', item, before: text(old), after: text(value) });
  }
  for (const [item, value] of before) {
    if (!after.has(item))
      changes.push({ section, change: 'removed', item, before: text(value), after: null });
  }
  return changes;
}

const fields = (value: object | undefined): Map<string, unknown> =>
  new Map(Object.entries(value ?? {}).filter(([, v]) => v !== undefined));

/**
 * How an incoming revision would change what the desk runs on, section by
 * section: crews by id (plus on-call and travel as wholes), shift fields,
 * the default SLA preset and each group's.
 */
export function sharedConfigDiff(current: SharedSections, incoming: SharedSections): SectionChange[] {
  const changes: SectionChange[] = [];
  if (incoming.crews) {
    const crews = (roster: CrewsConfig | undefined) =>
      new Map<string, unknown>([
        ...(roster?.crews ?? []).map((c) => [`${c.id} ${c.name}`, c] as const),
        ...(roster?.onCall ? [['onCall', roster.onCall] as const] : []),
        ...(roster?.travel ? [['travel', roster.travel] as const] : []),
      ]);
    changes.push(...keyed('crews', crews(current.crews), crews(incoming.crews)));
  }
  if (incoming.shifts) changes.push(...keyed('shifts', fields(current.shifts), fields(incoming.shifts)));
  if (incoming.sla) {
    const sla = (choice: SlaChoice | undefined) =>
      new Map<string, unknown>([
        ...(choice ? [['default', choice.default] as const] : []),
        ...Object.entries(choice?.presetByGroup ?? {}),
      ]);
    changes.push(...keyed('sla', sla(current.sla), sla(incoming.sla)));
  }
  return changes;
}
