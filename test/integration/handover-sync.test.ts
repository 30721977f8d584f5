import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Authenticator } from '../../electron/auth/authenticator';
import { HandoverRefusal, HandoverService } from '../../electron/handover/service';
import type { SyncServer } from '../../server/server';
import type { Station } from '../../shared/api/model';
import type { Session } from '../../shared/auth/roles';
import { HANDOVER_EVENT_TYPES } from '../../shared/handover/events';
import { DEFAULT_SHIFT_SCHEDULE } from '../../shared/handover/schedule';
import { backendForSuite, openDesk, serve, type TestDesk } from '../helpers/sync-fixture';
import { until } from '../helpers/until';

// Two desks of one organisation, a real sync server (PGlite) between them.
vi.setConfig({ testTimeout: 60_000 });

const PEOPLE: Record<string, { password: string; session: Session }> = {
  'lead-a': { password: 'a-pass', session: { user: 'lead-a', role: 'shift-lead' } },
  'lead-b': { password: 'b-pass', session: { user: 'lead-b', role: 'shift-lead' } },
  'lead-c': { password: 'c-pass', session: { user: 'lead-c', role: 'shift-lead' } },
};
const accounts: Authenticator = {
  async verify(user, password) {
    const person = PEOPLE[user];
    return person && person.password === password ? person.session : null;
  },
};
const monitor: Session = { user: 'mon', role: 'monitor' };

const NOW = Date.parse('2026-11-23T11:00:00Z'); // 19:00 Shanghai: the day shift 2026-11-23@08:00
const DAY_SHIFT = '2026-11-23@08:00';
const NIGHT_BEFORE = '2026-11-22@20:00';
const stations: Station[] = [
  { id: 'sx05', name: '柯桥站', address: '', lat: 30.08, lng: 120.49, group: '柯桥区', urban: true },
  { id: 'sx09', name: '嵊州站', address: '', lat: 29.6, lng: 120.82, group: '嵊州市', urban: false },
];

function handover(desk: TestDesk, withRemote: boolean): HandoverService {
  return new HandoverService({
    journal: desk.journal,
    ...(withRemote
      ? { remote: { read: (after, limit) => desk.store.inboundOfTypes(HANDOVER_EVENT_TYPES, after, limit) } }
      : {}),
    authenticator: accounts,
    schedule: () => DEFAULT_SHIFT_SCHEDULE,
    now: () => NOW,
    sources: {
      stations: () => stations,
      devices: () => [],
      status: () => [],
      alarms: async () => [],
      work: { openWorkOrders: async () => null, outagesInForce: async () => null },
    },
  });
}

describe("the handover search across the organisation's desks", () => {
  const suite = backendForSuite('pglite');
  let server: SyncServer;
  let a: TestDesk;
  let b: TestDesk;

  beforeAll(async () => {
    a = openDesk(suite.dir, 'shaoxing-north');
    b = openDesk(suite.dir, 'shengzhou');
    server = await serve(suite.backend.fresh(), [a, b]);
  }, 60_000);
  afterAll(async () => {
    await a.close();
    await b.close();
    await server.close();
  });

  it("finds another desk's signed records, marked with that desk, and opens them as that desk signed them", async () => {
    const here = handover(a, true);
    const there = handover(b, false);
    await here.note(DAY_SHIFT, '柯桥站 2 号桩待更换模块', 'sx05', monitor);
    await there.note(DAY_SHIFT, '嵊州站网关夜间离线两次，已报运维', 'sx09', monitor);
    await there.sign(DAY_SHIFT, 'lead-b', 'b-pass');
    const accepted = await there.accept(DAY_SHIFT, 'lead-c', 'c-pass');
    // Desk b's previous shift is still a draft there: work in progress, not a record yet.
    await there.note(NIGHT_BEFORE, '草稿：嵊州站巡检未完成', 'sx09', monitor);

    // Before sync, this desk knows only its own.
    expect((await here.search({ limit: 50 })).results.map((r) => r.desk)).toEqual([null]);
    const ca = a.connect(server.url);
    const cb = b.connect(server.url);
    await cb.syncNow();
    await ca.syncNow();
    expect(ca.status()).toMatchObject({ state: 'ok', received: b.journal.count() });

    const all = (await here.search({ limit: 50 })).results;
    expect(all.map((r) => [r.shiftId, r.desk])).toEqual([
      [DAY_SHIFT, null],
      [DAY_SHIFT, b.journal.deskId],
    ]);
    expect(all[1]).toMatchObject({ state: 'accepted', signedBy: 'lead-b', acceptedBy: 'lead-c', notes: 1 });

    // Text and station find it as they find this desk's own.
    const byText = (await here.search({ text: '网关', limit: 50 })).results;
    expect(byText.map((r) => r.desk)).toEqual([b.journal.deskId]);
    expect(byText[0]?.excerpt).toBe('嵊州站网关夜间离线两次，已报运维');
    expect((await here.search({ stationId: 'sx09', limit: 50 })).results.map((r) => r.desk)).toEqual([
      b.journal.deskId,
    ]);
    expect((await here.search({ stationId: 'sx05', limit: 50 })).results.map((r) => r.desk)).toEqual([null]);
    expect((await here.search({ text: '草稿', limit: 50 })).results).toEqual([]);

    // Opened, it is that desk's record as signed there, naming its desk; this desk's own shift is untouched.
    expect(await here.get(DAY_SHIFT, b.journal.deskId)).toEqual({ ...accepted, desk: b.journal.deskId });
    expect(await here.get(DAY_SHIFT)).toMatchObject({
      desk: null,
      state: 'draft',
      notes: [{ text: '柯桥站 2 号桩待更换模块' }],
    });
    await expect(here.get(NIGHT_BEFORE, b.journal.deskId)).rejects.toBeInstanceOf(HandoverRefusal);
    await expect(here.get(DAY_SHIFT, 'no-such-desk')).rejects.toThrow(
      /no signed handover .* has been received/,
    );
  });

  it("follows a later correction made at the other desk, and a desk's own record never mixes with another's", async () => {
    const here = handover(a, true);
    const there = handover(b, false);
    const corrected = await there.correct(DAY_SHIFT, 'lead-b', 'b-pass', '更正：离线三次', undefined);
    // Not here until it has been through the server.
    expect((await here.search({ text: '离线三次', limit: 10 })).results.map((r) => r.desk)).toEqual([]);
    await until(() => a.store.received() === b.journal.count(), 'the correction has reached desk a');
    expect((await here.search({ text: '离线三次', limit: 10 })).results.map((r) => r.desk)).toEqual([
      b.journal.deskId,
    ]);
    expect(await here.get(DAY_SHIFT, b.journal.deskId)).toEqual({ ...corrected, desk: b.journal.deskId });

    // The other desk signing does not sign this desk's shift of the same name.
    expect((await here.get(DAY_SHIFT)).signature).toBeNull();
    await here.sign(DAY_SHIFT, 'lead-a', 'a-pass');
    expect((await here.get(DAY_SHIFT)).signature?.user).toBe('lead-a');
    expect((await here.get(DAY_SHIFT, b.journal.deskId)).signature?.user).toBe('lead-b');
  });
});
