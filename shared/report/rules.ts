import type { RulesSpan } from '../api/reports';
import type { JsonValue } from '../journal/event';
import { presetFor, SlaChoice, type SlaSettings, slaSettingsOf } from '../triage/sla';
import type { ReportEvent } from './facts';

/**
 * The rules a past alarm is judged by. The desk journals a `config.revision`
 * event whenever the configuration in force changes (at start when it
 * differs from the last one journalled, and on every applied edit), with
 * the SLA choice it makes; a report replays those events so an alarm raised
 * last month runs through the preset its station group was on then, not
 * the one it is on today.
 */
export const RULES_EVENT = 'config.revision';

/** One journalled revision: when it took effect, its content hash and the SLA settings it stands for. */
export type RulesRevision = { at: number; revision: string; settings: SlaSettings };

/** The rules an alarm raised at some moment is judged by: a revision, or none journalled yet. */
export type RulesAt = { revision: string | null; settings: SlaSettings };

const record = (data: JsonValue): Record<string, JsonValue> =>
  data !== null && typeof data === 'object' && !Array.isArray(data) ? data : {};

/**
 * The revisions in journal order. One whose SLA choice this desk no longer
 * understands (a preset it does not ship) is left out: the span it covered
 * falls to the revision before it, and the report's basis line shows that.
 */
export function rulesRevisions(events: readonly ReportEvent[]): RulesRevision[] {
  return events.flatMap((e) => {
    if (e.type !== RULES_EVENT) return [];
    const data = record(e.data);
    const choice = SlaChoice.safeParse(data.sla);
    if (typeof data.revision !== 'string' || !choice.success) return [];
    return [{ at: e.ts, revision: data.revision, settings: slaSettingsOf(choice.data) }];
  });
}

/**
 * The rules in force at any moment of a period, and the spans of the period
 * each covered. Before the first journalled revision (a journal older than
 * this record), the current settings are assumed, with no revision named.
 */
export function rulesInForce(
  revisions: readonly RulesRevision[],
  current: SlaSettings,
  period: { from: number; to: number },
  groups: readonly string[],
): { at(ts: number): RulesAt; spans: RulesSpan[] } {
  const sorted = [...revisions].sort((a, b) => a.at - b.at);
  const at = (ts: number): RulesAt => {
    const found = sorted.findLast((r) => r.at <= ts);
    return found
      ? { revision: found.revision, settings: found.settings }
      : { revision: null, settings: current };
  };
  const starts = [period.from, ...sorted.map((r) => r.at).filter((t) => t > period.from && t < period.to)];
  const spans: RulesSpan[] = [];
  for (const [i, from] of starts.entries()) {
    const rules = at(from);
    const span: RulesSpan = {
      revisions: rules.revision === null ? [] : [rules.revision],
      from,
      to: starts[i + 1] ?? period.to,
      presets: groups.map((group) => ({ group, preset: presetFor({ group }, rules.settings).id })),
    };
    const last = spans.at(-1);
    // A revision that changed nothing the report judges by (another part of the config) joins the span before it.
    if (last && samePresets(last, span)) {
      last.to = span.to;
      last.revisions.push(...span.revisions.filter((r) => !last.revisions.includes(r)));
    } else spans.push(span);
  }
  return { at, spans };
}

function samePresets(a: RulesSpan, b: RulesSpan): boolean {
  return (
    a.presets.length === b.presets.length &&
    a.presets.every((p, i) => p.group === b.presets[i]?.group && p.preset === b.presets[i]?.preset)
  );
}
