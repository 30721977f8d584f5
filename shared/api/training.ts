import { z } from 'zod';
import { Bilingual } from '../training/expectation';

/**
 * What a training desk tells every screen about its drill, so each can show
 * the DRILL band: which scenario, for whom, run by whom, at what speed.
 */
export const DrillInfo = z.object({
  id: z.string().min(1),
  scenario: z.string().min(1),
  title: Bilingual,
  briefing: Bilingual,
  scale: z.number().int().positive(),
  trainees: z.array(z.string().min(1)).min(1),
  lead: z.string().min(1),
  /** Drill time at the start, epoch ms. */
  startedAt: z.number(),
});
export type DrillInfo = z.infer<typeof DrillInfo>;
