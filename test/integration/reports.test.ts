import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApplicationView } from '../../shared/api/contract';
import type { MonthlyReport, ReportExportParams, ReportFile } from '../../shared/api/reports';
import { parseCsv } from '../../shared/config/ledger/csv';
import { monthOf } from '../../shared/report/period';
import { loadScenario, playScenario, type ScenarioPlayback } from '../../sim/scenario';
import { createAccounts } from '../helpers/accounts';
import {
  type ContractClient,
  overWebSocket,
  resources,
  signIn,
  startDesk,
  type Transport,
} from '../helpers/desk';
import { withDeskJournal } from '../helpers/desk-journal';
import { firstPageAt50Dpi } from '../helpers/pdf-page';

/**
 * Reports over the real bridge, from a journal made by a scripted drill on
 * the simulator over TCP (resources/scenarios/report-drill.json) whose
 * figures are known before it runs: sx01-ac1 charges three cars (12.5, 8.3,
 * 20.0 kWh; its meter 1000.0 → 1040.8 kWh) and trips three times within a
 * minute; station sx03 loses its network once. The desk then opens, works
 * and accepts a work order on the trip, takes sx02-ac1 out for an outage and
 * declares an exemption for sx02.
 */

type Desk = Awaited<ReturnType<typeof startDesk>>;

const CHARGER = 'sx01-ac1';
const TRIP = `${CHARGER}:groundFault`;
/** The charger column of the Chinese CSV. */
const CHARGER_COLUMN = '充电桩';
const MANAGER = { user: 'mgr-d', password: 'manager-reads-reports' };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, read: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const found = await read();
    if (found !== undefined) return found;
    if (Date.now() > end) throw new Error(`${what} did not happen in time`);
    await sleep(100);
  }
}

/** The rows under the table titled `title`, keyed by header, up to the blank line ending it. */
function csvTable(rows: string[][], title: string): Record<string, string>[] {
  const start = rows.findIndex((r) => r.length === 1 && r[0] === title);
  if (start < 0) throw new Error(`no table "${title}" in the CSV`);
  const header = rows[start + 1] ?? [];
  const out: Record<string, string>[] = [];
  for (let i = start + 2; i < rows.length && !(rows[i]?.length === 1 && rows[i]?.[0] === ''); i++) {
    out.push(Object.fromEntries(header.map((h, j) => [h, rows[i]?.[j] ?? ''])));
  }
  return out;
}

type ChargerRow = MonthlyReport['chargers'][number];

/**
 * The live fleet's other chargers go on charging while the test runs, so an
 * export holds figures between the month's report read just before it and
 * the one read just after: counts and meter energy only grow.
 */
function expectBetween(
  before: ChargerRow,
  after: ChargerRow | undefined,
  got: { sessions: number; faults: number; energyKwh: number | null },
) {
  const label = before.deviceId;
  expect(got.sessions, label).toBeGreaterThanOrEqual(before.sessions);
  expect(got.sessions, label).toBeLessThanOrEqual(after?.sessions ?? Number.NaN);
  expect(got.faults, label).toBeGreaterThanOrEqual(before.faults);
  expect(got.faults, label).toBeLessThanOrEqual(after?.faults ?? Number.NaN);
  if (before.energyKwh === null) {
    expect(got.energyKwh === null || after?.energyKwh !== null, label).toBe(true);
    return;
  }
  expect(got.energyKwh, label).not.toBeNull();
  // The CSV rounds to 0.01 kWh.
  expect(got.energyKwh ?? 0, label).toBeGreaterThanOrEqual(before.energyKwh - 0.005);
  expect(got.energyKwh ?? 0, label).toBeLessThanOrEqual((after?.energyKwh ?? Number.NaN) + 0.005);
}

async function download(client: ContractClient, file: ReportFile): Promise<Buffer> {
  const parts = [Buffer.from(file.base64, 'base64')];
  for (let index = 1; index < file.chunks; index++) {
    const chunk = await client.request('report.exportChunk', { exportId: file.exportId, index });
    parts.push(Buffer.from(chunk.base64, 'base64'));
  }
  const bytes = Buffer.concat(parts);
  expect(bytes.length).toBe(file.bytes);
  return bytes;
}

describe('reports from a scripted drill over real TCP', () => {
  let desk: Desk;
  let admin: Transport;
  let manager: Transport;
  let playback: ScenarioPlayback;
  let month: string;
  let monthly: MonthlyReport;
  let outage: ApplicationView;
  let exemption: ApplicationView;
  const dir = mkdtempSync(join(tmpdir(), 'dutydesk-reports-'));
  /** The drill month's report in a file, as the manager downloads it. */
  const exportOfMonth = (
    report: ReportExportParams['report'],
    format: ReportExportParams['format'],
    lang: ReportExportParams['lang'],
  ) => manager.client.request('report.export', { report, format, month, lang });

  beforeAll(async () => {
    const scenario = loadScenario(join(resources, 'scenarios', 'report-drill.json'));
    desk = await startDesk({
      stations: 3,
      pollIntervalMs: 200,
      // The default second: 150 ms let a loaded CI machine time out two polls of sx01-pv1 in a row, a comms loss that made its month abnormal.
      timeoutMs: 1_000,
      // The 0 s steps hold sx01-ac1 idle before the desk's first poll: no session is under way when it starts.
      prepare: (fleet) => {
        playback = playScenario(fleet, scenario);
      },
    });
    month = monthOf(Date.now(), 'Asia/Shanghai');
    admin = await overWebSocket(desk.engine);
    await createAccounts(admin.client, 'reads the reports', { ...MANAGER, role: 'manager' });
    manager = await overWebSocket(desk.engine);
    await signIn(manager.client, MANAGER);

    // An outage of sx02-ac1, approved and resumed; an exemption for all of sx02 around it.
    const client = admin.client;
    const from = Date.now() - 1_000;
    exemption = await client.request('application.file', {
      kind: 'exemption',
      target: { stationId: 'sx02' },
      reason: 'platform-failure',
      note: 'platform down',
      from,
      until: from + 4_000,
    });
    await client.request('application.approve', { id: exemption.id });
    outage = await client.request('application.file', {
      kind: 'outage',
      target: { deviceId: 'sx02-ac1' },
      reason: 'before-maintenance',
      note: 'contactor replacement',
    });
    await client.request('application.approve', { id: outage.id });
    await sleep(1_500);
    const resume = await client.request('application.file', {
      kind: 'resume',
      outageId: outage.id,
      note: 'done',
    });
    await client.request('application.approve', { id: resume.id });
    await client.request('handover.note', {
      shiftId: (await client.request('report.shift', {})).shift.id,
      text: '月报演练',
    });

    await playback.finished;
    // The work order on the trip: dispatched, on site, resolved, accepted; then the alarm is acknowledged.
    await until('the trips and the comms loss were raised', async () => {
      const { alarms } = await client.request('alarms.list', {});
      const trip = alarms.find((a) => a.id === TRIP);
      const station = alarms.find((a) => a.id === 'sx03:comms.station');
      return trip && !trip.conditionActive && station && !station.conditionActive ? true : undefined;
    });
    const order = await client.request('workorder.create', { alarmIds: [TRIP], title: '接地故障' });
    await client.request('workorder.dispatch', { id: order.id, crew: ['张工', '李工'] });
    await client.request('workorder.arrive', { id: order.id, checkInAt: Date.now() });
    await client.request('workorder.resolve', { id: order.id, work: '更换漏电保护器' });
    await client.request('workorder.accept', { id: order.id });
    await client.request('alarm.ack', { id: TRIP });
    await client.request('alarm.ack', { id: 'sx03:comms.station' });

    // History is written about once a second: wait until the meter's last reading is in it.
    monthly = await until('the meter reading reached the history', async () => {
      const report = await manager.client.request('report.monthly', { month });
      const row = report.chargers.find((c) => c.deviceId === CHARGER);
      return row?.energySource === 'meter' && Math.abs((row.energyKwh ?? 0) - 40.8) < 1e-6
        ? report
        : undefined;
    });
  }, 90_000);

  afterAll(async () => {
    playback?.stop();
    await manager?.close();
    await admin?.close();
    await desk?.stop();
  });

  const journal = (type: string) => withDeskJournal(desk.dataDir, (j) => j.read({ type, limit: 100_000 }));

  /** How long each condition of one alarm lasted, read straight from its raise and clear events. */
  function conditionMs(alarmId: string): number[] {
    const raised = journal('alarm.raised').filter((e) => e.subject === alarmId);
    const cleared = journal('alarm.cleared').filter((e) => e.subject === alarmId);
    return raised.map((r, i) => (cleared[i]?.ts ?? Date.now()) - r.ts);
  }

  it('records the three sessions in the journal, with their energy', () => {
    const sessions = journal('charging.session').filter((e) => e.subject === `${CHARGER}:gun1`);
    expect(sessions.map((e) => (e.data as { energyKwh: number }).energyKwh)).toEqual([12.5, 8.3, 20]);
    // The first car had been plugged in for ten minutes when the desk saw it (its session timer said 600 s).
    const first = sessions[0]?.data as { startedAt: number; endedAt: number };
    expect(first.endedAt - first.startedAt).toBeGreaterThan(600_000);
  });

  it('monthly report: sessions, meter energy, faults and work orders of the charger; PV status', () => {
    const row = monthly.chargers.find((c) => c.deviceId === CHARGER);
    expect(row).toMatchObject({ sessions: 3, faults: 3, workOrders: 1, energySource: 'meter' });
    expect(row?.sessionEnergyKwh).toBeCloseTo(40.8, 6);
    expect(row?.energyKwh).toBeCloseTo(40.8, 6);
    // Comms loss is not a fault; a healthy charger of sx03 has none.
    expect(monthly.chargers.filter((c) => c.stationId === 'sx03').every((c) => c.faults === 0)).toBe(true);
    expect(monthly.pv.find((p) => p.deviceId === 'sx03-pv1')?.status).toBe('abnormal');
    expect(monthly.pv.find((p) => p.deviceId === 'sx01-pv1')?.status).toBe('normal');
    expect(monthly.sources.energyMeter).toMatch(/lifetime energy counter/);
    expect(monthly.totals.sessions).toBeGreaterThanOrEqual(3);
    expect(monthly.stations.map((s) => s.stationId)).toEqual(['sx01', 'sx02', 'sx03']);
  });

  it('availability: trips and the comms loss count against it, the outage and exemption do not', async () => {
    const report = await manager.client.request('report.availability', { month });
    const charger = report.devices.find((d) => d.deviceId === CHARGER);
    const trips = conditionMs(TRIP);
    expect(trips).toHaveLength(3);
    // Its fault time is exactly its three trips; a comms blip of a loaded test machine may add down time.
    expect(charger?.faultMs).toBeCloseTo(
      trips.reduce((a, b) => a + b, 0),
      -1,
    );
    expect(charger?.downMs).toBeGreaterThanOrEqual(charger?.faultMs ?? 0);
    expect(charger?.availability).toBeLessThan(1);

    const [stationLoss = 0] = conditionMs('sx03:comms.station');
    for (const d of report.devices.filter((x) => x.stationId === 'sx03')) {
      expect(d.commsMs).toBeGreaterThanOrEqual(stationLoss);
      expect(d.faultMs).toBe(0);
    }

    // Excluded: the outage from its approval to its resume's, joined with the station's exemption.
    const { applications } = await admin.client.request('applications.list', {});
    const out = applications.find((a) => a.id === outage.id);
    const ex = applications.find((a) => a.id === exemption.id);
    const spans = [
      [out?.decidedAt ?? 0, out?.endedAt ?? 0],
      [Math.max(ex?.from ?? 0, report.period.observedFrom), ex?.until ?? 0],
    ].sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0)) as [number, number][];
    const [a, b] = spans as [[number, number], [number, number]];
    const union = b[0] <= a[1] ? Math.max(a[1], b[1]) - a[0] : a[1] - a[0] + (b[1] - b[0]);
    expect(report.devices.find((d) => d.deviceId === 'sx02-ac1')?.excludedMs).toBe(union);
    expect(report.devices.find((d) => d.deviceId === 'sx02-ac2')?.excludedMs).toBe(
      Math.min(ex?.until ?? 0, report.period.observedTo) -
        Math.max(ex?.from ?? 0, report.period.observedFrom),
    );
    expect(report.stations.find((s) => s.stationId === 'sx01')?.availability).toBeLessThan(1);
  });

  it('alarm KPIs: the three trips chatter, re-alarm twice and top the list; priorities and OPC UA counts', async () => {
    const report = await manager.client.request('report.alarmKpi', { month });
    const value = (id: string) => report.kpis.find((k) => k.id === id)?.value;
    expect(report.top.find((t) => t.alarmId === TRIP)?.count).toBe(3);
    expect(report.chattering.map((c) => c.alarmId)).toContain(TRIP);
    expect(value('chattering')).toBeGreaterThanOrEqual(1);
    expect(report.kpis.find((k) => k.id === 'chattering')?.verdict).toBe('missed');
    expect(value('maximumReAlarm')).toBe(2);
    expect(value('alarmCount')).toBeGreaterThanOrEqual(4);
    expect(value('stale')).toBe(0);
    // A ground fault and a whole station lost are both serious: high priority.
    expect(report.priorities.find((p) => p.priority === 'high')?.count).toBeGreaterThanOrEqual(4);
    expect(report.hourly.reduce((n, h) => n + h.count, 0)).toBe(value('alarmCount'));
    for (const k of report.kpis) expect(k.source).not.toBe('');
  });

  it('SLA: both on-site incidents of 越城区 met their dispatch and arrival clocks; the work order is counted', async () => {
    const report = await manager.client.request('report.sla', { month });
    const onSite = report.tiers.find((t) => t.group === '越城区' && t.tier === 'on-site');
    expect(onSite).toMatchObject({
      preset: 'service-commitment',
      incidents: 2,
      fixed: 2,
      timely: 2,
      untimely: 0,
      verdict: 'met',
    });
    expect(onSite?.responseMs).toBeGreaterThan(0);
    const clock = (id: string) =>
      report.clocks.find((c) => c.group === '越城区' && c.tier === 'on-site' && c.clock === id);
    expect(clock('dispatch')).toMatchObject({ met: 2, breached: 0, limitMs: 2 * 3_600_000 });
    expect(clock('arrive')).toMatchObject({ met: 2, breached: 0, limitMs: 4 * 3_600_000 });
    expect(report.workOrders).toMatchObject({ created: 1, dispatched: 1, resolved: 1, accepted: 1 });
    expect(report.applications.map((a) => a.kind).sort()).toEqual(['exemption', 'outage', 'resume']);
  });

  it('shift report: the shift’s sessions, work order and handover note, newest event first', async () => {
    const report = await manager.client.request('report.shift', {});
    const count = (id: string) => report.counts.find((k) => k.id === id)?.value;
    expect(count('sessions')).toBeGreaterThanOrEqual(3);
    expect(count('workOrdersCreated')).toBe(1);
    expect(count('workOrdersAccepted')).toBe(1);
    expect(count('applicationsFiled')).toBe(3);
    expect(report.handover).toMatchObject({ state: 'draft', notes: 1 });
    expect(report.events[0]?.ts).toBeGreaterThanOrEqual(report.events.at(-1)?.ts ?? 0);
    expect(report.events.some((e) => e.type === 'workorder.accepted')).toBe(true);
  });

  it('CSV export parses into the same figures', async () => {
    const before = await manager.client.request('report.monthly', { month });
    const file = await exportOfMonth('monthly', 'csv', 'zh-CN');
    const after = await manager.client.request('report.monthly', { month });
    expect(file.fileName).toBe(`monthly-${month}.csv`);
    const text = (await download(manager.client, file)).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rows = csvTable(parseCsv(text.slice(1)), '充电桩（逐台）');
    for (const c of before.chargers) {
      const row = rows.find((r) => r[CHARGER_COLUMN]?.endsWith(`(${c.deviceId})`));
      expect(row, c.deviceId).toBeDefined();
      const energy = row?.['充电量（kWh）'] ?? '';
      expectBetween(
        c,
        after.chargers.find((a) => a.deviceId === c.deviceId),
        {
          sessions: Number(row?.['充电次数（次）']),
          faults: Number(row?.['故障次数（次）']),
          energyKwh: energy === '' ? null : Number(energy),
        },
      );
    }
    expect(rows.find((r) => r[CHARGER_COLUMN]?.endsWith(`(${CHARGER})`))?.['充电量（kWh）']).toBe('40.80');
  });

  it('XLSX export, read back, holds the figures the screen shows', async () => {
    const before = await manager.client.request('report.monthly', { month });
    const file = await exportOfMonth('monthly', 'xlsx', 'en');
    const after = await manager.client.request('report.monthly', { month });
    const book = new ExcelJS.Workbook();
    const bytes = await download(manager.client, file);
    // exceljs declares its own Buffer (an ArrayBuffer); Node's Buffer is what it reads.
    await book.xlsx.load(bytes as unknown as Parameters<typeof book.xlsx.load>[0]);
    const sheet = book.getWorksheet('Chargers');
    if (!sheet) throw new Error('no Chargers sheet');
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toContain('Energy (kWh)');
    const column = (name: string) => header.indexOf(name) + 1;
    const shown = new Map(before.chargers.map((c) => [`${c.name} (${c.deviceId})`, c]));
    let rows = 0;
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const c = shown.get(String(row.getCell(column('Charger')).value));
      if (!c) return;
      rows++;
      const energy = row.getCell(column('Energy (kWh)')).value;
      expectBetween(
        c,
        after.chargers.find((a) => a.deviceId === c.deviceId),
        {
          sessions: Number(row.getCell(column('Sessions')).value),
          faults: Number(row.getCell(column('Faults')).value),
          energyKwh: energy === null || energy === undefined ? null : Number(energy),
        },
      );
      if (c.deviceId === CHARGER) expect(energy).toBeCloseTo(40.8, 6);
      expect(row.getCell(column('Availability (%)')).numFmt).toBe('0.00%');
    });
    expect(rows).toBe(before.chargers.length);
  });

  it('PDF export prints Chinese: page 1 renders to PNG, its text has the title, station and charger', async () => {
    const file = await exportOfMonth('monthly', 'pdf', 'zh-CN');
    const bytes = await download(manager.client, file);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const pdf = join(dir, 'monthly.pdf');
    writeFileSync(pdf, bytes);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('月度运营数据报表');
    expect(text).toContain('鲁迅故里停车场充电站');
    expect(text).toContain(`(${CHARGER})`);
    expect(text).toContain('40.80');
    const page = firstPageAt50Dpi(pdf, dir);
    expect(page.signature).toBe('PNG');
    // A4 across (842 × 595 pt) at 50 dpi is about 585 × 413 pixels.
    expect(Math.abs(page.width - 585)).toBeLessThanOrEqual(1);
    expect(Math.abs(page.height - 413)).toBeLessThanOrEqual(1);

    for (const report of ['sla', 'availability', 'alarmKpi', 'shift'] as const) {
      const other = await exportOfMonth(report, 'pdf', 'en');
      writeFileSync(join(dir, `${report}.pdf`), await download(manager.client, other));
      const words = execFileSync('pdftotext', [join(dir, `${report}.pdf`), '-'], { encoding: 'utf8' });
      expect(words, report).toContain('DutyDesk');
    }
  });

  it('a wallboard may read reports too; nothing about them needs more than read', async () => {
    const watcher = await overWebSocket(desk.engine);
    try {
      const report = await watcher.client.request('report.alarmKpi', { month });
      expect(report.period.month).toBe(month);
    } finally {
      await watcher.close();
    }
  });
});
