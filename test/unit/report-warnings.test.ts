import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { ReportService } from '../../electron/reports/service';
import { Journal } from '../../electron/store/journal';
import { DEFAULT_SHIFT_SCHEDULE } from '../../shared/handover/schedule';
import { DEFAULT_SLA_SETTINGS } from '../../shared/triage/sla';
import { resources } from '../helpers/desk';
import { event, fleet, raise } from './report-fixtures';

/**
 * The monthly report's early-warning counts, from a real journal file: what
 * was raised in November, what a monitor did about it (in November or in
 * December), and which a later alarm at the same device or gateway
 * confirmed; on screen (the report object) and in CSV, XLSX and PDF.
 */
const DAY_MIN = 24 * 60;
const MONITOR = { user: 'mon-a', role: 'monitor' };
const raised = (id: string, detector: string, deviceId: string, minute: number) =>
  event('warning.raised', id, minute, {
    type: 'warning.raised',
    warningId: id,
    detector,
    deviceId,
    atMs: 0,
    confidence: 0.8,
  });
const acted = (id: string, minute: number) =>
  event(
    'warning.acted',
    id,
    minute,
    { type: 'warning.acted', warningId: id, workOrderId: `WO-${id}`, atMs: 0 },
    MONITOR,
  );
const dismissed = (id: string, minute: number) =>
  event(
    'warning.dismissed',
    id,
    minute,
    { type: 'warning.dismissed', warningId: id, reason: 'sensor replaced', atMs: 0 },
    MONITOR,
  );

const dir = mkdtempSync(join(tmpdir(), 'dutydesk-report-warnings-'));
const journal = Journal.open(join(dir, 'journal.sqlite'));
// The raised events' atMs is their journal time, as the warning service writes them.
const withAt = (e: ReturnType<typeof raised>) => ({ ...e, data: { ...(e.data as object), atMs: e.ts } });
journal.appendMany([
  // October's warning: not this month's, even though it is dismissed in November.
  withAt(raised('W1', 'comms-quality', 'gw1', -3 * DAY_MIN)),
  withAt(raised('W2', 'connector-thermal', 's1-dc1', 2 * DAY_MIN)),
  acted('W2', 2 * DAY_MIN + 30),
  dismissed('W1', 3 * DAY_MIN),
  withAt(raised('W3', 'comms-quality', 'gw1', 5 * DAY_MIN)),
  withAt(raised('W4', 'silent-equipment', 's2-ac1', 6 * DAY_MIN)),
  dismissed('W4', 7 * DAY_MIN),
  // The gateway's comms alarm confirms W3 (a gateway alarm names no device).
  raise('gw1:comms.gateway', 9 * DAY_MIN, { stationId: 's1' }),
  // W2's connector trips hot in December, after the month: still a confirmation.
  withAt(raised('W5', 'insulation-decline', 's1-dc1', 20 * DAY_MIN)),
  raise('s1-dc1:overTemperature', 33 * DAY_MIN),
  acted('W5', 32 * DAY_MIN),
  // An alarm at another device confirms nothing.
  raise('s2-pv1:inverterFault', 10 * DAY_MIN),
]);
afterAll(() => journal.close());

const service = new ReportService({
  journal,
  fleet: () => ({ ...fleet, profiles: [], sla: DEFAULT_SLA_SETTINGS, shifts: DEFAULT_SHIFT_SCHEDULE }),
  counter: async () => null,
  resourcesDir: resources,
  now: () => Date.UTC(2026, 11, 10),
});

/** The exported file's bytes, its chunks fetched when it came in more than one. */
async function exported(format: 'csv' | 'xlsx' | 'pdf', lang: 'en' | 'zh-CN'): Promise<Buffer> {
  const first = await service.export({ report: 'monthly', format, month: '2026-11', lang });
  const parts = [Buffer.from(first.base64, 'base64')];
  for (let i = 1; i < first.chunks; i++)
    parts.push(Buffer.from(service.exportChunk(first.exportId, i).base64, 'base64'));
  return Buffer.concat(parts);
}

describe('early warnings in the monthly report', () => {
  it('counts November’s warnings raised, acted on, confirmed by a later fault and dismissed', async () => {
    const { warnings } = await service.monthly('2026-11');
    expect(warnings).toMatchObject({ raised: 4, actedOn: 2, confirmed: 3, dismissed: 1 });
    expect(warnings.byDetector).toEqual({
      'connector-thermal': { raised: 1, actedOn: 1, confirmed: 1, dismissed: 0 },
      'comms-quality': { raised: 1, actedOn: 0, confirmed: 1, dismissed: 0 },
      'silent-equipment': { raised: 1, actedOn: 0, confirmed: 0, dismissed: 1 },
      'insulation-decline': { raised: 1, actedOn: 1, confirmed: 1, dismissed: 0 },
    });
  });

  it('a month with no warning counts none', async () => {
    const { warnings } = await service.monthly('2026-09');
    expect(warnings).toEqual({ raised: 0, actedOn: 0, confirmed: 0, dismissed: 0, byDetector: {} });
  });

  it('writes the counts into the CSV, per detector and in total', async () => {
    const text = (await exported('csv', 'en')).toString('utf8');
    const lines = text.split('\r\n');
    const at = lines.indexOf('Early warnings (equipment wearing out)');
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toBe('Detector,Raised,Acted on,Confirmed by a later fault,Dismissed');
    expect(lines.slice(at + 2, at + 7)).toEqual([
      'Connector overheating,1,1,1,0',
      'Insulation decline,1,1,1,0',
      'Silent equipment,1,0,0,1',
      'Comms quality,1,0,1,0',
      'Total,4,2,3,1',
    ]);
    expect(text).toContain('within 60 days of the warning');
  });

  it('gives the counts their own sheet in the XLSX, as numbers', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await exported('xlsx', 'zh-CN')) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('预警（设备劣化）');
    if (!sheet) throw new Error(`no warnings sheet among ${book.worksheets.map((s) => s.name).join(', ')}`);
    const rows = sheet.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows[0]?.slice(1)).toEqual(['检测项', '发出', '已开工单', '后续故障证实', '驳回']);
    expect(rows.at(-1)?.slice(1)).toEqual(['合计', 4, 2, 3, 1]);
    expect(rows.find((r) => r[1] === '设备静默')?.slice(2)).toEqual([1, 0, 0, 1]);
  });

  it('prints the counts in the PDF', async () => {
    const pdf = join(dir, 'monthly.pdf');
    writeFileSync(pdf, await exported('pdf', 'zh-CN'));
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('预警（设备劣化）');
    expect(text).toMatch(/枪头过热趋势\s+1\s+1\s+1\s+0/);
    expect(text).toMatch(/合计\s+4\s+2\s+3\s+1/);
  });
});
