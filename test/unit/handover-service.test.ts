import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HandoverRefusal, HandoverService } from '../../electron/handover/service';
import { Journal } from '../../electron/store/journal';
import type { Session } from '../../shared/auth/roles';
import { DEFAULT_SHIFT_SCHEDULE } from '../../shared/handover/schedule';
import { emptySources, fakeAuthenticator } from '../helpers/handover';

const NOW = Date.parse('2026-11-23T11:00:00Z'); // 19:00 Shanghai, day shift 2026-11-23@08:00
const SHIFT = '2026-11-23@08:00';

const journals: Journal[] = [];
afterEach(() => {
  for (const j of journals.splice(0)) j.close();
});

function open(file: string, now = () => NOW) {
  const journal = Journal.open(file);
  journals.push(journal);
  const service = new HandoverService({
    journal,
    authenticator: fakeAuthenticator,
    schedule: () => DEFAULT_SHIFT_SCHEDULE,
    now,
    sources: emptySources,
  });
  return { journal, service };
}

const newFile = () => join(mkdtempSync(join(tmpdir(), 'dutydesk-handover-')), 'journal.sqlite');
const monitor: Session = { user: 'mon', role: 'monitor' };

describe('handover service on a real journal file', () => {
  it('two signatures racing: exactly one is recorded, the other is told why', async () => {
    const { service, journal } = open(newFile());
    const results = await Promise.allSettled([
      service.sign(SHIFT, 'lead-a', 'a-pass'),
      service.sign(SHIFT, 'lead-b', 'b-pass'),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(HandoverRefusal);
    expect(journal.read({ type: 'handover.signed' })).toHaveLength(1);
  });

  it('keeps a signed and accepted record exactly as it was after the desk restarts', async () => {
    const file = newFile();
    const first = open(file);
    await first.service.note(SHIFT, '夜班注意嵊州站网关', null, monitor);
    await first.service.recordCheck({ check: 'cameras', status: 'ok', note: '', simDataMb: null }, monitor);
    await first.service.sign(SHIFT, 'lead-a', 'a-pass');
    const accepted = await first.service.accept(SHIFT, 'lead-b', 'b-pass');
    first.journal.close();
    journals.splice(0);

    // Hours later, after a restart: the record is read back from the journal alone.
    const second = open(file, () => NOW + 6 * 3_600_000);
    expect(await second.service.get(SHIFT)).toEqual(accepted);
    await expect(second.service.note(SHIFT, 'late', null, monitor)).rejects.toThrow(/cannot change/);
    expect((await second.service.search({ text: '嵊州', limit: 10 })).results.map((r) => r.shiftId)).toEqual([
      SHIFT,
    ]);
    expect(second.journal.verify()).toMatchObject({ ok: true });
  });

  it('refuses a shift that has not begun and an id no shift starts at', async () => {
    const { service } = open(newFile());
    await expect(service.get('2026-11-24@08:00')).rejects.toThrow(/has not begun/);
    await expect(service.get('2026-11-23@09:30')).rejects.toThrow(/no shift 2026-11-23@09:30/);
    await expect(service.note(SHIFT, 'x', 'sx99', monitor)).rejects.toThrow(/no station sx99/);
  });
});
