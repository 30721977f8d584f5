import { z } from 'zod';
import type { Permission } from '../auth/roles';
import { Skill } from '../crew/roster';
import { DefectClass, Tier } from '../triage/tiers';
import {
  ApplicationKind,
  ApplicationReason,
  ApplicationState,
  ApplicationTarget,
  ExemptionReason,
  OutageReason,
} from '../workorder/application';
import { Report, WorkOrderProgress, WorkOrderState, WorkOrderStepType } from '../workorder/state';
import { ClockView, SlaBreach } from './alarms';
import { type MethodSpec, NoParams, Reason } from './method';
import { Id } from './model';

const Note = z.string().trim().max(2000);
const Person = z.string().trim().min(1).max(100);
const WorkOrderId = z.string().min(1).max(40);
const ApplicationId = z.string().min(1).max(40);

/** One recorded step of a work order: who, when, what, why (the journal event it came from). */
export const WorkOrderStepView = z.object({
  step: WorkOrderStepType,
  at: z.number(),
  by: z.string(),
  role: z.string(),
  reason: z.string().nullable(),
  /** The step's own facts: crew, check-in time, work done, report kind, application id. */
  detail: z.string().nullable(),
  journalId: z.string(),
});
export type WorkOrderStepView = z.infer<typeof WorkOrderStepView>;

/** The deadline of the defect class (seed 001 缺陷的分类及定性), counted from when the work order was opened. */
export const DefectDeadlineView = z.object({
  defectClass: DefectClass,
  deadline: z.number(),
  state: z.enum(['running', 'met', 'breached']),
  basis: z.string(),
});

/** A notification about the work order and where it stands in the outbox (issue 15: shown on the timeline). */
export const NoticeView = z.object({
  id: z.string(),
  channel: z.string(),
  kind: z.enum(['alarm', 'digest', 'dispatch', 'reminder', 'escalation', 'test']),
  title: z.string(),
  requestedAt: z.number(),
  state: z.enum(['queued', 'sending', 'retrying', 'accepted', 'refused', 'cancelled']),
  attempts: z.number(),
  /** The provider's code of the last answer, e.g. "45009". */
  code: z.string().nullable(),
  detail: z.string().nullable(),
  nextAttemptAt: z.number().nullable(),
  settledAt: z.number().nullable(),
  /** Sent again after an attempt whose fate is unknown: the crew may get it twice (at-least-once). */
  mayDuplicate: z.boolean(),
});
export type NoticeView = z.infer<typeof NoticeView>;

export const WorkOrderView = z.object({
  id: WorkOrderId,
  state: WorkOrderState,
  alarmIds: z.array(z.string()).min(1),
  stationId: z.string(),
  deviceIds: z.array(Id),
  /** The most urgent tier of its alarms when opened. */
  tier: Tier,
  defectClass: DefectClass,
  defectDeadline: DefectDeadlineView,
  title: z.string(),
  createdAt: z.number(),
  createdBy: z.string(),
  ...WorkOrderProgress.shape,
  /** The outage-prompt deadline passed without a fix or an outage application. */
  outagePrompt: z.boolean(),
  /** The crew asked for an outage from its page (seed 001 停运申请): what prefills the desk's application; null once filed or closed. */
  crewOutageRequest: z
    .object({ reason: OutageReason, note: z.string(), by: z.string(), at: z.number() })
    .nullable(),
  slaPreset: z.string(),
  clocks: z.array(ClockView),
  steps: z.array(WorkOrderStepView),
  /** The roster crew it was dispatched to; null for names typed without a roster. */
  crewId: z.string().nullable(),
  notices: z.array(NoticeView),
});
export type WorkOrderView = z.infer<typeof WorkOrderView>;

export const WorkOrdersDelta = z.object({
  workOrders: z.array(WorkOrderView),
  /** Work-order deadlines that passed since the last delta (always empty from workorders.list). */
  breaches: z.array(SlaBreach),
});
export type WorkOrdersDelta = z.infer<typeof WorkOrdersDelta>;

/** Closed orders come in pages of at most this many. */
export const CLOSED_ORDERS_PER_PAGE = 500;

/**
 * A five-year desk holds tens of thousands of closed orders: a screen asks
 * for the open ones and those closed lately, and pages back through the
 * rest when someone looks. Without params every order comes, for callers
 * inside the engine.
 */
const WorkOrdersListParams = z
  .object({
    /** Open orders, and closed ones (accepted or cancelled) whose last step is at most this long ago by the desk clock. */
    closedWithinMs: z.int().min(0).optional(),
    /** Closed orders only, older than this `next` of the list or page before, newest first. */
    closedBefore: z
      .string()
      .regex(/^\d{1,16}:[^:]{0,40}$/, 'a `next` of workorders.list')
      .optional(),
    /** The most orders a page of older closed ones holds (CLOSED_ORDERS_PER_PAGE when not given). */
    limit: z.int().min(1).max(CLOSED_ORDERS_PER_PAGE).optional(),
  })
  .strict()
  .refine((p) => !(p.closedWithinMs !== undefined && p.closedBefore !== undefined), {
    message: 'ask for the recent orders or for a page of older closed ones, not both',
  });
export type WorkOrdersListParams = z.infer<typeof WorkOrdersListParams>;

export const WorkOrdersList = WorkOrdersDelta.extend({
  /** Closed orders older than what came (0 when every order came). */
  older: z.int().min(0),
  /** Pass as `closedBefore` for the next older page; null when there is none. */
  next: z.string().nullable(),
});
export type WorkOrdersList = z.infer<typeof WorkOrdersList>;

export const ApplicationView = z.object({
  id: ApplicationId,
  kind: ApplicationKind,
  target: ApplicationTarget,
  /** Devices the application covers: the device, or every device of the station. */
  deviceIds: z.array(Id),
  stationId: z.string(),
  reason: ApplicationReason,
  note: z.string(),
  state: ApplicationState,
  appliedAt: z.number(),
  appliedBy: z.string(),
  decidedAt: z.number().nullable(),
  decidedBy: z.string().nullable(),
  decisionNote: z.string().nullable(),
  workOrderId: z.string().nullable(),
  /** A resume names the outage it ends. */
  outageId: z.string().nullable(),
  /** An exemption's period, or the planned window of an outage or decommission; null `until` = open-ended. */
  from: z.number().nullable(),
  until: z.number().nullable(),
  /** When an approved outage ended (its resume was approved), and by which resume. */
  endedAt: z.number().nullable(),
  endedBy: z.string().nullable(),
});
export type ApplicationView = z.infer<typeof ApplicationView>;

/**
 * A device that does not count against availability right now, and why:
 * an approved outage until its resume is approved, a decommission, or an
 * exemption declaration during its period. Reports and the UI read this.
 */
export const AvailabilityExclusion = z.object({
  deviceId: Id,
  stationId: z.string(),
  applicationId: z.string(),
  kind: ApplicationKind,
  reason: ApplicationReason,
  since: z.number(),
  until: z.number().nullable(),
});
export type AvailabilityExclusion = z.infer<typeof AvailabilityExclusion>;

export const ApplicationsDelta = z.object({
  applications: z.array(ApplicationView),
  /** The complete list of exclusions in force after this change. */
  exclusions: z.array(AvailabilityExclusion),
});
export type ApplicationsDelta = z.infer<typeof ApplicationsDelta>;

/** One crew as the dispatch dialog offers it (shared/crew/rank.ts). */
export const CandidateView = z.object({
  crewId: z.string(),
  name: z.string(),
  members: z.array(z.string()),
  onCall: z.boolean(),
  missingSkills: z.array(Skill),
  load: z.object({ open: z.number(), emergency: z.number() }),
  travel: z.object({ minutes: z.number(), source: z.enum(['station', 'distance']), km: z.number() }),
  eta: z.number(),
  meetsDeadline: z.boolean().nullable(),
  /** false: on an emergency; dispatch only with an override reason. */
  offered: z.boolean(),
  score: z.number(),
  reasons: z.array(z.string()),
});
export type CandidateView = z.infer<typeof CandidateView>;

export const RankingView = z.object({
  rankedAt: z.number(),
  stationId: z.string(),
  /** The SLA arrival deadline if the crew left now (null where the tier has none). */
  arrivalDeadline: z.number().nullable(),
  candidates: z.array(CandidateView),
});
export type RankingView = z.infer<typeof RankingView>;

/** The crew picked from the ranking; the desk ranks again and journals the ranking with the choice. */
const CrewChoice = z
  .object({
    crewId: z.string().min(1).max(64),
    /** Needed to send a crew that is on an emergency (not offered). */
    override: Reason.optional(),
  })
  .strict();

const ById = z.object({ id: WorkOrderId }).strict();
const ByApplication = z.object({ id: ApplicationId }).strict();

/** A step on one work order, by someone on duty, answered with the work order as it now stands. */
const onWorkOrder = <S extends z.ZodRawShape>(shape: S) =>
  ({ params: ById.extend(shape).strict(), result: WorkOrderView, permission: 'device.control' }) as const;

/** A step on one application, answered with the application as it now stands. */
const onApplication = <S extends z.ZodRawShape, P extends Permission>(shape: S, permission: P) =>
  ({ params: ByApplication.extend(shape).strict(), result: ApplicationView, permission }) as const;

/**
 * When the device is planned to be out (seed 001: repaired within 5 days of
 * the outage). The plan, shown and checked against; an outage still lasts
 * until its resume is approved.
 */
const PlannedWindow = { from: z.number().optional(), until: z.number().nullable().optional() };

/** What the monitor files; which reasons fit which kind is checked by shared/workorder/application.ts. */
export const ApplicationFiling = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('outage'),
      target: ApplicationTarget,
      reason: OutageReason,
      note: Note,
      /** The work order the outage is for; it then moves to outage-applied. */
      workOrderId: WorkOrderId.optional(),
      ...PlannedWindow,
    })
    .strict(),
  z
    .object({
      kind: z.literal('resume'),
      /** The approved outage this resume ends; the target is the outage's. */
      outageId: ApplicationId,
      note: Note,
    })
    .strict(),
  z
    .object({
      kind: z.literal('decommission'),
      target: ApplicationTarget,
      reason: OutageReason,
      note: Note,
      ...PlannedWindow,
    })
    .strict(),
  z
    .object({
      kind: z.literal('exemption'),
      target: ApplicationTarget,
      reason: ExemptionReason,
      note: Note,
      from: z.number(),
      until: z.number().nullable(),
    })
    .strict(),
]);
export type ApplicationFiling = z.infer<typeof ApplicationFiling>;

export const workOrderMethods = {
  'workorders.list': { params: WorkOrdersListParams, result: WorkOrdersList, permission: 'read' },
  /** Opens a work order for one or more alarms of one station; the class defaults to the worst of theirs. */
  'workorder.create': {
    params: z
      .object({
        alarmIds: z.array(z.string().min(1).max(200)).min(1).max(200),
        title: z.string().trim().min(1).max(200),
        defectClass: DefectClass.optional(),
        note: Note.optional(),
      })
      .strict(),
    result: WorkOrderView,
    permission: 'device.control',
  },
  /** The roster's crews ranked for these alarms (on call, skills, load, travel), as if dispatched now. */
  'workorder.rank': {
    params: z.object({ alarmIds: z.array(z.string().min(1).max(200)).min(1).max(200) }).strict(),
    result: RankingView,
    permission: 'device.control',
  },
  /**
   * A crew of at least two named, different people (seed 001); one person is
   * refused. With `choice`, the roster crew picked from the ranking: the
   * ranking and the pick are journalled and the crew is notified.
   */
  'workorder.dispatch': onWorkOrder({
    crew: z.array(Person).max(20),
    note: Note.optional(),
    choice: CrewChoice.optional(),
  }),
  /** The crew checked in on site at `checkInAt` (not in the future, not before dispatch). */
  'workorder.arrive': onWorkOrder({ checkInAt: z.number(), note: Note.optional() }),
  'workorder.resolve': onWorkOrder({ work: z.string().trim().min(1, 'say what was done').max(2000) }),
  /** Closes the loop; refused for a member of the crew that did the work. */
  'workorder.accept': onWorkOrder({ note: Note.optional() }),
  /** Acceptance failed: back to the crew on site. */
  'workorder.reopen': onWorkOrder({ reason: Reason }),
  'workorder.cancel': onWorkOrder({ reason: Reason }),
  /** Plan given, progress / device status / materials reported: stops plan clocks, satisfies reminders. */
  'workorder.report': onWorkOrder({ report: Report, note: Note }),
  'applications.list': { params: NoParams, result: ApplicationsDelta, permission: 'read' },
  'application.file': { params: ApplicationFiling, result: ApplicationView, permission: 'device.control' },
  'application.approve': onApplication({ note: Note.optional() }, 'duty.approve'),
  'application.reject': onApplication({ reason: Reason }, 'duty.approve'),
  /** Taken back before a decision, with a reason. */
  'application.withdraw': onApplication({ reason: Reason }, 'device.control'),
} as const satisfies Record<string, MethodSpec>;

export const workOrderEvents = {
  'workorders.delta': WorkOrdersDelta,
  'applications.delta': ApplicationsDelta,
} as const;
