import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/store/database';
import { Journal } from '../../electron/store/journal';
import { startTrainingDesk, type TrainingDesk } from '../../electron/training/desk';
import { loadScenario } from '../../sim/scenario';
import { quietLog, resources } from '../helpers/desk';
import { pdfText, xlsxText } from '../helpers/record-text';

/**
 * What a training desk prints (issue 18): a handover or a monthly report
 * printed during a drill is of a simulated fleet worked by trainees, so
 * every page and every file says DRILL with the drill's title — and never
 * "demo data", though the drill runs on the demo's simulated fleet. Its
 * clock is the drill's: ×60 from the scenario's start, as the screens read it.
 */

const LEAD = { user: 'li.qiang', role: 'shift-lead' } as const;
const READER = { user: 'wang.fang', role: 'monitor' } as const;
const SCENARIO = 'drill-carport-smoke-night';
const STARTS = Date.parse('2026-07-14T02:10:00+08:00');

let desk: TrainingDesk;
let real: Journal;
const dir = mkdtempSync(join(tmpdir(), 'drill-prints-'));

beforeAll(async () => {
  real = new Journal(openDatabase(join(dir, 'real-journal.sqlite')));
  desk = await startTrainingDesk({
    scenario: loadScenario(join(resources, 'scenarios', `${SCENARIO}.json`)),
    trainees: [READER.user],
    lead: LEAD,
    scale: 60,
    resourcesDir: resources,
    drillsDir: join(dir, 'drills'),
    record: (input) => real.append(input),
    log: quietLog,
  });
}, 60_000);

afterAll(async () => {
  await desk?.abandon().catch(() => {});
  real?.close();
});

const pages = (text: string) => text.split('\f').filter((p) => p.trim());

describe('a training desk', () => {
  it('tells the screens its own time: the drill’s, at ×60 from the scenario’s start', async () => {
    const time = await desk.engine.api['desk.time']({}, READER);
    expect(time).toMatchObject({ rate: 60, own: true });
    expect(time.nowMs).toBeGreaterThanOrEqual(STARTS);
    // However long the desk took to start on a loaded machine, its clock is the drill's, not the real date.
    expect(time.nowMs - desk.clock.now()).toBeLessThanOrEqual(0);
    expect(desk.clock.now() - time.nowMs).toBeLessThan(60 * 60_000);
    expect(desk.engine.info.drill?.scale).toBe(60);
  });

  it('prints its handover with the DRILL band and the drill’s title on every page, never as demo data', async () => {
    const { record } = await desk.engine.api['handover.current']({}, READER);
    for (const lang of ['zh-CN', 'en'] as const) {
      const pdf = await desk.engine.api['handover.pdf']({ shiftId: record.shift.id, lang }, READER);
      const text = pdfText(dir, `handover-${lang}`, Buffer.from(pdf.base64, 'base64'));
      const printed = pages(text);
      expect(printed.length).toBeGreaterThan(0);
      for (const page of printed) {
        if (lang === 'zh-CN') expect(page).toContain('演练 DRILL · 夜间光伏车棚烟感报警 · 训练记录');
        else expect(page).toContain('DRILL 演练 · Smoke alarm at a carport at night · training record');
      }
      expect(text).not.toMatch(/演示数据|DEMO DATA/);
    }
  });

  it('marks its monthly report DRILL in the PDF on every page, and under the title of CSV and XLSX', async () => {
    const month = '2026-07';
    const exported = async (format: 'pdf' | 'csv' | 'xlsx', lang: 'zh-CN' | 'en') => {
      const file = await desk.engine.api['report.export']({ report: 'monthly', format, month, lang }, READER);
      expect(file.chunks).toBe(1);
      return Buffer.from(file.base64, 'base64');
    };
    const pdf = pdfText(dir, 'monthly-zh', await exported('pdf', 'zh-CN'));
    for (const page of pages(pdf)) expect(page).toContain('演练 DRILL · 夜间光伏车棚烟感报警');
    expect(pdf).not.toContain('演示数据');

    const csv = (await exported('csv', 'en')).toString('utf8').replace(/^\uFEFF/, '');
    // The title, then the band, before any figure.
    expect(csv.split('\r\n')[1]).toBe(
      '"DRILL 演练 · Smoke alarm at a carport at night · training record, not live operation"',
    );
    expect(csv).not.toContain('DEMO DATA');

    const xlsx = await xlsxText(await exported('xlsx', 'zh-CN'));
    expect(xlsx.split('\n').slice(0, 4).join('\n')).toContain('演练 DRILL · 夜间光伏车棚烟感报警');
    expect(xlsx).not.toContain('演示数据');
  });
});
