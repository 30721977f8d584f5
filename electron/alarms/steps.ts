import { type ChatterPolicy, slide } from '../../shared/alarm/chatter';
import { type ShelveMaxHours, shelvingFor } from '../../shared/alarm/shelving';
import { type AlarmEvent, type Effect, type TransitionResult, transition } from '../../shared/alarm/state';
import type { Actor, JsonValue } from '../../shared/journal/event';
import type { DeskClock } from './clock';
import type { DeadlineWatch } from './deadlines';
import type { FloodWatch } from './flood';
import { type AlarmPoint, type AlarmPoints, newPoint, type PointKey, type Source } from './points';
import { type JournalEntry, SYSTEM_ACTOR } from './recorded';
import { AlarmRefusal } from './refusal';
import type { AlarmTopology } from './topology';
import type { AlarmTurn } from './turn';

/** The journal type of each state-machine event. */
export const JOURNAL_TYPE: Readonly<Record<AlarmEvent['type'], string>> = {
  activate: 'alarm.raised',
  clear: 'alarm.cleared',
  ack: 'alarm.acked',
  shelve: 'alarm.shelved',
  unshelve: 'alarm.unshelved',
  'shelf-expired': 'alarm.shelf-expired',
  suppress: 'alarm.suppressed',
  unsuppress: 'alarm.unsuppressed',
  'remove-from-service': 'alarm.removed-from-service',
  'return-to-service': 'alarm.returned-to-service',
};

/** Whether a step is live or read back from the journal on start. */
export type StepMode = { replay: boolean };
export const LIVE: StepMode = { replay: false };
export const REPLAY: StepMode = { replay: true };

type Accepted = Exclude<TransitionResult, { refused: string }>;

export type StepParts = {
  clock: DeskClock;
  points: AlarmPoints;
  topology: AlarmTopology;
  turn: AlarmTurn;
  flood: FloodWatch;
  deadlines: DeadlineWatch;
  /** The site's longest shelf per priority (config `alarmRules.shelveMaxHours`), read at each shelve. */
  shelveMaxHours: () => ShelveMaxHours | undefined;
  chatter: ChatterPolicy;
};

/** A shelf journalled before a restart was allowed then; a maximum lowered since does not undo it. */
const AS_RECORDED = { maxShelveMs: Number.POSITIVE_INFINITY };

/**
 * Every change of an alarm point, from its creation to its close: each
 * step goes through the pure state machine, is journalled, and its effects
 * (annunciation, shelf timers) follow.
 */
export class AlarmSteps {
  constructor(private readonly parts: StepParts) {}

  ensureDevicePoint(deviceId: string, cause: string, source: Source): void {
    const stationId = this.parts.topology.stationOf(deviceId);
    this.ensure({ id: `${deviceId}:${cause}`, deviceId, gatewayId: null, stationId, cause, source });
  }

  ensure(key: PointKey, atMs = this.parts.clock.now(), mode = LIVE): void {
    const { points, topology, turn } = this.parts;
    if (points.has(key.id)) return;
    // Gone and back within one turn: the page must end up with the new record, not without it.
    turn.revive(key.id);
    const point = newPoint(key, topology.triage(key), atMs);
    points.add(point);
    if (!mode.replay) this.followService(point);
  }

  /** Closes an alarm point whose device or station is gone: journalled, then dropped from the queue. */
  close(point: AlarmPoint, reason: string): void {
    this.parts.turn.record({
      type: 'alarm.closed',
      subject: point.id,
      data: {
        from: point.machine.state,
        cause: point.cause,
        deviceId: point.deviceId,
        stationId: point.stationId,
      },
      reason,
      actor: SYSTEM_ACTOR,
      ts: this.parts.clock.now(),
    });
    this.forget(point.id);
    this.parts.turn.remove(point.id);
  }

  forget(id: string): void {
    const point = this.parts.points.delete(id);
    if (!point) return;
    point.shelfTimer?.();
    this.parts.deadlines.forget(id);
    this.parts.turn.forget(id);
  }

  /** Takes the point out of service, or back, as its devices' outages say. */
  followService(point: AlarmPoint): void {
    const reason = this.parts.topology.serviceReason(point);
    const out = point.machine.state === 'out-of-service';
    if (reason && !out) this.apply(point, { type: 'remove-from-service', reason }, SYSTEM_ACTOR, reason);
    if (!reason && out) this.apply(point, { type: 'return-to-service' }, SYSTEM_ACTOR, 'outage ended');
  }

  activate(id: string): void {
    const point = this.parts.points.find(id);
    if (!point || point.machine.conditionActive) return;
    const nowMs = this.parts.clock.now();
    if (point.machine.state === 'normal') this.newIncident(point, nowMs);
    this.apply(point, { type: 'activate' }, SYSTEM_ACTOR, null, nowMs);
  }

  clear(point: AlarmPoint): void {
    this.apply(point, { type: 'clear' }, SYSTEM_ACTOR, null);
  }

  /** Back from normal is a new incident: new triage, new clocks, nobody has acknowledged it yet. */
  newIncident(point: AlarmPoint, atMs: number): void {
    // A point created for this very activation was triaged a moment ago.
    if (point.incidents > 0) point.assignment = this.parts.topology.triage(point);
    point.incidents += 1;
    point.raisedAt = atMs;
    point.clearedAt = null;
    point.ackedAt = null;
    point.ackedBy = null;
  }

  /**
   * One step the plant or the design logic caused: journalled with the
   * turn, recorded now, shown once the turn has committed.
   */
  apply(
    point: AlarmPoint,
    event: AlarmEvent,
    actor: Actor,
    reason: string | null,
    nowMs = this.parts.clock.now(),
  ): void {
    const result = this.transition(point, event, nowMs);
    this.parts.turn.record(this.entry(point, event, result, actor, reason, nowMs));
    this.step(point, event, result, actor, nowMs, LIVE);
  }

  /**
   * An operator's action (or a shelf running out): what earlier turns
   * journalled is committed first, then this event on its own, and only
   * then does the alarm change — a journal that refuses the write leaves
   * the alarm as it was and the operator with an error, not a false "done".
   */
  operate(point: AlarmPoint, event: AlarmEvent, actor: Actor, reason: string | null): void {
    const nowMs = this.parts.clock.now();
    const result = this.transition(point, event, nowMs);
    this.parts.turn.durably(this.entry(point, event, result, actor, reason, nowMs));
    this.step(point, event, result, actor, nowMs, LIVE);
    this.parts.turn.flush();
  }

  /** A step journalled before a restart, taken again at the time it was recorded. */
  replay(point: AlarmPoint, event: AlarmEvent, actor: Actor, atMs: number): void {
    this.step(point, event, this.transition(point, event, atMs, REPLAY), actor, atMs, REPLAY);
  }

  /** Replayed shelves are armed once the whole journal is read, against today's clock. */
  armShelves(): void {
    const nowMs = this.parts.clock.now();
    for (const point of this.parts.points.values()) {
      if (point.machine.shelf) this.armShelf(point, point.machine.shelf.untilMs, nowMs);
    }
  }

  stop(): void {
    for (const point of this.parts.points.values()) {
      point.shelfTimer?.();
      point.shelfTimer = null;
    }
  }

  private transition(point: AlarmPoint, event: AlarmEvent, nowMs: number, mode = LIVE): Accepted {
    const policy = mode.replay
      ? AS_RECORDED
      : shelvingFor(this.parts.shelveMaxHours(), point.assignment.priority);
    const result = transition(point.machine, event, nowMs, policy);
    if ('refused' in result) throw new AlarmRefusal(result.refused);
    return result;
  }

  private entry(
    point: AlarmPoint,
    event: AlarmEvent,
    result: Accepted,
    actor: Actor,
    reason: string | null,
    nowMs: number,
  ): JournalEntry {
    const { tier, priority, defectClass, ruleId } = point.assignment;
    const data: Record<string, JsonValue> = {
      from: point.machine.state,
      to: result.next.state,
      cause: point.cause,
      source: point.source,
      deviceId: point.deviceId,
      stationId: point.stationId,
      tier,
      priority,
      defectClass,
      ruleId,
    };
    if (event.type === 'shelve') data.untilMs = event.untilMs;
    if (event.type === 'suppress') data.parent = event.parent;
    return { type: JOURNAL_TYPE[event.type], subject: point.id, data, reason, actor, ts: nowMs };
  }

  /** The record and its effects after a step that is journalled (now, or before a restart). */
  private step(
    point: AlarmPoint,
    event: AlarmEvent,
    result: Accepted,
    actor: Actor,
    nowMs: number,
    mode: StepMode,
  ): void {
    if (event.type === 'ack') {
      point.ackedAt = nowMs;
      point.ackedBy = actor.user;
    }
    if (event.type === 'activate') {
      point.clearedAt = null;
      point.activations = slide(point.activations, nowMs, this.parts.chatter.windowMs);
    }
    if (event.type === 'clear') point.clearedAt = nowMs;
    point.machine = result.next;
    for (const effect of result.effects) this.effect(point, effect, nowMs, mode);
    this.parts.turn.touch(point.id);
  }

  private effect(point: AlarmPoint, effect: Effect, nowMs: number, mode: StepMode): void {
    switch (effect.kind) {
      case 'annunciate':
        this.parts.flood.annunciate(nowMs);
        return;
      case 'silence':
        return;
      case 'cancel-unshelve':
        point.shelfTimer?.();
        point.shelfTimer = null;
        return;
      case 'schedule-unshelve':
        // Replayed shelves are armed once the whole journal is read, against today's clock.
        if (!mode.replay) this.armShelf(point, effect.atMs, nowMs);
    }
  }

  private armShelf(point: AlarmPoint, atMs: number, nowMs: number): void {
    point.shelfTimer?.();
    point.shelfTimer = this.parts.clock.after(Math.max(0, atMs - nowMs), () => {
      point.shelfTimer = null;
      // Timers may fire a little before the desk's clock says the shelf ends.
      const firedAt = this.parts.clock.now();
      if (firedAt < atMs) this.armShelf(point, atMs, firedAt);
      else if (point.machine.state === 'shelved') {
        this.operate(point, { type: 'shelf-expired' }, SYSTEM_ACTOR, 'shelf expired');
      }
    });
  }
}
