import { formatInZone } from '../../shared/handover/format';
import type { DrillReport } from '../../shared/training/report';
import { type ExportDocument, tableOf } from '../reports/tables';
import { documentXlsx } from '../reports/xlsx';
import { COLUMNS, type Lang, WORDS, ZONE } from './words';

/**
 * A drill report as a workbook, built like the monthly report's export: a
 * first sheet headed by the DRILL band with the drill's facts and the report
 * hash, then the scores (one row per item, deductions in red) and the timeline.
 */
export function drillReportXlsx(report: DrillReport, reportHash: string, lang: Lang): Promise<Buffer> {
  const w = WORDS[lang];
  const c = COLUMNS[lang];
  const at = (ms: number) => formatInZone(ms, ZONE);
  const doc: ExportDocument = {
    title: `${w.band} · ${w.title}: ${report.scenario.title[lang]}`,
    fileStem: `drill-${report.scenario.name}-${report.drillId}`,
    timeZone: ZONE,
    lines: [
      w.band,
      `${w.lead}: ${report.lead}`,
      `${w.trainees}: ${report.trainees.join(', ')}`,
      `${w.scale}: ×${report.scale}`,
      `${w.period}: ${at(report.startedAt)} – ${at(report.endedAt)} (${ZONE})`,
      `${w.remarks}: ${report.remarks || w.none}`,
      `SHA-256: ${reportHash}`,
    ],
    tables: [
      tableOf(
        w.scores,
        [
          [c.trainee, 'text', 'trainee'],
          [c.item, 'text', 'item'],
          [c.points, 'number', 'points'],
          [c.max, 'int', 'max'],
          [c.after, 'minutes', 'afterMs'],
          [c.by, 'text', 'by'],
          [c.why, 'text', 'why'],
        ],
        scoreRows(report, lang),
        { abnormal: (r) => r.deducted },
      ),
      tableOf(
        w.timeline,
        [
          [c.after, 'minutes', 'afterMs'],
          [c.type, 'text', 'type'],
          [c.subject, 'text', 'subject'],
          [c.by, 'text', 'by'],
        ],
        report.timeline,
      ),
    ],
  };
  return documentXlsx(doc, w.title);
}

/** Each trainee's total, then the items it is made of. */
function scoreRows(report: DrillReport, lang: Lang) {
  const c = COLUMNS[lang];
  return report.scores.flatMap((score) => [
    {
      trainee: score.trainee,
      item: c.total,
      points: score.total,
      max: 100,
      afterMs: null,
      by: null,
      why: null,
      deducted: false,
    },
    ...score.items.map((i) => ({
      trainee: score.trainee,
      item: WORDS[lang].item[i.item],
      points: i.points,
      max: i.max,
      afterMs: i.afterMs,
      by: i.by,
      why: i.deviations.map((d) => d[lang]).join('; ') || null,
      deducted: i.deviations.length > 0,
    })),
  ]);
}
