import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HandoverService } from '../../electron/handover/service';
import { Journal } from '../../electron/store/journal';
import type { Session } from '../../shared/auth/roles';
import { DEFAULT_SHIFT_SCHEDULE, shiftAt } from '../../shared/handover/schedule';
import { mulberry32 } from '../../sim/random';
import { emptySources, fakeAuthenticator } from '../helpers/handover';

/**
 * Handover records at start (issue 16): a restarted desk reads no record
 * until one is asked for, each then whole by its subject, and the rest in
 * the background for the search. For random journals of shifts (notes,
 * checks, signatures, acceptances, corrections, among other desk events,
 * with a few chunks of postings and a tail after them), what a desk
 * restarted at random points shows of every record, the current and
 * previous ones and every search is what a desk that read every record
 * shows.
 */

const HOUR = 3_600_000;
const FROM = Date.parse('2026-11-02T00:30:00Z'); // 08:30 Shanghai, in a day shift
const monitor: Session = { user: 'mon', role: 'monitor' };
const CHECKS = ['cameras', 'iot-sim', 'ethernet'] as const;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dutydesk-handover-start-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A journal whose every read is counted, and whose subjects are the ones read by subject. */
function counted(journal: Journal) {
  const reads = { events: 0, subjects: new Set<string>() };
  const port = {
    file: '',
    deskId: journal.deskId,
    pointAt: journal.pointAt.bind(journal),
    append: journal.append.bind(journal),
    count: journal.count.bind(journal),
    read(query: Parameters<Journal['read']>[0] = {}) {
      const found = journal.read(query);
      reads.events += found.length;
      if (query.subject) reads.subjects.add(query.subject);
      return found;
    },
  };
  return { port, reads };
}

function serviceOn(journal: Journal, now: () => number) {
  const { port, reads } = counted(journal);
  const service = new HandoverService({
    journal: port,
    authenticator: fakeAuthenticator,
    schedule: () => DEFAULT_SHIFT_SCHEDULE,
    now,
    sources: emptySources,
  });
  return { service, reads };
}

/** Every view of the records a person can ask for: the current and previous, each shift's, and searches. */
async function views(service: HandoverService, shiftIds: readonly string[]) {
  const records = [];
  for (const id of shiftIds) records.push(await service.get(id));
  return {
    current: await service.current(),
    records,
    all: await service.search({ limit: 1000 }),
    text: await service.search({ text: 'gateway', limit: 1000 }),
    since: await service.search({ from: FROM + 48 * HOUR, limit: 5 }),
  };
}

describe('handover records at start ≡ every record read', () => {
  for (let seed = 1; seed <= 8; seed++) {
    it(`random journal ${seed}: restarts at random points read only what is asked for, and show the same`, async () => {
      const rng = mulberry32(seed * 104_729);
      let t = FROM;
      const now = () => t;
      // Small chunks: the records' events lie in several chunks of postings and in the tail after them.
      const journal = Journal.open(join(dir, 'journal.sqlite'), { indexChunk: 40 });
      try {
        let desk = serviceOn(journal, now).service;
        const shiftIds = new Set<string>();
        const shifts = 6 + Math.floor(rng() * 6);
        for (let n = 0; n < shifts; n++) {
          const shift = shiftAt(DEFAULT_SHIFT_SCHEDULE, t);
          shiftIds.add(shift.id);
          for (let i = Math.floor(rng() * 5); i > 0; i--) {
            t += Math.floor(rng() * HOUR);
            // Other desk events between the handover's, as a real journal has them.
            for (let k = Math.floor(rng() * 30); k > 0; k--) {
              journal.append({
                type: 'alarm.raised',
                subject: `st001-ac${k}:fanFault`,
                data: { n: k },
                actor: { user: 'desk', role: 'system' },
                ts: t,
              });
            }
            if (rng() < 0.6) {
              const text = rng() < 0.3 ? `gateway ${n}-${i} reset` : `note ${n}-${i}`;
              await desk.note(shift.id, text, null, monitor);
            } else {
              const check = CHECKS[Math.floor(rng() * CHECKS.length)] ?? 'cameras';
              await desk.recordCheck(
                { check, status: 'ok', note: '', simDataMb: check === 'iot-sim' ? 12 : null },
                monitor,
              );
            }
          }
          // Some shifts end signed, some signed and accepted (a few then corrected), some stay drafts.
          t = shift.endsAt - HOUR / 2;
          if (rng() < 0.7) {
            await desk.sign(shift.id, 'lead-a', 'a-pass');
            if (rng() < 0.7) {
              await desk.accept(shift.id, 'lead-b', 'b-pass');
              if (rng() < 0.4)
                await desk.correct(shift.id, 'lead-a', 'a-pass', 'gateway was fine', undefined);
            }
          }
          t = shift.endsAt + Math.floor(rng() * HOUR);
          if (rng() < 0.5) {
            // A restart: the new desk has read nothing of any record before the first is asked for.
            const restarted = serviceOn(journal, now);
            expect(restarted.reads.events).toBe(0);
            desk = restarted.service;
          }
        }
        // The shift in progress has a note from before the restart, and gets one while the search index catches up.
        const inProgress = shiftAt(DEFAULT_SHIFT_SCHEDULE, t).id;
        shiftIds.add(inProgress);
        await desk.note(inProgress, 'before the restart', null, monitor);
        const ids = [...shiftIds];
        const lazy = serviceOn(journal, now);
        const current = await lazy.service.current();
        // The current and previous records alone, each by its subject.
        expect([...lazy.reads.subjects].sort()).toEqual(
          [`handover/${current.previous.shiftId}`, `handover/${current.record.shift.id}`].sort(),
        );
        // A note while the search index catches up lands in its record, read whole first, and in the index.
        const background = lazy.service.prepareSearch();
        await lazy.service.note(current.record.shift.id, 'gateway checked after the restart', null, monitor);
        await background;
        const whole = serviceOn(journal, now).service;
        await whole.prepareSearch();
        expect(await views(lazy.service, ids)).toEqual(await views(whole, ids));
        // A search before the index has caught up: it catches up first and finds the same.
        const early = serviceOn(journal, now).service;
        expect(await early.search({ text: 'gateway', limit: 1000 })).toEqual(
          await whole.search({ text: 'gateway', limit: 1000 }),
        );
        expect(journal.verify()).toMatchObject({ ok: true });
      } finally {
        journal.close();
      }
    }, 60_000);
  }
});
