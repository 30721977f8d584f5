import { z } from 'zod';
import { Id } from '../api/model';
import { OffsetText } from '../time/offset';
import { SERVICE_COMMITMENT_PRESET, SHAOXING_PRESET } from '../triage/sla';
import { Tier } from '../triage/tiers';

/** Every text a trainee or assessor reads comes in both desk languages. */
export const Bilingual = z
  .object({ 'zh-CN': z.string().trim().min(1), en: z.string().trim().min(1) })
  .strict();
export type Bilingual = z.infer<typeof Bilingual>;

/**
 * What a good response to a drill scenario is (issue 18): the alarm it is
 * judged on, the tier that alarm should end on and why, and the deadlines
 * of each required step, counted in drill time from the alarm's raise.
 */
export const DrillExpectation = z
  .object({
    /** The SLA preset the drill desk runs the scenario's stations on. */
    preset: z.enum([SERVICE_COMMITMENT_PRESET.id, SHAOXING_PRESET.id]).default(SERVICE_COMMITMENT_PRESET.id),
    /**
     * The alarm as the desk names it: `device:cause` (`sx01-dc1:insulationFault`)
     * or `station:comms.station`; `*` matches any run of characters.
     */
    alarm: z.string().trim().min(1),
    /** The tier the alarm should end on; where the triage table says otherwise, a re-tier is part of the answer. */
    tier: Tier,
    /** Why that tier: shown to a trainee who chose another. */
    tierWhy: Bilingual,
    ackWithin: OffsetText,
    /** A crew sent out on a work order for the alarm; null where a remote answer is the right one. */
    dispatch: z
      .object({ within: OffsetText, crewMin: z.number().int().min(2).default(2) })
      .strict()
      .nullable(),
    /**
     * The outage application (停运申请) when the fault outlasts the crew: due
     * `afterDispatch` after the dispatch, to be filed within `within` of that.
     */
    outage: z.object({ afterDispatch: OffsetText, within: OffsetText }).strict().nullable(),
    /** The handover note that must be written: on this station, naming each of `mention`. */
    handover: z.object({ station: Id, mention: z.array(z.string().trim().min(1)) }).strict(),
  })
  .strict()
  .refine((e) => e.outage === null || e.dispatch !== null, {
    path: ['outage'],
    message: 'an outage application is due after a dispatch: give `dispatch` too',
  })
  .refine((e) => e.dispatch === null || e.tier !== 'remote', {
    path: ['dispatch'],
    message: 'a remote-tier answer sends no crew: set `dispatch` to null or choose on-site or emergency',
  });
export type DrillExpectation = z.infer<typeof DrillExpectation>;
export type DrillExpectationInput = z.input<typeof DrillExpectation>;
