import type { AlarmEvent } from '../../shared/alarm/state';
import type { AlarmView } from '../../shared/api/contract';
import type { Actor } from '../../shared/journal/event';
import { retier, type Tier, type TierAssignment } from '../../shared/triage/tiers';
import type { DeskClock } from './clock';
import type { AlarmPoints } from './points';
import { AlarmRefusal } from './refusal';
import type { AlarmSteps } from './steps';
import type { AlarmTurn } from './turn';
import type { AlarmViews } from './views';

export type ActionParts = {
  clock: DeskClock;
  points: AlarmPoints;
  steps: AlarmSteps;
  turn: AlarmTurn;
  views: AlarmViews;
};

/** The current incident of an alarm, as a work order opens on it. */
export type AlarmIncident = {
  id: string;
  deviceId: string | null;
  stationId: string;
  tier: Tier;
  defectClass: TierAssignment['defectClass'];
  raisedAt: number;
  cause: string;
};

/**
 * What an operator does to an alarm: acknowledge, shelve and unshelve it,
 * change its tier, open a work order on its incident. Each is journalled
 * on its own before the alarm changes, and answers with the alarm's view.
 */
export class OperatorActions {
  constructor(private readonly parts: ActionParts) {}

  incident(id: string): AlarmIncident {
    const point = this.parts.points.get(id);
    if (point.machine.state === 'normal' && !point.machine.conditionActive) {
      throw new AlarmRefusal(`alarm ${id} is normal: there is no incident to open a work order for`);
    }
    const { tier, defectClass } = point.assignment;
    return {
      id,
      deviceId: point.deviceId,
      stationId: point.stationId,
      tier,
      defectClass,
      raisedAt: point.raisedAt,
      cause: point.cause,
    };
  }

  ack(id: string, actor: Actor, reason: string | null): AlarmView {
    return this.operate(id, { type: 'ack' }, actor, reason);
  }

  shelve(id: string, reason: string, untilMs: number, actor: Actor): AlarmView {
    return this.operate(id, { type: 'shelve', reason, untilMs }, actor, reason.trim());
  }

  unshelve(id: string, reason: string | null, actor: Actor): AlarmView {
    return this.operate(id, { type: 'unshelve' }, actor, reason);
  }

  retier(id: string, tier: Tier, reason: string, actor: Actor): AlarmView {
    const { clock, points, turn, views } = this.parts;
    const point = points.get(id);
    const atMs = clock.now();
    const result = retier(point.assignment, tier, reason, atMs);
    if ('refused' in result) throw new AlarmRefusal(result.refused);
    const from = point.assignment.tier;
    turn.durably({
      type: 'alarm.retiered',
      subject: point.id,
      data: { from, to: tier, cause: point.cause, stationId: point.stationId },
      reason: reason.trim(),
      actor,
      ts: atMs,
    });
    point.assignment = result.next;
    turn.touch(point.id);
    turn.flush();
    return views.view(point, atMs);
  }

  private operate(id: string, event: AlarmEvent, actor: Actor, reason: string | null): AlarmView {
    const point = this.parts.points.get(id);
    this.parts.steps.operate(point, event, actor, reason);
    return this.parts.views.view(point, this.parts.clock.now());
  }
}
