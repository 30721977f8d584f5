import { z } from 'zod';
import { Id } from '../api/model';

/** Seed 001 运行监控: 停运申请, 复投申请, 退运申请, and 免责申报 (exemption declarations). */
export const ApplicationKind = z.enum(['outage', 'resume', 'decommission', 'exemption']);
export type ApplicationKind = z.infer<typeof ApplicationKind>;

/** Seed 001: why a charger may be taken out of service. */
export const OutageReason = z.enum([
  'before-maintenance', // 检修前
  'unfixed-after-dispatch', // 报修工单派发后2小时内无法完成处理
  'distribution-maintenance', // 配电检修
  'extreme-weather', // 极端天气
  'other-external', // 其他外部原因
]);
export type OutageReason = z.infer<typeof OutageReason>;

/** Seed 001 免责申报: downtime that is not the operator's doing. */
export const ExemptionReason = z.enum(['platform-failure', 'tcu-upgrade', 'extreme-weather']);
export type ExemptionReason = z.infer<typeof ExemptionReason>;

/** Any application's reason; a resume's is always `repaired`. */
export const ApplicationReason = z.enum([
  ...new Set([...OutageReason.options, ...ExemptionReason.options, 'repaired' as const]),
]);
export type ApplicationReason = z.infer<typeof ApplicationReason>;

export const ApplicationTarget = z.union([
  z.object({ deviceId: Id }).strict(),
  z.object({ stationId: Id }).strict(),
]);
export type ApplicationTarget = z.infer<typeof ApplicationTarget>;

/** An `approved` outage stays in force until `ended` by its resume; every other approval is final. */
export const ApplicationState = z.enum(['applied', 'approved', 'rejected', 'withdrawn', 'ended']);
export type ApplicationState = z.infer<typeof ApplicationState>;

export const ApplicationEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('approve') }).strict(),
  z.object({ type: z.literal('reject'), reason: z.string() }).strict(),
  z.object({ type: z.literal('withdraw'), reason: z.string() }).strict(),
  /** An approved outage's resume was approved. */
  z.object({ type: z.literal('end') }).strict(),
]);
export type ApplicationEvent = z.infer<typeof ApplicationEvent>;
export type ApplicationEventType = ApplicationEvent['type'];

type Rule = { to: ApplicationState } | { refuse: string } | { lasting: ApplicationState; final: string };
const go = (to: ApplicationState): Rule => ({ to });
const no = (refuse: string): Rule => ({ refuse });

const DECIDED = (what: string) => no(`the application is already ${what}`);

/**
 * Row = current state, column = event. `lasting` rows differ by kind: an
 * outage in force can end; nothing else approved does.
 */
export const APPLICATION_TRANSITIONS: Readonly<
  Record<ApplicationState, Readonly<Record<ApplicationEventType, Rule>>>
> = {
  applied: {
    approve: go('approved'),
    reject: go('rejected'),
    withdraw: go('withdrawn'),
    end: no('an application that was never approved cannot end'),
  },
  approved: {
    approve: DECIDED('approved'),
    reject: DECIDED('approved'),
    withdraw: DECIDED('approved'),
    end: { lasting: 'ended', final: 'only an outage ends; this approval is final' },
  },
  rejected: {
    approve: DECIDED('rejected'),
    reject: DECIDED('rejected'),
    withdraw: DECIDED('rejected'),
    end: DECIDED('rejected'),
  },
  withdrawn: {
    approve: DECIDED('withdrawn'),
    reject: DECIDED('withdrawn'),
    withdraw: DECIDED('withdrawn'),
    end: DECIDED('withdrawn'),
  },
  ended: {
    approve: DECIDED('ended'),
    reject: DECIDED('ended'),
    withdraw: DECIDED('ended'),
    end: DECIDED('ended'),
  },
};

/** Only an outage lasts until something ends it; an exemption is bounded by its own period. */
const LASTING: ReadonlySet<ApplicationKind> = new Set(['outage']);

export function stepApplication(
  kind: ApplicationKind,
  state: ApplicationState,
  event: ApplicationEvent,
): { next: ApplicationState } | { refused: string } {
  const rule = APPLICATION_TRANSITIONS[state][event.type];
  if ('refuse' in rule) return { refused: rule.refuse };
  if ((event.type === 'reject' || event.type === 'withdraw') && !event.reason.trim()) {
    return { refused: `${event.type} needs a reason` };
  }
  if ('lasting' in rule) return LASTING.has(kind) ? { next: rule.lasting } : { refused: rule.final };
  return { next: rule.to };
}

/** What a filing needs to know of the applications already on record. */
export type FiledApplication = {
  id: string;
  kind: ApplicationKind;
  state: ApplicationState;
  deviceIds: readonly string[];
  outageId: string | null;
};

/** Whether an application holds its devices: approved and not yet ended. */
export const inForce = (a: Pick<FiledApplication, 'state'>) => a.state === 'approved';

/**
 * Refusals that depend on what is already filed: a second outage for a
 * device already out, a resume of an outage that is not in force or already
 * has a resume pending.
 */
export function checkFiling(
  filing: { kind: ApplicationKind; deviceIds: readonly string[]; outageId?: string | null },
  existing: readonly FiledApplication[],
): string | null {
  if (filing.kind === 'resume') {
    const outage = existing.find((a) => a.id === filing.outageId);
    if (outage?.kind !== 'outage') return `no outage application "${filing.outageId ?? ''}"`;
    if (!inForce(outage)) return `outage ${outage.id} is ${outage.state}, not in force: nothing to resume`;
    const pending = existing.find(
      (a) => a.kind === 'resume' && a.outageId === outage.id && a.state === 'applied',
    );
    return pending ? `resume ${pending.id} for outage ${outage.id} is already waiting for approval` : null;
  }
  if (filing.deviceIds.length === 0) return 'the target has no devices';
  if (filing.kind === 'outage' || filing.kind === 'decommission') {
    const taken = existing.find(
      (a) =>
        (a.kind === 'outage' || a.kind === 'decommission') &&
        (a.state === 'applied' || inForce(a)) &&
        a.deviceIds.some((d) => filing.deviceIds.includes(d)),
    );
    if (taken)
      return `${taken.kind} ${taken.id} (${taken.state}) already covers ${taken.deviceIds.filter((d) => filing.deviceIds.includes(d)).join(', ')}`;
  }
  return null;
}

/** What deciding availability needs of an application on record. */
export type HeldApplication = Pick<FiledApplication, 'id' | 'kind' | 'state' | 'deviceIds'> & {
  stationId: string;
  reason: ApplicationReason;
  appliedAt: number;
  decidedAt: number | null;
  from: number | null;
  until: number | null;
};

export type Exclusion = {
  deviceId: string;
  stationId: string;
  applicationId: string;
  kind: ApplicationKind;
  reason: ApplicationReason;
  since: number;
  until: number | null;
};

/**
 * Devices that do not count against availability at `nowMs`: an approved
 * outage or decommission from its approval until it ends (a planned window
 * on an outage is the plan, not the end: only the resume ends it), an
 * approved exemption during its own period. Engine and screens both ask
 * this, so a TV and a report never disagree about an exemption that began
 * between two events.
 */
export function exclusionsAt(applications: Iterable<HeldApplication>, nowMs: number): Exclusion[] {
  const excluded: Exclusion[] = [];
  for (const a of applications) {
    if (!inForce(a) || a.kind === 'resume') continue;
    const exemption = a.kind === 'exemption';
    const since = exemption ? (a.from ?? a.appliedAt) : (a.decidedAt ?? a.appliedAt);
    const until = exemption ? a.until : null;
    if (since > nowMs || (until !== null && until <= nowMs)) continue;
    for (const deviceId of a.deviceIds) {
      excluded.push({
        deviceId,
        stationId: a.stationId,
        applicationId: a.id,
        kind: a.kind,
        reason: a.reason,
        since,
        until,
      });
    }
  }
  return excluded;
}
