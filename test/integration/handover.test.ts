import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccounts } from '../helpers/accounts';
import { refusal } from '../helpers/contract-calls';
import { type ContractClient, overWebSocket, signIn, startDesk, type Transport } from '../helpers/desk';
import { withDeskJournal } from '../helpers/desk-journal';
import { firstPageAt50Dpi } from '../helpers/pdf-page';

type Desk = Awaited<ReturnType<typeof startDesk>>;

const LEAD_A = { user: 'lead-a', password: 'outgoing-lead-pw' };
const LEAD_B = { user: 'lead-b', password: 'incoming-lead-pw' };
const MONITOR = { user: 'mon-c', password: 'monitor-on-duty' };

const journalOf = (desk: Desk, type: string) =>
  withDeskJournal(desk.dataDir, (journal) => ({
    events: journal.read({ type, limit: 10_000 }),
    verify: journal.verify(),
  }));

describe('shift handover over the real bridge', () => {
  let desk: Desk;
  let admin: Transport;
  let duty: Transport;
  let monitor: ContractClient;
  let shiftId: string;

  beforeAll(async () => {
    desk = await startDesk({ stations: 2, pollIntervalMs: 200, timeoutMs: 150 });
    admin = await overWebSocket(desk.engine);
    await createAccounts(
      admin.client,
      'handover test crew',
      { ...LEAD_A, role: 'shift-lead' },
      { ...LEAD_B, role: 'shift-lead' },
      { ...MONITOR, role: 'monitor' },
    );
    duty = await overWebSocket(desk.engine);
    monitor = duty.client;
    await signIn(monitor, MONITOR);
    // A whole station drops off the network: its devices must show as offline at handover,
    // and its gateway as silent once every device behind it has been given up on.
    desk.fleet.offline('sx02');
    const deadline = Date.now() + 20_000;
    for (;;) {
      const { record } = await monitor.request('handover.current', {});
      shiftId = record.shift.id;
      if (record.snapshot.checks[2]?.status === 'problem') break;
      if (Date.now() > deadline) throw new Error('station sx02 never went silent');
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 60_000);

  afterAll(async () => {
    await duty?.close();
    await admin?.close();
    await desk?.stop();
  });

  it('assembles the draft by itself: offline devices, gateway-based Ethernet check, checks not done', async () => {
    const { record, previous } = await monitor.request('handover.current', {});
    expect(record.state).toBe('draft');
    expect(record.snapshot.offline.some((d) => d.stationId === 'sx02')).toBe(true);
    expect(record.snapshot.stations).toContain('sx02');
    expect(record.snapshot.checks.map((c) => [c.check, c.status])).toEqual([
      ['cameras', 'not-done'],
      ['iot-sim', 'not-done'],
      ['ethernet', 'problem'],
    ]);
    expect(record.snapshot.checks[2]?.source).toBe('gateway-comms');
    // The silent gateway by where it is and what is behind it, not by the address a manager may not see.
    const silent = record.snapshot.checks[2]?.gateways?.silent ?? [];
    expect(silent).toEqual([expect.stringMatching(/^sx02: sx02-/)]);
    expect(silent.join()).not.toMatch(/\d+\.\d+\.\d+\.\d+|localhost|:\d+$/);
    expect(previous.shift.endsAt).toBe(record.shift.startsAt);
  });

  it('records checks and notes from the monitor, and tells other desks', async () => {
    await monitor.request('check.record', {
      check: 'cameras',
      status: 'ok',
      note: '全部摄像头对准桩位，录像正常',
    });
    await monitor.request('check.record', { check: 'iot-sim', status: 'ok', simDataMb: 812.5 });
    const problem = await refusal(monitor.request('check.record', { check: 'ethernet', status: 'problem' }));
    expect(problem).toMatch(/bad-params.*say what the problem is/);
    const record = await monitor.request('handover.note', {
      shiftId,
      text: '嵊州站网关离线，已通知运维到场检查光猫',
      stationId: 'sx02',
    });
    expect(record.notes).toMatchObject([{ by: 'mon-c', stationId: 'sx02' }]);
    expect(record.snapshot.checks[1]).toMatchObject({ status: 'ok', simDataMb: 812.5, recordedBy: 'mon-c' });
    await admin.client.waitFor(() =>
      admin.client.events.find(
        (e) => e.event === 'handover.changed' && (e.data as { shiftId: string }).shiftId === shiftId,
      ),
    );
  });

  it('refuses a wrong password and a monitor signing, recording nothing', async () => {
    expect(
      await refusal(monitor.request('handover.sign', { shiftId, ...LEAD_A, password: 'not-it' })),
    ).toMatch(/forbidden: wrong user name or password/);
    expect(await refusal(monitor.request('handover.sign', { shiftId, ...MONITOR }))).toMatch(
      /forbidden: mon-c .*monitor; only a shift lead or an admin may sign/,
    );
    expect(journalOf(desk, 'handover.signed').events).toEqual([]);
  });

  it('signs, refuses the same person accepting, accepts by another lead, then refuses every edit', async () => {
    const signed = await monitor.request('handover.sign', { shiftId, ...LEAD_A });
    expect(signed.state).toBe('signed');
    expect(signed.signature).toMatchObject({ user: 'lead-a', role: 'shift-lead' });
    const frozen = signed.snapshot;

    expect(await refusal(monitor.request('handover.accept', { shiftId, ...LEAD_A }))).toMatch(
      /forbidden: lead-a signed as the outgoing lead/,
    );
    expect(await refusal(monitor.request('handover.note', { shiftId, text: '补充' }))).toMatch(
      /invalid: .*signed by lead-a and cannot change/,
    );

    const accepted = await monitor.request('handover.accept', { shiftId, ...LEAD_B });
    expect(accepted).toMatchObject({ state: 'accepted', acceptance: { user: 'lead-b' } });
    // The station coming back does not change what was signed.
    desk.fleet.online('sx02');
    expect((await monitor.request('handover.get', { shiftId })).snapshot).toEqual(frozen);

    expect(await refusal(monitor.request('handover.note', { shiftId, text: '再补充' }))).toMatch(
      /invalid: .*signed and accepted and cannot change; add a correction/,
    );
    expect(await refusal(monitor.request('check.record', { check: 'cameras', status: 'ok' }))).toMatch(
      /invalid/,
    );
    expect(await refusal(monitor.request('handover.sign', { shiftId, ...LEAD_B }))).toMatch(/invalid/);
  });

  it('links a correction to the entry it corrects and leaves the original as it was', async () => {
    const before = await monitor.request('handover.get', { shiftId });
    const note = before.notes[0];
    if (!note) throw new Error('the note is missing');
    expect(
      await refusal(
        monitor.request('handover.correct', { shiftId, ...LEAD_B, text: 'x', corrects: 'not-an-entry' }),
      ),
    ).toMatch(/invalid: not-an-entry is not an entry/);
    expect(
      await refusal(monitor.request('handover.correct', { shiftId, ...LEAD_B, password: 'nope', text: 'x' })),
    ).toMatch(/forbidden/);

    const after = await monitor.request('handover.correct', {
      shiftId,
      ...LEAD_B,
      text: '更正：离线的是嵊州站2号网关，不是光猫',
      corrects: note.id,
    });
    expect(after.corrections).toMatchObject([{ user: 'lead-b', corrects: note.id }]);
    expect(after.notes).toEqual(before.notes);
    expect(after.signature).toEqual(before.signature);

    const { events, verify } = journalOf(desk, 'handover.corrected');
    expect(events).toMatchObject([{ actor: { user: 'lead-b' }, data: { corrects: note.id, shiftId } }]);
    expect(verify.ok).toBe(true);
    expect(journalOf(desk, 'handover.note').events.map((e) => e.id)).toEqual([note.id]);
  });

  it('finds the record by date range, station and text', async () => {
    const { record } = await monitor.request('handover.current', {});
    const start = record.shift.startsAt;
    const search = (params: Parameters<ContractClient['request']>[1]) =>
      monitor.request('handover.search', params as never).then((r) => r.results.map((x) => x.shiftId));

    expect(await search({ from: start, to: start + 1 })).toEqual([shiftId]);
    expect(await search({ to: start })).toEqual([]);
    expect(await search({ stationId: 'sx02' })).toEqual([shiftId]);
    expect(await search({ stationId: 'sx09' })).toEqual([]);
    expect(await search({ stationId: 'sx02', text: 'no such words' })).toEqual([]);
    const byText = await monitor.request('handover.search', { text: '2号网关' });
    expect(byText.results).toMatchObject([
      { shiftId, state: 'accepted', excerpt: '更正：离线的是嵊州站2号网关，不是光猫' },
    ]);
    expect((await monitor.request('handover.search', { text: 'no such words' })).results).toEqual([]);
  });

  it('exports a PDF whose page 1 renders and whose text is Chinese', async () => {
    const pdf = await monitor.request('handover.pdf', { shiftId, lang: 'zh-CN' });
    const bytes = Buffer.from(pdf.base64, 'base64');
    expect(bytes.length).toBe(pdf.bytes);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const dir = mkdtempSync(join(tmpdir(), 'dutydesk-handover-pdf-'));
    const file = join(dir, pdf.fileName);
    writeFileSync(file, bytes);

    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('值班交接记录');
    expect(text).toContain('嵊州站网关离线，已通知运维到场检查光猫');
    expect(text).toContain('更正：离线的是嵊州站2号网关，不是光猫');
    expect(text).toContain('lead-a');

    const page = firstPageAt50Dpi(file, dir);
    expect(page.signature).toBe('PNG');
    // A4 (595 × 842 pt) at 50 dpi is about 413 × 585 pixels; poppler rounds up.
    expect(Math.abs(page.width - 413)).toBeLessThanOrEqual(1);
    expect(Math.abs(page.height - 585)).toBeLessThanOrEqual(1);
    if (process.env.HANDOVER_PDF_KEEP) writeFileSync(process.env.HANDOVER_PDF_KEEP, bytes);

    const english = await monitor.request('handover.pdf', { shiftId, lang: 'en' });
    writeFileSync(join(dir, 'en.pdf'), Buffer.from(english.base64, 'base64'));
    const enText = execFileSync('pdftotext', [join(dir, 'en.pdf'), '-'], { encoding: 'utf8' });
    expect(enText).toContain('Shift handover record');
    expect(enText).toContain('嵊州');
  });

  it('lets a wallboard read and search but not write', async () => {
    const watcher = await overWebSocket(desk.engine);
    try {
      expect((await watcher.client.request('handover.get', { shiftId })).state).toBe('accepted');
      expect(await refusal(watcher.client.request('handover.note', { shiftId, text: 'x' }))).toMatch(
        /forbidden/,
      );
    } finally {
      await watcher.close();
    }
  });
});
