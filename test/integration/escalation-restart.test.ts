import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ESCALATION_SENT } from '../../electron/workorders/steps-sent';
import { startCrewDesk } from '../helpers/crew-desk';
import { overWebSocket } from '../helpers/desk';
import { withDeskJournal } from '../helpers/desk-journal';
import { PEOPLE } from '../helpers/duty-desk';

/**
 * A storm, then a restart: the four AC chargers of 鲁迅中路 report a ground fault at
 * once (on-site tier). The escalation policy tells the on-call leads of an
 * on-site fault at once (one device's comms loss, remote, is left out), so the first alarm goes in one message and the other three are
 * held for the storm digest, which names only the first of them in its
 * refs. After the digest went, the desk restarts on the same journal with
 * all four alarms still unacknowledged: none of them may be escalated
 * again, because the desk journalled which alarms each message covered.
 */

const MIN = 60_000;
const AT_ONCE = [{ afterMinutes: 0, notify: ['on-call-lead'] }];

describe('escalation across a restart during a storm', () => {
  let crews: Awaited<ReturnType<typeof startCrewDesk>>;

  beforeAll(async () => {
    crews = await startCrewDesk(['crew-wecom'], {
      escalation: { tiers: { remote: [], 'on-site': AT_ONCE, emergency: AT_ONCE } },
    });
  }, 60_000);
  afterAll(() => crews?.close());

  const requested = () =>
    withDeskJournal(crews.desk.dataDir, (journal) =>
      journal
        .read({ type: 'notify.requested', limit: 10_000 })
        .map((e) => e.data as { kind: string; refs: Record<string, string> }),
    );

  /** The chargers' alarms, once the queue has all four unacknowledged. */
  async function stormAlarms(client: typeof crews.monitor, chargers: readonly string[]) {
    const end = Date.now() + 20_000;
    for (;;) {
      const { alarms } = await client.request('alarms.list', {});
      const mine = alarms.filter(
        (a) => chargers.includes(a.deviceId ?? '') && a.state === 'active-unacknowledged',
      );
      if (mine.length === chargers.length) return mine;
      if (Date.now() > end) throw new Error(`only ${mine.length} of ${chargers.length} alarms in the queue`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('escalates each alarm of the storm once, and none again after the restart', async () => {
    const { desk } = crews;
    const chargers = desk.config.devices
      .filter((d) => d.stationId === 'sx01' && d.profile === 'ac-7kw')
      .map((d) => d.id);
    expect(chargers).toHaveLength(4);
    for (const id of chargers) desk.fleet.anomaly(id, 'ground-fault');
    const alarms = await stormAlarms(crews.monitor, chargers);
    expect(new Set(alarms.map((a) => a.cause)).size).toBe(1);
    expect(alarms.map((a) => a.tier)).toEqual(['on-site', 'on-site', 'on-site', 'on-site']);

    // One message at once, the other three in one digest when the interval ends.
    await crews.sink('crew-wecom').waitFor(1);
    desk.clock.skip(MIN + 1_000);
    await crews.sink('crew-wecom').waitFor(2);
    const before = await requested();
    expect(before.filter((r) => r.kind === 'alarm').map((r) => r.refs.count)).toEqual(['1', '3']);
    // The digest's refs name its first alarm only; the journal names all four as escalated at step 0.
    const escalated = await withDeskJournal(desk.dataDir, (journal) =>
      journal.read({ type: ESCALATION_SENT, limit: 100 }).flatMap((e) => {
        const data = e.data as { step: number; alarms: string[] };
        return data.alarms.map((key) => `${key}|${data.step}`);
      }),
    );
    expect(escalated.toSorted()).toEqual(alarms.map((a) => `${a.id}|${a.raisedAt}|0`).toSorted());

    await desk.restart();
    const again = await overWebSocket(desk.engine, { token: PEOPLE.monitor.token });
    try {
      // The queue is back, the four alarms still unacknowledged and their condition active.
      await stormAlarms(again.client, chargers);
      desk.clock.skip(5 * MIN);
      expect(desk.engine.notifier.pending()).toEqual([]);
      expect(await requested()).toEqual(before);
    } finally {
      await again.close();
    }
  });
});
