import type { Actor, JsonValue } from '../../shared/journal/event';
import { CREW_ANSWER_TYPE, CrewAnswer, type CrewTapKind } from '../../shared/sync/crew-link';
import type { OutageReason } from '../../shared/workorder/application';
import type { Report } from '../../shared/workorder/state';
import type { Logger } from '../log/logger';
import type { SyncStore } from './sync-store';

/** A crew answer for one of this desk's work orders, as it came through sync. */
export type CrewAnswerEvent = { id: string; actor: Actor; answer: CrewAnswer };

/** Acts on one answer; throws (a refusal of the work-order rules) when nothing may move. */
export type ApplyCrewAnswer = (event: CrewAnswerEvent) => void;

/** The work-order steps a crew answer can take, with the crew member as the actor. */
export type CrewSteps = {
  receive(id: string, at: number, note: string | undefined, actor: Actor): unknown;
  depart(id: string, at: number, note: string | undefined, actor: Actor): unknown;
  arrive(id: string, checkInAt: number, note: string | undefined, actor: Actor): unknown;
  report(id: string, report: Report, note: string, actor: Actor): unknown;
  requestOutage(
    id: string,
    request: { reason: OutageReason; note: string; at: number },
    said: string,
    actor: Actor,
  ): unknown;
  resolve(id: string, work: string, actor: Actor): unknown;
  /** Journals an answer that moved nothing and shows it on the order's timeline. */
  keepAnswer(
    id: string,
    kept: { said: string; refused: string; at: number; data: JsonValue },
    actor: Actor,
  ): unknown;
};

const SAID: Readonly<Record<CrewTapKind, string>> = {
  received: '已接单',
  'en-route': '已出发',
  arrived: '已到场',
  progress: '进展',
  fixed: '已修复',
  'needs-outage': '需要停运',
};

function noteOf(answer: CrewAnswer): string {
  const parts = [`${SAID[answer.kind]}（外勤页面）`];
  if (answer.distanceKm !== null) parts.push(`距站点 ${answer.distanceKm.toFixed(2)} km`);
  if (answer.outageReason) parts.push(`停运原因 ${answer.outageReason}`);
  if (answer.note) parts.push(answer.note);
  return parts.join(' · ');
}

/**
 * What each tap does to the work order: received and en route move it to
 * those states at the tap's own time (no SLA clock stops there); arrival
 * checks the crew in at the tap's own time (the arrival clock stops there);
 * fixed resolves it; a progress note is a progress report and a
 * needs-outage a status report carrying the crew's outage request, which
 * prefills the desk's outage application. An answer the order may not take (closed
 * meanwhile, or a step already past) is kept on its timeline.
 */
export function crewAnswerApplier(steps: CrewSteps): ApplyCrewAnswer {
  return ({ actor, answer }) => {
    const id = answer.workOrderId;
    const note = noteOf(answer);
    try {
      switch (answer.kind) {
        case 'received':
          steps.receive(id, answer.tapAt, note, actor);
          return;
        case 'en-route':
          steps.depart(id, answer.tapAt, note, actor);
          return;
        case 'arrived':
          steps.arrive(id, answer.tapAt, note, actor);
          return;
        case 'fixed':
          steps.resolve(id, note, actor);
          return;
        case 'needs-outage':
          steps.requestOutage(
            id,
            {
              reason: answer.outageReason ?? 'unfixed-after-dispatch',
              note: answer.note ?? '',
              at: answer.tapAt,
            },
            note,
            actor,
          );
          return;
        default:
          steps.report(id, 'progress-reported', note, actor);
      }
    } catch (error) {
      const refused = (error as Error).message;
      steps.keepAnswer(id, { said: note, refused, at: answer.tapAt, data: answer }, actor);
      throw error;
    }
  };
}

/**
 * Hands the server's crew answers for this desk's work orders to whoever
 * applies them, each once, in the server's order: those waiting when the
 * applier subscribes (received while the desk ran without it, or before a
 * restart), then each batch as sync stores it.
 */
export class CrewAnswerFeed {
  private apply: ApplyCrewAnswer | null = null;

  constructor(
    private readonly store: Pick<SyncStore, 'unappliedAnswers' | 'markApplied'>,
    private readonly deskId: string,
    private readonly log: Logger,
  ) {}

  subscribe(apply: ApplyCrewAnswer): () => void {
    this.apply = apply;
    this.deliver();
    return () => {
      this.apply = null;
    };
  }

  deliver(): void {
    const apply = this.apply;
    if (!apply) return;
    for (const event of this.store.unappliedAnswers(CREW_ANSWER_TYPE, this.deskId)) {
      const parsed = CrewAnswer.safeParse(event.data);
      if (!parsed.success) {
        this.store.markApplied(event.id, 'malformed');
        this.log.warn(`crew answer ${event.id}: not a crew answer, ignored`);
        continue;
      }
      try {
        apply({ id: event.id, actor: event.actor, answer: parsed.data });
        this.store.markApplied(event.id, 'applied');
        this.log.info(`crew answer: ${parsed.data.workOrderId} ${parsed.data.kind} by ${event.actor.user}`);
      } catch (error) {
        this.store.markApplied(event.id, `kept: ${(error as Error).message}`);
        this.log.warn(
          `crew answer ${parsed.data.workOrderId} ${parsed.data.kind} by ${event.actor.user} kept, nothing moved: ${(error as Error).message}`,
        );
      }
    }
  }
}
