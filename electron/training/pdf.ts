import { formatInZone } from '../../shared/handover/format';
import { formatOffset } from '../../shared/time/offset';
import type { DrillReport } from '../../shared/training/report';
import type { ScoreItem } from '../../shared/training/score';
import { PRINT, printedDocument, stampPages } from '../pdf/document';
import { type Lang, WORDS, ZONE } from './words';

/**
 * A drill report as an A4 PDF (CJK): briefing, each trainee's score with
 * every deduction explained, the timeline, the assessor's remarks. Every
 * page carries the DRILL band, so no printout of a drill passes for a
 * record of the plant; the footer names the report hash the training
 * record in the real journal points at.
 */
export async function drillReportPdf(
  report: DrillReport,
  reportHash: string,
  lang: Lang,
  resourcesDir: string,
): Promise<Buffer> {
  const w = WORDS[lang];
  const { doc, done } = await printedDocument(resourcesDir, {
    title: `${w.title} ${report.scenario.title[lang]}`,
    subject: w.band,
  });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const at = (ms: number) => formatInZone(ms, ZONE);
  const heading = (text: string) => {
    doc.moveDown(0.6).fontSize(12).fillColor(PRINT.ink).text(text, left, doc.y, { width });
    doc.moveDown(0.2);
  };
  const line = (text: string, options: { abnormal?: boolean; indent?: number } = {}) =>
    doc
      .fontSize(9.5)
      .fillColor(options.abnormal ? PRINT.abnormal : PRINT.ink)
      .text(text, left + (options.indent ?? 0), doc.y, { width: width - (options.indent ?? 0) });

  doc
    .moveDown(1.5)
    .fontSize(16)
    .fillColor(PRINT.ink)
    .text(`${w.title}: ${report.scenario.title[lang]}`, left);
  line(
    `${w.lead}: ${report.lead}   ${w.trainees}: ${report.trainees.join(', ')}   ${w.scale}: ×${report.scale}`,
  );
  line(`${w.period}: ${at(report.startedAt)} – ${at(report.endedAt)} (${ZONE})`);
  heading(w.briefing);
  line(report.scenario.briefing[lang]);

  heading(w.scores);
  for (const score of report.scores) {
    doc.moveDown(0.2).fontSize(11).fillColor(PRINT.ink).text(`${score.trainee}: ${score.total} / 100`, left);
    for (const item of score.items) {
      const when =
        item.afterMs === null ? '' : ` (+${formatOffset(item.afterMs)}${item.by ? `, ${item.by}` : ''})`;
      line(`${w.item[item.item as ScoreItem]}: ${item.points} / ${item.max}${when}`, { indent: 12 });
      for (const d of item.deviations) line(`– ${d[lang]}`, { indent: 24, abnormal: true });
    }
  }

  heading(w.timeline);
  if (!report.timeline.length) line(w.none);
  for (const row of report.timeline)
    line(`+${formatOffset(row.afterMs)}  ${row.type}  ${row.subject}  ${row.by}`);

  heading(w.remarks);
  line(report.remarks || w.none);

  stampPages(doc, (page, pages) => w.page(page, pages, reportHash));
  bandPages(doc, w.band);
  doc.end();
  return done;
}

/** The DRILL band across the top of every page. */
function bandPages(doc: PDFKit.PDFDocument, text: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const top = doc.page.margins.top;
    doc.page.margins.top = 0;
    doc.rect(0, 12, doc.page.width, 24).fill('#24476e');
    doc.fontSize(11).fillColor('#ffffff').text(text, doc.page.margins.left, 18, { lineBreak: false });
    doc.page.margins.top = top;
  }
}
