import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { csvField } from '../../electron/reports/csv';
import { ReportService } from '../../electron/reports/service';
import { Journal } from '../../electron/store/journal';
import type { ProfileInfo } from '../../shared/api/model';
import { DEFAULT_SHIFT_SCHEDULE } from '../../shared/handover/schedule';
import { DEFAULT_SLA_SETTINGS } from '../../shared/triage/sla';
import { resources } from '../helpers/desk';
import { at, clear, fleet, raise, session } from './report-fixtures';

const journal = Journal.open(join(mkdtempSync(join(tmpdir(), 'dutydesk-report-export-')), 'journal.sqlite'));
journal.appendMany([
  raise('s1-ac1:groundFault', 10),
  clear('s1-ac1:groundFault', 20),
  session('s1-ac1', 30, 12.5),
  session('s2-ac1', 40, 7),
]);
afterAll(() => journal.close());

const profiles: ProfileInfo[] = [];
const service = (chunkBytes?: number) =>
  new ReportService({
    journal,
    fleet: () => ({ ...fleet, profiles, sla: DEFAULT_SLA_SETTINGS, shifts: DEFAULT_SHIFT_SCHEDULE }),
    counter: async () => null,
    resourcesDir: resources,
    now: () => at(60),
    ...(chunkBytes ? { chunkBytes } : {}),
  });

describe('CSV fields', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['鲁迅故里', '鲁迅故里'],
  ])('%s', (text, expected) => {
    expect(csvField(text)).toBe(expected);
  });
});

describe('exports in chunks', () => {
  it('a file larger than one chunk comes back whole, piece by piece, and only once', async () => {
    const whole = await service().export({ report: 'monthly', format: 'xlsx', month: '2026-11', lang: 'en' });
    expect(whole.chunks).toBe(1);
    const small = service(1024);
    const first = await small.export({ report: 'monthly', format: 'xlsx', month: '2026-11', lang: 'en' });
    expect(first.chunks).toBe(Math.ceil(first.bytes / 1024));
    expect(first.chunks).toBeGreaterThan(2);
    const parts = [Buffer.from(first.base64, 'base64')];
    for (let i = 1; i < first.chunks; i++)
      parts.push(Buffer.from(small.exportChunk(first.exportId, i).base64, 'base64'));
    const bytes = Buffer.concat(parts);
    expect(bytes.length).toBe(first.bytes);
    // A zip (XLSX) whose every entry survived the trip: same size and header as the one-piece file.
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    expect(bytes.length).toBe(whole.bytes);
    expect(() => small.exportChunk(first.exportId, 1)).toThrow(/not held/);
    expect(() => small.exportChunk('no-such-export', 1)).toThrow(/not held/);
  });

  it('names the file after the report and month, in the format asked for', async () => {
    const csv = await service().export({
      report: 'availability',
      format: 'csv',
      month: '2026-11',
      lang: 'zh-CN',
    });
    expect(csv).toMatchObject({ fileName: 'availability-2026-11.csv', mime: 'text/csv;charset=utf-8' });
    const text = Buffer.from(csv.base64, 'base64').toString('utf8');
    expect(text).toContain('充电设施可用率');
    expect(text).toContain('一号站');
  });
});
