import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { ServerLink, ServerRefused } from '../../electron/sync/server-link';
import { sharedConfigApi } from '../../electron/sync/shared-config';
import { SHARED_CONFIG_PUBLISHED } from '../../electron/sync/shared-config-publish';
import { methods } from '../../shared/api/contract';
import { can, Role, type Session } from '../../shared/auth/roles';
import { canonicalJson } from '../../shared/journal/canonical-json';
import { SharedSections } from '../../shared/sync/shared-config';
import { CREW_MEMBERS } from '../helpers/crew-links';
import { postgresBinDir } from '../helpers/postgres';
import { backendForSuite, closedAfterEach, freePort, type TestDesk } from '../helpers/sync-fixture';
import { until } from '../helpers/until';

// Desks of one organisation publish their roster, shifts and SLA to a real sync server (PGlite, and PostgreSQL when installed).
vi.setConfig({ testTimeout: 90_000 });

const backends = postgresBinDir() !== null ? (['pglite', 'postgres'] as const) : (['pglite'] as const);

const admin: Session = { user: 'zhou.admin', role: 'admin' };
const lead: Session = { user: 'li.lead', role: 'shift-lead' };

const crew = (id: string, name: string) => ({
  id,
  name,
  members: [
    { name: CREW_MEMBERS[0] as string, mobile: '13800000001', lead: true },
    { name: CREW_MEMBERS[1] as string, mobile: '13800000002', lead: false },
  ],
  skills: ['dc'],
  base: { name: '越城基地', lat: 30.0, lng: 120.58 },
});
/** Sections as a desk runs on them: parsed, defaults filled in. */
const sections = (crews: ReturnType<typeof crew>[], starts: string[], sla: string): SharedSections =>
  SharedSections.parse({
    crews: { crews, travel: { roadFactor: 1.4, speedKmh: 40, stationMinutes: {} } },
    shifts: { timeZone: 'Asia/Shanghai', starts },
    sla: { default: sla, presetByGroup: {} },
  });

/** A desk with its configuration (`running`, plus a field that is not shared), synced by a real client. */
function withApi(desk: TestDesk, running: SharedSections, url: string) {
  const config = { ...running, access: { localRole: 'admin' } } as SharedSections & { access: unknown };
  const link = new ServerLink({ url, token: desk.token, timeoutMs: 5_000 });
  const api = sharedConfigApi({
    store: desk.store,
    read: (query) => desk.journal.read(query),
    record: (entry) => desk.journal.append(entry),
    current: () => config,
    apply: async (incoming) => {
      Object.assign(config, incoming);
    },
    publish: (request) => link.publishConfig(request),
  });
  return {
    desk,
    config,
    api,
    published: () => desk.journal.read({ type: SHARED_CONFIG_PUBLISHED, limit: 10 }),
  };
}

const sha256 = (value: unknown) =>
  createHash('sha256')
    .update(canonicalJson(value as never), 'utf8')
    .digest('hex');

describe.each(backends)('publishing the shared configuration on %s', (backendName) => {
  const suite = backendForSuite(backendName);
  const opened = closedAfterEach();
  let count = 0;
  const desks = (...names: string[]) =>
    names.map((name) => opened.desk(suite.dir, `${backendName}-${name}-${++count}`));
  const start = (list: TestDesk[], port = 0, backend = suite.backend.fresh(), shared?: unknown) =>
    opened.server(backend, list, port, shared as never);
  const synced = async (desk: TestDesk, url: string) => {
    const client = desk.client ?? desk.connect(url);
    await client.syncNow();
  };

  it('desk A publishes, desk B sees the diff and applies it; A then sees B’s next revision', async () => {
    const [deskA, deskB] = desks('a', 'b') as [TestDesk, TestDesk];
    const server = await start([deskA, deskB]);
    const a = withApi(
      deskA,
      sections([crew('c1', '越城一班'), crew('c2', '柯桥一班')], ['08:00', '20:00'], 'shaoxing'),
      server.url,
    );
    const b = withApi(
      deskB,
      sections([crew('c1', '越城一班')], ['08:00', '20:00'], 'service-commitment'),
      server.url,
    );

    const result = await a.api['sharedConfig.publish']({ reason: '公司统一名册' }, admin);
    // The hash is that of what the server stores and sends the other desks.
    const stored = await new ServerLink({ url: server.url, token: deskB.token, timeoutMs: 5_000 }).pull(
      0,
      10,
      0,
    );
    expect(stored.config?.revision).toBe(1);
    expect(result).toEqual({
      revision: 1,
      hash: sha256(stored.config?.data),
      sections: ['crews', 'shifts', 'sla'],
    });
    // Journalled with who, why and the hash of what the server stored.
    expect(a.published()).toMatchObject([
      {
        actor: { user: 'zhou.admin', role: 'admin' },
        reason: '公司统一名册',
        data: { revision: 1, base: 0, hash: result.hash, sections: ['crews', 'shifts', 'sla'] },
      },
    ]);
    // The publishing desk runs on what it published: nothing to apply there.
    expect(await a.api['sharedConfig.get']({}, admin)).toMatchObject({
      held: { revision: 1 },
      applied: { revision: 1, by: 'zhou.admin' },
      changes: [],
    });

    await synced(deskB, server.url);
    const review = await b.api['sharedConfig.get']({}, admin);
    expect(review.held?.revision).toBe(1);
    expect(review.changes.map((c) => `${c.section} ${c.change} ${c.item}`)).toEqual([
      'crews added c2 柯桥一班',
      'sla changed default',
    ]);
    await b.api['sharedConfig.apply']({ revision: 1, reason: '采用公司名册' }, admin);
    expect(b.config.crews).toEqual(a.config.crews);
    expect(b.config.sla?.default).toBe('shaoxing');

    // B edits its shifts and publishes on top of revision 1; A sees it as the usual diff.
    b.config.shifts = { timeZone: 'Asia/Shanghai', starts: ['08:00', '16:00', '00:00'] };
    expect(await b.api['sharedConfig.publish']({ reason: '改三班倒' }, admin)).toMatchObject({ revision: 2 });
    expect(b.published()[0]?.data).toMatchObject({ revision: 2, base: 1 });
    await synced(deskA, server.url);
    const atA = await a.api['sharedConfig.get']({}, admin);
    expect(atA.held?.revision).toBe(2);
    expect(atA.changes.map((c) => `${c.section} ${c.change} ${c.item}`)).toEqual(['shifts changed starts']);
  });

  it('refuses a stale publish naming the revision published meanwhile, and loses nothing', async () => {
    const [deskA, deskB] = desks('a', 'b') as [TestDesk, TestDesk];
    const server = await start([deskA, deskB]);
    const a = withApi(deskA, sections([crew('c1', '越城一班')], ['08:00', '20:00'], 'shaoxing'), server.url);
    const bRunning = sections([crew('c9', '上虞一班')], ['07:30', '19:30'], 'service-commitment');
    const b = withApi(deskB, structuredClone(bRunning), server.url);

    await a.api['sharedConfig.publish']({ reason: '公司统一名册' }, admin);
    // B has not pulled since: its publish is based on revision 0.
    await expect(b.api['sharedConfig.publish']({ reason: '上虞名册' }, admin)).rejects.toThrow(
      new RegExp(`revision 1 was published meanwhile by desk ${deskA.name} .*based on revision 0`),
    );
    expect(b.published()).toEqual([]);
    expect(b.config.crews).toEqual(bRunning.crews);
    const link = new ServerLink({ url: server.url, token: deskB.token, timeoutMs: 5_000 });
    const latest = await link.pull(0, 10, 0);
    expect(latest.config).toMatchObject({ revision: 1, data: { sla: { default: 'shaoxing' } } });

    // Once B holds revision 1 it must review it before publishing over it.
    await synced(deskB, server.url);
    await expect(b.api['sharedConfig.publish']({ reason: '上虞名册' }, admin)).rejects.toThrow(
      /revision 1 from the sync server is not applied here/,
    );
    await b.api['sharedConfig.apply']({ revision: 1, reason: '先采用' }, admin);
    await expect(b.api['sharedConfig.publish']({ reason: '无改动' }, admin)).rejects.toThrow(
      /nothing to publish: .* revision 1/,
    );
    b.config.crews = bRunning.crews;
    expect(await b.api['sharedConfig.publish']({ reason: '上虞名册' }, admin)).toMatchObject({ revision: 2 });
  });

  it('is for admins only, and the server checks the hash of what it stores', async () => {
    const [deskA] = desks('a') as [TestDesk];
    const server = await start([deskA]);
    const a = withApi(deskA, sections([crew('c1', '越城一班')], ['08:00', '20:00'], 'shaoxing'), server.url);
    expect(Role.options.filter((role) => can(role, methods['sharedConfig.publish'].permission))).toEqual([
      'admin',
    ]);
    await expect(a.api['sharedConfig.publish']({ reason: '越权' }, lead)).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/needs an admin, not shift-lead/),
    });
    expect(a.published()).toEqual([]);
    // A roster that does not fit is refused before anything is sent, naming the field.
    const [one] = a.config.crews?.crews ?? [];
    a.config.crews = { ...a.config.crews, crews: [{ ...one, members: one?.members.slice(0, 1) }] } as never;
    await expect(a.api['sharedConfig.publish']({ reason: '单人班组' }, admin)).rejects.toMatchObject({
      code: 'invalid',
      message: expect.stringMatching(/^cannot publish: crews\.crews\[0]\.members: /),
    });
    expect(a.published()).toEqual([]);
    const link = new ServerLink({ url: server.url, token: deskA.token, timeoutMs: 5_000 });
    expect((await link.pull(0, 10, 0)).config).toBeNull();

    const data = { sla: { default: 'shaoxing', presetByGroup: {} } };
    const refused = await link.publishConfig({ base: 0, data, hash: sha256({ other: 1 }) }).catch((e) => e);
    expect(refused).toBeInstanceOf(ServerRefused);
    expect(refused).toMatchObject({ code: 'invalid', message: expect.stringMatching(/^body\.hash: /) });
    // The same revision sent again (its reply lost) is answered as the one stored, not refused.
    const first = await link.publishConfig({ base: 0, data, hash: sha256(data) });
    expect(await link.publishConfig({ base: 0, data, hash: sha256(data) })).toEqual(first);
  });

  it('says so clearly when the server is down, and the publish can be retried', async () => {
    const [deskA] = desks('a') as [TestDesk];
    const port = await freePort();
    const backend = suite.backend.fresh();
    const a = withApi(
      deskA,
      sections([crew('c1', '越城一班')], ['08:00', '20:00'], 'shaoxing'),
      `http://127.0.0.1:${port}`,
    );
    await expect(a.api['sharedConfig.publish']({ reason: '公司统一名册' }, admin)).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/unreachable: ECONNREFUSED; nothing was published, try again/),
    });
    expect(a.published()).toEqual([]);
    expect(deskA.store.latestSharedConfig()).toBeNull();

    await start([deskA], port, backend);
    let result: unknown;
    await until(async () => {
      result = await a.api['sharedConfig.publish']({ reason: '公司统一名册' }, admin).catch(() => null);
      return result !== null;
    }, 'the server answers the retried publish');
    expect(result).toMatchObject({ revision: 1 });
    expect(a.published()).toHaveLength(1);
  });

  it('a server restarted with the same file keeps what desks published; a changed file is a revision of its own', async () => {
    const [deskA] = desks('a') as [TestDesk];
    const backend = suite.backend.fresh();
    const port = await freePort();
    const fromFile = { sla: { default: 'service-commitment', presetByGroup: {} } };
    let server = await start([deskA], port, backend, fromFile);
    const a = withApi(deskA, sections([crew('c1', '越城一班')], ['08:00', '20:00'], 'shaoxing'), server.url);
    await synced(deskA, server.url);
    await a.api['sharedConfig.apply']({ revision: 1, reason: '采用服务器配置' }, admin);
    a.config.sla = { default: 'shaoxing', presetByGroup: {} };
    expect(await a.api['sharedConfig.publish']({ reason: '绍兴预设' }, admin)).toMatchObject({ revision: 2 });
    await deskA.client?.stop();
    deskA.client = null;

    const link = new ServerLink({ url: server.url, token: deskA.token, timeoutMs: 5_000 });
    for (const [file, newest] of [
      [fromFile, 2],
      [{ sla: { default: 'shaoxing', presetByGroup: { 柯桥区: 'shaoxing' } } }, 3],
    ] as const) {
      await opened.close(server);
      server = await start([deskA], port, backend, file);
      expect((await link.pull(0, 10, 0)).config?.revision).toBe(newest);
    }
    // The file's new revision is one this desk has not seen: its publish is refused, naming the file.
    a.config.shifts = { timeZone: 'Asia/Shanghai', starts: ['08:00', '16:00', '00:00'] };
    await expect(a.api['sharedConfig.publish']({ reason: '三班倒' }, admin)).rejects.toThrow(
      /revision 3 was published meanwhile by the server's own configuration/,
    );
  });
});
