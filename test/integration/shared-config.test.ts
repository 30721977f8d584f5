import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Journal } from '../../electron/store/journal';
import { SHARED_CONFIG_APPLIED, sharedConfigApi } from '../../electron/sync/shared-config';
import { SyncStore } from '../../electron/sync/sync-store';
import type { Session } from '../../shared/auth/roles';
import type { SharedSections } from '../../shared/sync/shared-config';
import { sharedConfigDiff } from '../../shared/sync/shared-config';
import { CREW_MEMBERS } from '../helpers/crew-links';

const dir = mkdtempSync(join(tmpdir(), 'dutydesk-shared-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const admin: Session = { user: 'zhou.admin', role: 'admin' };
const member = (name: string, mobile: string) => ({ name, mobile, lead: false });
const crew = (id: string, name: string, skills: string[] = ['dc']) => ({
  id,
  name,
  members: [
    member(CREW_MEMBERS[0] as string, '13800000001'),
    member(CREW_MEMBERS[1] as string, '13800000002'),
  ],
  skills,
  base: { name: '越城基地', lat: 30.0, lng: 120.58 },
});
const roster = (crews: ReturnType<typeof crew>[]) => ({
  crews,
  travel: { roadFactor: 1.4, speedKmh: 40, stationMinutes: {} },
});

/** A desk's journal and sync store in one SQLite file; `running` is what its configuration holds. */
function desk(name: string, running: SharedSections) {
  const journal = Journal.open(join(dir, `${name}.sqlite`));
  const store = SyncStore.open(journal.file);
  const applied: SharedSections[] = [];
  const api = sharedConfigApi({
    store,
    read: (query) => journal.read(query),
    record: (entry) => journal.append(entry),
    current: () => running,
    apply: async (sections) => {
      applied.push(sections);
      Object.assign(running, sections);
    },
  });
  /** The server sends revision `revision` on the next pull. */
  const receive = (revision: number, data: unknown) =>
    store.ingest({ events: [], next: 0, more: false, config: { revision, data: data as never } });
  return { journal, store, api, applied, receive };
}

describe('shared configuration', () => {
  it('diffs each section: crews by id, shift fields, SLA default and groups', () => {
    const changes = sharedConfigDiff(
      {
        crews: roster([crew('a', '越城一班'), crew('b', '柯桥一班')]) as never,
        shifts: { timeZone: 'Asia/Shanghai', starts: ['08:00', '20:00'] },
        sla: { default: 'service-commitment', presetByGroup: { 越城区: 'shaoxing', 柯桥区: 'shaoxing' } },
      },
      {
        crews: roster([crew('a', '越城一班', ['dc', 'electrician-high']), crew('c', '上虞一班')]) as never,
        shifts: { timeZone: 'Asia/Shanghai', starts: ['08:00', '16:00', '00:00'] },
        sla: { default: 'shaoxing', presetByGroup: { 越城区: 'shaoxing' } },
      },
    );
    expect(changes.map((c) => [c.section, c.change, c.item])).toEqual([
      ['crews', 'changed', 'a 越城一班'],
      ['crews', 'added', 'c 上虞一班'],
      ['crews', 'removed', 'b 柯桥一班'],
      ['shifts', 'changed', 'starts'],
      ['sla', 'changed', 'default'],
      ['sla', 'removed', '柯桥区'],
    ]);
    expect(changes.find((c) => c.item === 'starts')).toMatchObject({
      before: '["08:00","20:00"]',
      after: '["08:00","16:00","00:00"]',
    });
  });

  it('runs on what it had until an admin applies the revision reviewed, journalled with who and why', async () => {
    const running: SharedSections = { sla: { default: 'service-commitment', presetByGroup: {} } };
    const d = desk('apply', running);
    expect(await d.api['sharedConfig.get']({}, admin)).toEqual({
      held: null,
      applied: null,
      changes: [],
      problem: null,
    });

    d.receive(3, { crews: roster([crew('a', '越城一班')]), sla: { default: 'shaoxing', presetByGroup: {} } });
    const review = await d.api['sharedConfig.get']({}, admin);
    expect(review.held).toMatchObject({ revision: 3, sections: ['crews', 'sla'] });
    expect(review.changes.map((c) => `${c.section} ${c.change} ${c.item}`)).toEqual([
      'crews added a 越城一班',
      'crews added travel',
      'sla changed default',
    ]);
    // Received is not applied.
    expect(d.applied).toEqual([]);
    expect(running.sla?.default).toBe('service-commitment');

    await expect(d.api['sharedConfig.apply']({ revision: 2, reason: '统一排班' }, admin)).rejects.toThrow(
      /not the newest held \(3\)/,
    );
    const after = await d.api['sharedConfig.apply']({ revision: 3, reason: '公司统一调度名册' }, admin);
    expect(running.sla?.default).toBe('shaoxing');
    expect(after).toMatchObject({
      applied: { revision: 3, by: 'zhou.admin', reason: '公司统一调度名册' },
      changes: [],
    });
    const [event] = d.journal.read({ type: SHARED_CONFIG_APPLIED, limit: 10 });
    expect(event).toMatchObject({
      actor: { user: 'zhou.admin', role: 'admin' },
      reason: '公司统一调度名册',
      data: { revision: 3, changes: ['crews added a 越城一班', 'crews added travel', 'sla changed default'] },
    });
    await expect(d.api['sharedConfig.apply']({ revision: 3, reason: 'again' }, admin)).rejects.toThrow(
      /already applied/,
    );
    d.store.close();
    d.journal.close();
  });

  it('names the field of a revision that does not fit, and applies nothing', async () => {
    const running: SharedSections = {};
    const d = desk('bad', running);
    d.receive(4, { crews: roster([{ ...crew('a', '越城一班'), members: [member('王强', '138')] }]) });
    const view = await d.api['sharedConfig.get']({}, admin);
    expect(view.problem).toMatch(/^shared configuration revision 4: crews\.crews\[0]\.members/);
    await expect(d.api['sharedConfig.apply']({ revision: 4, reason: 'x' }, admin)).rejects.toThrow(/members/);
    expect(d.applied).toEqual([]);
    expect(d.journal.read({ type: SHARED_CONFIG_APPLIED, limit: 10 })).toEqual([]);
    d.store.close();
    d.journal.close();
  });
});
