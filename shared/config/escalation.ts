import { z } from 'zod';
import { CrewMember } from '../crew/roster';
import type { Tier } from '../triage/tiers';

/**
 * Who is told: the crew (the one dispatched to the work order, or the crews
 * on call before anyone is), the leads of the crews on call, the managers.
 */
export const Audience = z.enum(['crew', 'on-call-lead', 'manager']);
export type Audience = z.infer<typeof Audience>;

export const EscalationStep = z
  .object({
    /** After the alarm is raised; 0 goes at once, later steps only while nobody has acknowledged it. */
    afterMinutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60),
    notify: z.array(Audience).min(1),
  })
  .strict();
export type EscalationStep = z.infer<typeof EscalationStep>;

const Steps = z.array(EscalationStep).max(10);

/**
 * The escalation of issue 15's example: an emergency goes to the crew and
 * the on-call lead at once and to the manager after 10 minutes without an
 * acknowledgement; an on-site fault nobody took within 30 minutes goes to
 * the on-call lead; a remote one stays on the desk.
 */
export const DEFAULT_ESCALATION_TIERS: Readonly<Record<Tier, EscalationStep[]>> = {
  remote: [],
  'on-site': [{ afterMinutes: 30, notify: ['on-call-lead'] }],
  emergency: [
    { afterMinutes: 0, notify: ['crew', 'on-call-lead'] },
    { afterMinutes: 10, notify: ['manager'] },
  ],
};

/** A manager: reached like a crew member, through the policy's channels. */
export const Manager = CrewMember.omit({ lead: true });
export type Manager = z.infer<typeof Manager>;

/** The `escalation` section: per tier, who is told when; the managers; when reminders go. */
export const EscalationConfig = z
  .object({
    tiers: z
      .object({ remote: Steps, 'on-site': Steps, emergency: Steps })
      .strict()
      .default({ ...DEFAULT_ESCALATION_TIERS }),
    managers: z.array(Manager).default([]),
    /** The notify channels the managers' messages go through. */
    channels: z.array(z.string().min(1)).default([]),
    /** A report the crew owes (progress, status, materials, a plan) is asked for this long before it is due. */
    remindBeforeMinutes: z.number().int().min(0).max(240).default(10),
  })
  .strict();
export type EscalationConfig = z.infer<typeof EscalationConfig>;
export const DEFAULT_ESCALATION: EscalationConfig = EscalationConfig.parse({});
