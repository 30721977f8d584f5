import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readSnapshot, snapshotFile } from '../../electron/duty-snapshot/file';
import { Journal } from '../../electron/store/journal';
import { CLOSED_HELD_MS } from '../../electron/workorders/closed';
import { CREW_ANSWER_KEPT } from '../../shared/sync/crew-link';
import { desk, month, TO, withoutIds } from '../helpers/duty-snapshot-desk';

/**
 * Closed work orders the desk let go of (issue 16) on a real journal: a
 * crew answer that comes for one long after is kept on its timeline, and a
 * start from the snapshot lists it as a whole replay does.
 */

const DAY = 86_400_000;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dutydesk-held-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('closed work orders let go of, on a real journal', () => {
  it('a crew answer for an order closed weeks ago is kept on its timeline, before and after a start from the snapshot', async () => {
    const journal = Journal.open(join(dir, 'journal.sqlite'));
    try {
      journal.appendMany(month(2));
      const t = TO + 20 * DAY;
      const first = desk(journal, t, true);
      const before = (await first.state()).workOrders.workOrders;
      const old = before.filter((o) => o.state === 'accepted' && (o.acceptedAt ?? t) < t - CLOSED_HELD_MS);
      // Each old order's alarm raised again and cleared: the order is no longer its alarm's current incident.
      const faulted = (faults: boolean) =>
        old.map((o) => {
          const [deviceId = '', cause = ''] = (o.alarmIds[0] ?? '').split(':');
          return {
            deviceId,
            comms: 'online',
            state: 'idle',
            faults: faults ? [cause] : [],
            detail: null,
            since: t,
          } as const;
        });
      first.duty.onTelemetry({ samples: [], status: faulted(true) });
      first.duty.onTelemetry({ samples: [], status: faulted(false) });
      first.duty.stop();

      // Started again, the desk lets go of those whose alarm has moved on.
      const second = desk(journal, t, true);
      const listed = await second.state();
      const current = new Map(listed.alarms.alarms.map((a) => [a.id, a.raisedAt]));
      const dropped = old.filter((o) => o.alarmIds.every((id) => current.get(id) === t));
      expect(dropped.length).toBeGreaterThan(3);
      for (const order of old) {
        expect(() =>
          second.duty.crewAnswer({
            id: randomUUID(),
            actor: { user: 'zhao.lei', role: 'crew' },
            answer: {
              desk: 'test-desk',
              workOrderId: order.id,
              crewId: 'crew-1',
              kind: 'arrived',
              tapAt: t,
              receivedAt: t,
              note: 'back on site',
              position: null,
              distanceKm: null,
              outageReason: null,
              key: `tap-${order.id}`,
            },
          }),
        ).toThrow(/closed/);
      }
      const kept = (list: typeof before) =>
        list.filter((o) => o.steps.some((s) => s.step === 'crew-answer-kept')).map((o) => o.id);
      expect(kept((await second.state()).workOrders.workOrders).sort()).toEqual(old.map((o) => o.id).sort());
      expect(journal.read({ type: CREW_ANSWER_KEPT, limit: 1_000 })).toHaveLength(old.length);
      second.duty.stop();
      // Its snapshot names none of the orders it let go of: the next start's archive brings them back whole.
      const subjects = readSnapshot(snapshotFile(journal.file)).snapshot?.subjects ?? {};
      expect(dropped.filter((o) => o.id in subjects)).toEqual([]);

      const fromSnapshot = desk(journal, t, true);
      const whole = desk(journal, t, false);
      const [a, b] = [await fromSnapshot.state(), await whole.state()];
      expect(kept(a.workOrders.workOrders).sort()).toEqual(old.map((o) => o.id).sort());
      const byId = <T extends { id: string }>(list: readonly T[]) =>
        [...list].sort((x, y) => (x.id < y.id ? -1 : 1));
      expect(withoutIds(byId(a.workOrders.workOrders))).toEqual(withoutIds(byId(b.workOrders.workOrders)));
      // Its snapshot fits, and no work-order step failed to replay (the synthetic alarms have replay warnings of their own).
      expect(fromSnapshot.lines.filter((l) => /snapshot refused|replay: workorder\./.test(l))).toEqual([]);
      fromSnapshot.duty.stop();
      whole.duty.stop();
    } finally {
      journal.close();
    }
  }, 60_000);
});
