import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { handoverPdf } from '../../electron/handover/pdf';
import type { ExportFormat, ReportKind } from '../../shared/api/reports';
import { resources } from '../helpers/desk';
import { pdfText, xlsxText } from '../helpers/record-text';
import {
  RECORD_NOW,
  RECORD_SHIFT,
  RECORD_USERS,
  recordHandover,
  recordReports,
} from '../unit/record-fixtures';

/**
 * Issue 20, item 15: a zh-CN record (the handover print, every report as
 * PDF, XLSX and CSV) reads in Chinese. It may hold ids (WO-0001, s1-ac1,
 * an alarm id like s2:comms.station), user names, proper names
 * (DutyDesk, ISA-18.2, OPC UA attribute names, IoT SIM) and units (kWh,
 * MB, h), but no internal key (comms.station, shift-lead, dispatch) and no
 * English wording.
 */

const dir = mkdtempSync(join(tmpdir(), 'dutydesk-record-words-'));
const reports = recordReports();
afterAll(() => reports.close());

async function reportText(report: ReportKind, format: ExportFormat): Promise<string> {
  const doc = await reports.service.document(report, '2026-11', RECORD_SHIFT, 'zh-CN');
  const bytes = await reports.service.write(doc, format, 'zh-CN');
  if (format === 'pdf') return pdfText(dir, `${report}`, bytes);
  if (format === 'xlsx') return xlsxText(bytes);
  return bytes.toString('utf8');
}

/** Names of standards and products, and their terms, that are written in Latin letters in Chinese too. */
const PROPER = [/OPC UA(?: [A-Za-z]+)?/g, /\bIoT SIM\b/g];
const UNITS = new Set(['kWh', 'min']);
/** A token with a colon, slash or at sign is an id or a time (gw1:502, s2:comms.station, Asia/Shanghai, 08:40). */
const ID = /[\w.@/:-]*[:/@][\w.@/:-]*/g;
/** A word starting in lower case: an internal key (comms.station, shift-lead, groundFault) or English. */
const LOWER_WORD = /\b[a-z][a-zA-Z]*(?:[.-][a-zA-Z]+)*\b/g;
/** Two or more Latin words in a row: English wording (single upper-case terms such as SLA or TCU are names). */
const ENGLISH_RUN = /\b[A-Za-z]{2,}(?:[ ,]+[A-Za-z]{2,})+\b/g;

/** What in `text` is neither Chinese nor an id, name, number or unit. */
function untranslated(text: string): string[] {
  let rest = text.replace(ID, ' ');
  for (const user of RECORD_USERS) rest = rest.replaceAll(user, ' ');
  for (const name of PROPER) rest = rest.replace(name, ' ');
  const lower = (rest.match(LOWER_WORD) ?? []).filter((w) => w.length >= 3 && !UNITS.has(w));
  return [...new Set([...lower, ...(rest.match(ENGLISH_RUN) ?? [])])];
}

describe('zh-CN records read in Chinese', () => {
  it('finds the raw keys and English it is meant to find', () => {
    expect(untranslated('二号站: comms.station · high · 派单')).toEqual(['comms.station', 'high']);
    expect(untranslated('数据来源: Journal entries of the month')).toContain('Journal entries of the month');
    expect(
      untranslated('s2:comms.station · WO-0001 · lead-a (值班长) · 12.50 kWh · OPC UA AlarmCount'),
    ).toEqual([]);
  });

  it('the handover print', async () => {
    const text = pdfText(
      dir,
      'handover',
      await handoverPdf(recordHandover(), 'zh-CN', resources, RECORD_NOW),
    );
    expect(text).toContain('值班交接记录');
    expect(text).toContain('全站通信中断');
    expect(untranslated(text)).toEqual([]);
  });

  const cases = (['monthly', 'sla', 'availability', 'alarmKpi', 'shift'] as const).flatMap((report) =>
    (['pdf', 'xlsx', 'csv'] as const).map((format) => [report, format] as const),
  );
  it.each(cases)('the %s report as %s', async (report, format) => {
    const text = await reportText(report, format);
    expect(text.length).toBeGreaterThan(200);
    expect(untranslated(text)).toEqual([]);
  });
});
