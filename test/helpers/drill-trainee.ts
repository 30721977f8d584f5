import type { TrainingDesk } from '../../electron/training/desk';
import type { AlarmView } from '../../shared/api/alarms';
import type { Session } from '../../shared/auth/roles';
import type { DrillExpectation } from '../../shared/training/expectation';
import type { Tier } from '../../shared/triage/tiers';

const MIN = 60_000;

/**
 * What a scripted trainee does, in drill time after the judged alarm comes
 * up on their queue. Each step left out is a step the trainee forgets.
 */
export type TraineePlan = {
  ackAfter?: number;
  retier?: { to: Tier; after: number };
  /** Sends the roster's first offered crew for the alarm, as ranked by the desk (which notifies it). */
  dispatch?: { after: number };
  /** After the dispatch. */
  outageAfter?: number;
  note?: { after: number; text: string };
};

const wildcard = (pattern: string) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits in real time until the drill clock reads `at`. */
async function until(desk: TrainingDesk, at: number): Promise<void> {
  for (let left = at - desk.clock.now(); left > 0; left = at - desk.clock.now())
    await pause(Math.min(left / desk.clock.scale + 5, 1000));
}

/** Waits (generously: a loaded machine) for the judged alarm to reach the drill desk's queue. */
export async function judgedAlarm(desk: TrainingDesk, expected: DrillExpectation): Promise<AlarmView> {
  const match = wildcard(expected.alarm);
  const lead = { user: 'drill-observer', role: 'shift-lead' } as const;
  for (let tries = 0; tries < 600; tries++) {
    const { alarms } = await desk.engine.api['alarms.list']({}, lead);
    const alarm = alarms.find((a) => match.test(a.id) && a.state !== 'normal');
    if (alarm) return alarm;
    await pause(200);
  }
  throw new Error(`alarm ${expected.alarm} never came up on the drill desk`);
}

/** Plays one trainee's answer to the drill through the drill desk's API, as the desk's UI would. */
export async function playTrainee(
  desk: TrainingDesk,
  expected: DrillExpectation,
  session: Session,
  plan: TraineePlan,
): Promise<void> {
  const { api } = desk.engine;
  const alarm = await judgedAlarm(desk, expected);
  const at = (after: number) => alarm.raisedAt + after;
  const steps: { at: number; run: () => Promise<unknown> }[] = [];
  if (plan.ackAfter !== undefined)
    steps.push({ at: at(plan.ackAfter), run: () => api['alarm.ack']({ id: alarm.id }, session) });
  // Re-tiering to the tier the table already gave is refused by the desk: only a change is a step.
  if (plan.retier && plan.retier.to !== alarm.tier) {
    const { to } = plan.retier;
    steps.push({
      at: at(plan.retier.after),
      run: () => api['alarm.retier']({ id: alarm.id, tier: to, reason: 'drill: per the briefing' }, session),
    });
  }
  let workOrder: string | null = null;
  let dispatchedAt = 0;
  if (plan.dispatch) {
    steps.push({
      at: at(plan.dispatch.after),
      run: async () => {
        const order = await api['workorder.create'](
          { alarmIds: [alarm.id], title: `drill ${alarm.id}` },
          session,
        );
        workOrder = order.id;
        const { candidates } = await api['workorder.rank']({ alarmIds: [alarm.id] }, session);
        const crew = candidates.find((c) => c.offered);
        if (!crew) throw new Error(`no crew offered for ${alarm.id}`);
        await api['workorder.dispatch'](
          { id: order.id, crew: crew.members, choice: { crewId: crew.crewId } },
          session,
        );
        // Read after the reply: no earlier than the journalled dispatch.
        dispatchedAt = desk.clock.now();
      },
    });
  }
  if (plan.note) {
    const { text } = plan.note;
    steps.push({
      at: at(plan.note.after),
      run: async () => {
        const { record } = await api['handover.current']({}, session);
        await api['handover.note'](
          { shiftId: record.shift.id, text, stationId: expected.handover.station },
          session,
        );
      },
    });
  }
  steps.sort((a, b) => a.at - b.at);
  for (const step of steps) {
    await until(desk, step.at);
    await step.run();
  }
  if (plan.outageAfter !== undefined && workOrder) {
    await until(desk, dispatchedAt + plan.outageAfter + MIN);
    await api['application.file'](
      {
        kind: 'outage',
        target: alarm.deviceId ? { deviceId: alarm.deviceId } : { stationId: alarm.stationId },
        reason: 'unfixed-after-dispatch',
        note: 'drill: not fixed 2 h after dispatch',
        workOrderId: workOrder,
      },
      session,
    );
  }
}
