import type { RunningDrillView } from '../../shared/api/drills';
import { DrillStart } from '../../shared/api/drills';
import { ApiError } from '../../shared/api/frames';
import { can, Role } from '../../shared/auth/roles';
import { ConfigError } from '../config/load';
import type { Engine } from '../engine/engine';

/** What `--drill`, `--trainee`, `--speed` and `--lead` of the headless desk say, as typed. */
export type DrillFlags = {
  drill: string;
  trainees: string[];
  speed: string | undefined;
  lead: string | undefined;
};

/** Who looks the lead up: a session that reads, with no account of its own. */
const DESK_READER = { user: 'headless-cli', role: 'wallboard' } as const;

/**
 * A drill started from the headless desk's command line, as a shift lead
 * starts one from the Drills view: the named lead must be an account of
 * the desk that may run drills, and the drill runs under their name. Its
 * end (and the records) come from the Drills view, like any other drill.
 * Every refusal is a ConfigError, said in one line at start.
 */
export async function startDrillFromFlags(engine: Engine, flags: DrillFlags): Promise<RunningDrillView> {
  if (!flags.lead) throw new ConfigError('--drill needs --lead USER: the shift lead the drill runs under');
  const params = DrillStart.safeParse({
    scenario: flags.drill,
    trainees: flags.trainees,
    speed: Number(flags.speed ?? 10),
  });
  if (!params.success) {
    const issue = params.error.issues[0];
    const flag =
      { scenario: '--drill', trainees: '--trainee', speed: '--speed' }[String(issue?.path[0])] ?? '--drill';
    throw new ConfigError(`${flag}: ${issue?.message}`);
  }
  const state = await engine.api['drills.list']({}, DESK_READER);
  const account = state.trainees.find((t) => t.user === flags.lead);
  const role = Role.safeParse(account?.role);
  if (!role.success) throw new ConfigError(`--lead ${flags.lead}: no such account on this desk`);
  if (!can(role.data, 'training.run'))
    throw new ConfigError(`--lead ${flags.lead} is ${role.data}: only a shift lead or an admin runs a drill`);
  try {
    return await engine.api['drill.start'](params.data, { user: flags.lead, role: role.data });
  } catch (error) {
    if (error instanceof ApiError) throw new ConfigError(`--drill: ${error.message}`);
    throw error;
  }
}
