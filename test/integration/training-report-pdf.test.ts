import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { drillReportPdf } from '../../electron/training/pdf';
import { drillReportXlsx } from '../../electron/training/xlsx';
import type { DrillReport } from '../../shared/training/report';
import { type DrillEvent, scoreTrainees } from '../../shared/training/score';
import { loadScenario } from '../../sim/scenario';
import { resources } from '../helpers/desk';

const T0 = Date.parse('2026-07-14T08:30:00+08:00');
const MIN = 60_000;
const ALARM = 'sx01-ac2:groundFault';

function report(): DrillReport {
  const scenario = loadScenario(join(resources, 'scenarios', 'drill-shaoxing-outage.json'));
  if (!scenario.expected || !scenario.title || !scenario.briefing) throw new Error('not a drill');
  const by = (user: string) => ({ user, role: 'monitor' });
  const events: DrillEvent[] = [
    {
      type: 'alarm.raised',
      subject: ALARM,
      ts: T0,
      actor: { user: 'system', role: 'system' },
      data: { tier: 'on-site' },
    },
    { type: 'alarm.acked', subject: ALARM, ts: T0 + 12 * MIN, actor: by('chen.jing'), data: {} },
  ];
  // Enough timeline rows to run onto a second page: the band must be on each.
  const timeline = Array.from({ length: 90 }, (_, i) => ({
    afterMs: i * MIN,
    type: 'alarm.raised',
    subject: `sx01-ac${(i % 4) + 1}:groundFault`,
    by: 'system',
  }));
  return {
    drillId: 'd-1',
    scenario: { name: scenario.name, title: scenario.title, briefing: scenario.briefing },
    lead: 'li.qiang',
    trainees: ['chen.jing'],
    scale: 60,
    startedAt: T0,
    endedAt: T0 + 3 * 60 * MIN,
    timeline,
    scores: scoreTrainees(scenario.expected, events, ['chen.jing']),
    remarks: '确认过慢；复训后再考。',
  };
}

function pdfText(pdf: Buffer, dir: string, name: string): string[] {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
    .split('\f')
    .filter((p) => p.trim());
}

describe('drill report PDF and XLSX', () => {
  it('prints the DRILL band on every page, the deductions explained, and the report hash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drill-pdf-'));
    const hash = 'ab'.repeat(32);
    const zh = pdfText(await drillReportPdf(report(), hash, 'zh-CN', resources), dir, 'zh');
    expect(zh.length).toBeGreaterThan(1);
    for (const page of zh) {
      expect(page).toContain('演练 DRILL');
      expect(page).toContain(`报告哈希 ${hash.slice(0, 16)}`);
    }
    const zhText = zh.join('\n');
    expect(zhText).toContain('派单两小时未修复');
    expect(zhText).toContain('确认报警用时 12m，场景要求 5m 内');
    expect(zhText).toContain('确认过慢；复训后再考。');

    const en = pdfText(await drillReportPdf(report(), hash, 'en', resources), dir, 'en').join('\n');
    expect(en).toContain('DRILL 演练');
    expect(en).toContain('acknowledging took 12m; the scenario expects it within 5m');
    expect(en).toContain('chen.jing: ');
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '60',
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      join(dir, 'zh.pdf'),
      join(dir, 'page1'),
    ]);
    console.log(`drill report page 1: ${join(dir, 'page1.png')}`);
  });
});

it('exports the drill report as a workbook: DRILL band first, scores with deductions in red, the timeline', async () => {
  const hash = 'cd'.repeat(32);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await drillReportXlsx(report(), hash, 'zh-CN')) as unknown as ArrayBuffer);
  const [first, scores, timeline] = book.worksheets;
  const firstText = (first?.getSheetValues() ?? []).flat().join('\n');
  expect(firstText).toContain('演练 DRILL');
  expect(firstText).toContain(`SHA-256: ${hash}`);
  const rows = (scores?.getSheetValues() ?? []).filter(Boolean).map((r) => (r as unknown[]).slice(1));
  expect(rows.find((r) => r[1] === '总分')?.[2]).toBe(report().scores[0]?.total);
  const ack = scores?.getRows(1, scores.rowCount)?.find((r) => r.getCell(2).value === '确认报警');
  expect(ack?.getCell(3).value).toBe(10);
  expect(ack?.getCell(5).value).toBe(12);
  expect(String(ack?.getCell(7).value)).toBe('确认报警用时 12m，场景要求 5m 内');
  expect(JSON.stringify(ack?.getCell(1).font?.color ?? ack?.getCell(1).fill ?? null)).toContain('9B1C1C');
  expect(timeline?.rowCount).toBeGreaterThan(90);
});
