import type { AlarmEvent } from '../../shared/alarm/state';
import type { JsonValue } from '../../shared/journal/event';
import { assignTier, retier, type Tier, type TierAssignment } from '../../shared/triage/tiers';
import type { DeadlineWatch } from './deadlines';
import type { AlarmPoints, Source } from './points';
import { asRecord, type RecordedEvent, replayEach } from './recorded';
import { type AlarmSteps, JOURNAL_TYPE, REPLAY } from './steps';

export type ReplayParts = {
  points: AlarmPoints;
  steps: AlarmSteps;
  deadlines: DeadlineWatch;
};

const EVENT_OF_TYPE = new Map(
  Object.entries(JOURNAL_TYPE).map(([event, type]) => [type, event as AlarmEvent['type']]),
);

/**
 * Rebuilds the queue from the journal: every recorded event goes through
 * the same state machine at the time it was recorded, so states, shelves,
 * acknowledgements, tier changes, flood and chatter windows and escalated
 * deadlines come back as they were. Returns the events that no longer fit.
 */
export function replayAlarms(events: Iterable<RecordedEvent>, parts: ReplayParts): string[] {
  const { points, steps, deadlines } = parts;
  return replayEach(events, 'alarm.', (e) => {
    const eventType = EVENT_OF_TYPE.get(e.type);
    if (eventType) replayStep(e, eventType, parts);
    else if (e.type === 'alarm.retiered') {
      const point = points.get(e.subject);
      const result = retier(point.assignment, asRecord(e.data).to as Tier, e.reason ?? '', e.ts);
      if ('refused' in result) throw new Error(result.refused);
      point.assignment = result.next;
    } else if (e.type === 'alarm.sla-breached') {
      const data = asRecord(e.data);
      deadlines.remember(e.subject, Number(data.raisedAt), String(data.clockId));
    } else if (e.type === 'alarm.closed') steps.forget(e.subject);
  });
}

function replayStep(e: RecordedEvent, type: AlarmEvent['type'], { points, steps }: ReplayParts): void {
  const data = asRecord(e.data);
  const cause = String(data.cause ?? e.subject.slice(e.subject.lastIndexOf(':') + 1));
  const deviceId = typeof data.deviceId === 'string' ? data.deviceId : null;
  const gatewayId =
    cause === 'comms.gateway' ? e.subject.slice(0, e.subject.length - ':comms.gateway'.length) : null;
  const stationId = String(data.stationId ?? '');
  const source: Source = data.source === 'limit' ? 'limit' : 'status';
  steps.ensure({ id: e.subject, deviceId, gatewayId, stationId, cause, source }, e.ts, REPLAY);
  const point = points.get(e.subject);
  if (type === 'activate' && point.machine.state === 'normal') {
    steps.newIncident(point, e.ts);
    if (typeof data.tier === 'string' && typeof data.defectClass === 'string') {
      point.assignment = assignTier({
        tier: data.tier as Tier,
        defectClass: data.defectClass as TierAssignment['defectClass'],
        priority: String(data.priority) as TierAssignment['priority'],
        ruleId: String(data.ruleId ?? 'journal'),
      });
    }
  }
  steps.replay(point, eventOf(type, e, data), e.actor, e.ts);
}

/** The state-machine event a journalled alarm event stands for, or null for one that is not a step (a breach, a retier). */
export function machineEventOf(e: RecordedEvent): AlarmEvent | null {
  const type = EVENT_OF_TYPE.get(e.type);
  return type ? eventOf(type, e, asRecord(e.data)) : null;
}

/** The state-machine event a journalled alarm event stands for. */
function eventOf(type: AlarmEvent['type'], e: RecordedEvent, data: Record<string, JsonValue>): AlarmEvent {
  switch (type) {
    case 'shelve':
      return { type, reason: e.reason ?? '', untilMs: Number(data.untilMs) };
    case 'suppress': {
      const parent = asRecord(data.parent ?? null);
      return {
        type,
        parent: { kind: parent.kind === 'gateway' ? 'gateway' : 'station', id: String(parent.id) },
      };
    }
    case 'remove-from-service':
      return { type, reason: e.reason ?? 'out of service' };
    default:
      return { type };
  }
}
