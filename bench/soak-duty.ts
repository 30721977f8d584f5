import type { AlarmView } from '../shared/api/contract';
import type { SoakClient } from './soak-client';

/** The journal type of each step the soak takes an order through, in order. */
export const SOAK_ORDER_STEPS = [
  'workorder.created',
  'workorder.dispatched',
  'workorder.arrived',
  'workorder.resolved',
  'workorder.accepted',
] as const;
type Step = (typeof SOAK_ORDER_STEPS)[number];

const CREW = ['张工', '李工'];

/**
 * The duty loop in a soak: every `everyMin` simulated minutes a work order
 * is opened on an acknowledged alarm that is still active and has none,
 * and each open order takes its next step a simulated minute later
 * (dispatched to a crew of two, checked in, resolved, accepted by the
 * operator, who is not on the crew), so orders are opened, worked and
 * closed as on a duty desk. Each step the desk confirmed is counted for the
 * journal check at the end; one it refused (the order's alarm closed by a
 * configuration change, say) is counted as refused.
 */
export class SoakDuty {
  readonly confirmed = new Map<Step, number>(SOAK_ORDER_STEPS.map((s) => [s, 0]));
  refused = 0;
  /** Open orders and the index of their next step. */
  private readonly open: { id: string; next: number }[] = [];

  constructor(private readonly everyMin: number) {}

  async minute(client: SoakClient, minute: number, alarms: readonly AlarmView[]): Promise<void> {
    for (const order of this.open.splice(0)) {
      const step = SOAK_ORDER_STEPS[order.next];
      if (!step) continue;
      if (await this.take(client, order.id, step)) {
        if (order.next + 1 < SOAK_ORDER_STEPS.length) this.open.push({ id: order.id, next: order.next + 1 });
      }
    }
    if (minute % this.everyMin !== 0) return;
    const alarm = alarms.find((a) => a.state === 'active-acknowledged' && a.workOrderIds.length === 0);
    if (!alarm) return;
    try {
      const order = await client.request('workorder.create', {
        alarmIds: [alarm.id],
        title: `soak ${minute}`,
      });
      this.count('workorder.created');
      this.open.push({ id: order.id, next: 1 });
    } catch {
      this.refused++;
    }
  }

  /** Open orders at the end: each has taken the steps counted so far. */
  get unfinished(): number {
    return this.open.length;
  }

  private async take(client: SoakClient, id: string, step: Step): Promise<boolean> {
    try {
      if (step === 'workorder.dispatched') await client.request('workorder.dispatch', { id, crew: CREW });
      else if (step === 'workorder.arrived')
        await client.request('workorder.arrive', { id, checkInAt: Date.now() });
      else if (step === 'workorder.resolved')
        await client.request('workorder.resolve', { id, work: 'replaced the faulty module' });
      else if (step === 'workorder.accepted') await client.request('workorder.accept', { id });
      this.count(step);
      return true;
    } catch {
      this.refused++;
      return false;
    }
  }

  private count(step: Step): void {
    this.confirmed.set(step, (this.confirmed.get(step) ?? 0) + 1);
  }
}
