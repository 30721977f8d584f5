import { formatInZone } from '../../shared/handover/format';
import type { DrillReport } from '../../shared/training/report';
import type { ExportDocument } from '../reports/tables';
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
      {
        title: w.scores,
        sheet: w.scores,
        columns: [
          { label: c.trainee, kind: 'text' },
          { label: c.item, kind: 'text' },
          { label: c.points, kind: 'number' },
          { label: c.max, kind: 'int' },
          { label: c.after, kind: 'minutes' },
          { label: c.by, kind: 'text' },
          { label: c.why, kind: 'text' },
        ],
        rows: report.scores.flatMap((score) => [
          { cells: [score.trainee, c.total, score.total, 100, null, null, null] },
          ...score.items.map((i) => ({
            cells: [
              score.trainee,
              w.item[i.item],
              i.points,
              i.max,
              i.afterMs,
              i.by,
              i.deviations.map((d) => d[lang]).join('; ') || null,
            ],
            abnormal: i.deviations.length > 0,
          })),
        ]),
        notes: [],
      },
      {
        title: w.timeline,
        sheet: w.timeline,
        columns: [
          { label: c.after, kind: 'minutes' },
          { label: c.type, kind: 'text' },
          { label: c.subject, kind: 'text' },
          { label: c.by, kind: 'text' },
        ],
        rows: report.timeline.map((r) => ({ cells: [r.afterMs, r.type, r.subject, r.by] })),
        notes: [],
      },
    ],
  };
  return documentXlsx(doc, w.title);
}
