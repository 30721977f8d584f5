/**
 * The escalation steps that went for each alarm, for its latest incident
 * only (`raisedAt` names the incident). An incident that is over never
 * escalates again, so keeping the steps of every incident since the desk
 * began grew the desk's heap with each alarm it ever raised: a few hundred
 * bytes each, without end, on a desk meant to run for years.
 */
export class StepsSent {
  private readonly byAlarm = new Map<string, { raisedAt: number; steps: Set<number> }>();

  /** Step `step` of the incident raised at `raisedAt` went; the alarm's earlier incident is let go. */
  add(alarmId: string, raisedAt: number, step: number): void {
    const entry = this.byAlarm.get(alarmId);
    if (entry?.raisedAt === raisedAt) entry.steps.add(step);
    else this.byAlarm.set(alarmId, { raisedAt, steps: new Set([step]) });
  }

  /** The steps that went for the incident raised at `raisedAt`, as a set of the caller's own. */
  of(alarmId: string, raisedAt: number): Set<number> {
    const entry = this.byAlarm.get(alarmId);
    return new Set(entry?.raisedAt === raisedAt ? entry.steps : []);
  }

  /** The incident was acknowledged: it escalates no further, whatever happens to it next. */
  acknowledged(alarmId: string, raisedAt: number): void {
    if (this.byAlarm.get(alarmId)?.raisedAt === raisedAt) this.byAlarm.delete(alarmId);
  }

  /** Alarms with an incident whose steps are kept. */
  get size(): number {
    return this.byAlarm.size;
  }
}

/** `${alarmId}|${raisedAt}` as journalled in escalation.sent and in an escalation's refs; null if it is not one. */
export function incidentKey(key: string): { alarmId: string; raisedAt: number } | null {
  const bar = key.lastIndexOf('|');
  const raisedAt = Number(key.slice(bar + 1));
  if (bar <= 0 || key.slice(bar + 1) === '' || !Number.isFinite(raisedAt)) return null;
  return { alarmId: key.slice(0, bar), raisedAt };
}
