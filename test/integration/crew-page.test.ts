import { afterEach, describe, expect, it, vi } from 'vitest';
import { type SyncServer, startSyncServer } from '../../server/server';
import { CREW_ANSWER_TYPE, CREW_PAGE_DESK, CrewAnswer, CrewPageState } from '../../shared/sync/crew-link';
import { CREW_MEMBERS, crewJob, post, recordDispatch, tap } from '../helpers/crew-links';
import { postgresBinDir } from '../helpers/postgres';
import { backendForSuite, openDesk, serverEvents, type TestDesk } from '../helpers/sync-fixture';

vi.setConfig({ testTimeout: 90_000 });

const backends = postgresBinDir() !== null ? (['pglite', 'postgres'] as const) : (['pglite'] as const);

const HOUR = 3_600_000;
const START = Date.UTC(2026, 11, 5, 1, 0);

describe.each(backends)('crew page on %s', (backendName) => {
  const suite = backendForSuite(backendName);
  let desk: TestDesk;
  let server: SyncServer;
  let clock = START;
  let lines: string[] = [];

  afterEach(async () => {
    await desk.close();
    await server.close();
  });

  async function start(): Promise<void> {
    clock = START;
    lines = [];
    desk = openDesk(suite.dir, `crew-${Math.random().toString(36).slice(2, 8)}`);
    server = await startSyncServer(
      { host: '127.0.0.1', port: 0, ...suite.backend.fresh(), desks: [desk.registration] },
      (line) => lines.push(line),
      { now: () => clock },
    );
  }

  /** Dispatches a work order on the desk and syncs it, so the server knows the link. */
  async function dispatched(workOrderId = 'WO-0001'): Promise<string> {
    const link = recordDispatch(
      desk.journal,
      { url: server.url, token: desk.token },
      crewJob(workOrderId, START + 72 * HOUR),
      START,
    );
    await (desk.client ?? desk.connect(server.url)).syncNow();
    return link.url;
  }

  const answers = () => serverEvents(server, CREW_PAGE_DESK);
  const state = async (url: string) => CrewPageState.parse(await (await fetch(`${url}/state`)).json());

  it('serves the job under a strict CSP and stores each tap once, as a crew answer in the journal', async () => {
    await start();
    const url = await dispatched();
    const page = await fetch(url);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await page.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toMatch(/<script src="\/crew\/assets\/page\.js"><\/script>/);
    expect(html).not.toMatch(/<script>/);
    expect((await fetch(`${server.url}/crew/assets/page.js`)).status).toBe(200);

    const job = await state(url);
    expect(job).toMatchObject({ workOrderId: 'WO-0001', members: CREW_MEMBERS, over: null, taps: [] });

    clock = START + HOUR;
    const arrived = tap('arrived', START + 40 * 60_000, {
      position: { lat: 30.0342, lng: 120.5801, accuracyM: 12 },
    });
    const first = await post(url, arrived);
    expect(first.status).toBe(201);
    const again = await post(url, arrived);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ duplicate: true });

    const [event, ...more] = await answers();
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      type: CREW_ANSWER_TYPE,
      subject: 'WO-0001',
      actor: { user: CREW_MEMBERS[0], role: 'crew' },
      // The tap's own time, not when the server got it.
      ts: START + 40 * 60_000,
    });
    const answer = CrewAnswer.parse(event?.data);
    expect(answer).toMatchObject({ desk: desk.journal.deskId, kind: 'arrived', receivedAt: START + HOUR });
    expect(answer.distanceKm).toBeCloseTo(0.334, 2);
    expect((await state(url)).taps.map((t) => t.kind)).toEqual(['arrived']);
  });

  it('refuses forged links with 401, logs them without the token, and stores nothing', async () => {
    await start();
    const url = await dispatched();
    const token = url.slice(url.lastIndexOf('/') + 1);
    const [linkId, mac] = token.split('.') as [string, string];
    const forgeries = [
      `${linkId}.${'A'.repeat(43)}`,
      `${'b'.repeat(16)}.${mac}`,
      `${linkId}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`,
      'not-a-token',
    ];
    for (const forged of forgeries) {
      const forgedUrl = `${server.url}/crew/${forged}`;
      expect((await fetch(forgedUrl)).status).toBe(401);
      expect((await post(forgedUrl, tap('arrived', START))).status).toBe(401);
    }
    expect(await answers()).toEqual([]);
    expect(lines.filter((l) => l.includes('401 forged')).length).toBe(forgeries.length * 2);
    expect(lines.join('\n')).not.toContain(mac);
    expect(lines.join('\n')).not.toContain(desk.token);
  });

  it('answers 410 once the link expires, with nothing stored', async () => {
    await start();
    const url = await dispatched();
    clock = START + 72 * HOUR;
    expect((await fetch(url)).status).toBe(410);
    const refused = await post(url, tap('arrived', START + HOUR));
    expect(refused).toMatchObject({ status: 410, body: { error: { code: 'expired' } } });
    expect(await answers()).toEqual([]);
    expect(lines.some((l) => l.includes('410 expired'))).toBe(true);
  });

  it('answers 410 for a work order the desk closed, and after the crew reported it fixed', async () => {
    await start();
    const url = await dispatched('WO-0001');
    const url2 = await dispatched('WO-0002');
    clock = START + 2 * HOUR;
    const fixed = tap('fixed', START + 2 * HOUR, { note: '更换绝缘监测模块' });
    expect((await post(url, fixed)).status).toBe(201);
    expect(await post(url, tap('progress', clock, { note: '再看看' }))).toMatchObject({
      status: 410,
      body: { error: { code: 'spent' } },
    });
    // The phone retrying the tap that spent the link still gets its answer.
    expect((await post(url, fixed)).status).toBe(200);
    expect((await state(url)).over).toBe('spent');

    desk.journal.append({
      type: 'workorder.cancelled',
      subject: 'WO-0002',
      data: { event: { reason: '误报' } },
      actor: { user: 'monitor-zhang', role: 'monitor' },
    });
    await desk.client?.syncNow();
    expect(await post(url2, tap('received', clock))).toMatchObject({
      status: 410,
      body: { error: { code: 'closed' } },
    });
    expect((await answers()).map((e) => CrewAnswer.parse(e.data).kind)).toEqual(['fixed']);
  });

  it('refuses a member who is not on the crew and a malformed tap with 400', async () => {
    await start();
    const url = await dispatched();
    expect(await post(url, tap('arrived', START, { member: '张三' }))).toMatchObject({ status: 400 });
    expect(await post(url, { kind: 'arrived' })).toMatchObject({ status: 400 });
    expect(await answers()).toEqual([]);
  });

  it('slows down an address that keeps guessing', async () => {
    await start();
    await dispatched();
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++)
      statuses.push((await fetch(`${server.url}/crew/${'c'.repeat(16)}.${'D'.repeat(43)}`)).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
    // The allowance is per window of the server's clock.
    clock += 11 * 60_000;
    expect((await fetch(`${server.url}/crew/${'c'.repeat(16)}.${'D'.repeat(43)}`)).status).toBe(401);
  });
});
