import { formatInZone, formatSpan } from '../../shared/handover/format';
import type { AlarmLine, ClockLine, HandoverRecord } from '../../shared/handover/record';
import { catalogueWords, type Lang } from '../../shared/i18n/catalogue';
import { markBand, type RecordMark } from '../../shared/i18n/marking';
import { causeWords, word } from '../../shared/i18n/words';
import { Tier } from '../../shared/triage/tiers';
import { PRINT, printedDocument, stampPages } from '../pdf/document';

const place = (l: { stationName: string; deviceName: string | null }) =>
  l.deviceName ? `${l.stationName} · ${l.deviceName}` : l.stationName;

/**
 * The handover record as a printable A4 PDF in the chosen language, in the
 * words of the screen's catalogue (causes, priorities, clocks, states,
 * roles); Chinese names print as written.
 */
export async function handoverPdf(
  record: HandoverRecord,
  lang: Lang,
  resourcesDir: string,
  printedAt: number,
  /** Printed by the demo or a drill desk: its band across every page. */
  mark: RecordMark | null = null,
): Promise<Buffer> {
  const t = catalogueWords(lang);
  const tz = record.shift.timeZone;
  const at = (ms: number) => formatInZone(ms, tz);
  const s = record.snapshot;
  const { doc, done } = await printedDocument(resourcesDir, {
    title: `${t('record.handover.title')} ${record.shift.id}`,
    subject: t(`record.handover.state.${record.state}`),
  });
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;

  const heading = (text: string) => {
    doc.moveDown(0.6).fontSize(12).fillColor(PRINT.ink).text(text, doc.page.margins.left, doc.y, { width });
    const y = doc.y + 1;
    doc
      .moveTo(doc.page.margins.left, y)
      .lineTo(doc.page.margins.left + width, y)
      .lineWidth(0.5)
      .strokeColor(PRINT.rule)
      .stroke();
    doc.moveDown(0.3);
  };
  const line = (text: string, options: { abnormal?: boolean; muted?: boolean; indent?: number } = {}) => {
    doc
      .fontSize(9.5)
      .fillColor(options.abnormal ? PRINT.abnormal : options.muted ? PRINT.muted : PRINT.ink)
      .text(text, doc.page.margins.left + (options.indent ?? 0), doc.y, {
        width: width - (options.indent ?? 0),
      });
  };
  const list = <T>(items: readonly T[] | null, show: (item: T) => void) => {
    if (items === null) line(t('record.handover.notAvailable'), { muted: true });
    else if (items.length === 0) line(t('handover.none'), { muted: true });
    else for (const item of items) show(item);
  };
  const cause = (code: string) => causeWords(code, t);
  const role = (id: string) => word(t, 'role', id);
  const clock = (c: ClockLine, breached: boolean) => {
    const span =
      c.remainingMs === null
        ? ''
        : ` — ${t(breached ? 'record.handover.overdue' : 'record.handover.left', { span: formatSpan(c.remainingMs, lang) })}`;
    const deadline = c.deadline === null ? '' : ` (${at(c.deadline)})`;
    const name = word(t, 'alarms.clock', c.clock);
    line(`${place(c)}: ${cause(c.cause)} · ${t(`handover.tier.${c.tier}`)} · ${name}${deadline}${span}`, {
      abnormal: breached,
      indent: 8,
    });
  };
  const alarm = (a: AlarmLine) => {
    const acked = a.ackedBy ? ` · ${t('record.handover.ackedBy', { user: a.ackedBy })}` : '';
    line(
      `${place(a)}: ${cause(a.cause)} · ${word(t, 'alarms.priority', a.priority)} · ${at(a.raisedAt)}${acked}`,
      {
        indent: 16,
        abnormal: a.state !== 'active-acknowledged',
      },
    );
  };

  doc.fontSize(18).fillColor(PRINT.ink).text(t('record.handover.title'), { width });
  doc.moveDown(0.2);
  line(
    `${t('reports.section.shift')}: ${at(record.shift.startsAt)} – ${at(record.shift.endsAt)}   (${record.shift.id}, ${t('record.timeZone')} ${tz})`,
  );
  if (record.desk !== null) line(t('record.handover.fromDesk', { desk: record.desk }), { muted: true });
  line(t(`record.handover.state.${record.state}`), { abnormal: record.state !== 'accepted' });
  line(`${t('record.handover.assembledAt')}: ${at(s.assembledAt)}`, { muted: true });

  heading(t('record.handover.alarms'));
  for (const tier of [...Tier.options].reverse()) {
    const alarms = s.alarms[tier];
    line(`${t(`handover.tier.${tier}`)} (${alarms.length})`, { indent: 8 });
    for (const a of alarms) alarm(a);
  }

  heading(t('handover.clocks.breached'));
  list(s.clocks.breached, (c) => clock(c, true));
  heading(t('handover.clocks.running'));
  list(s.clocks.running, (c) => clock(c, false));

  heading(t('handover.shelved'));
  list(s.shelved, (x) =>
    line(
      `${place(x)}: ${cause(x.cause)} — ${x.reason} · ${t('record.handover.until', { time: at(x.untilMs) })}`,
      {
        indent: 8,
      },
    ),
  );

  heading(t('handover.workOrders'));
  list(s.workOrders, (w) => {
    const due = w.dueAt ? ` · ${t('record.handover.due', { time: at(w.dueAt) })}` : '';
    line(`${w.id} · ${w.stationName}: ${w.title} · ${word(t, 'wo.state', w.state)}${due}`, { indent: 8 });
  });
  heading(t('record.handover.outages'));
  list(s.outages, (o) =>
    line(
      `${place(o)}: ${word(t, 'app.kind', o.kind)} · ${word(t, 'app.reason', o.reason)} · ${t('record.handover.since', { time: at(o.since) })}`,
      { indent: 8 },
    ),
  );

  heading(t('handover.offline'));
  list(s.offline, (d) =>
    line(
      `${place(d)} · ${t('record.handover.since', { time: at(d.since) })}${d.detail ? ` · ${d.detail}` : ''}`,
      {
        abnormal: true,
        indent: 8,
      },
    ),
  );

  heading(t('handover.checks'));
  for (const c of s.checks) {
    const who = c.recordedBy
      ? ` · ${t('record.handover.by', { user: c.recordedBy })} ${c.recordedAt ? at(c.recordedAt) : ''}`
      : '';
    const usage = c.simDataMb !== null ? ` · ${t('record.handover.dataUsage', { mb: c.simDataMb })}` : '';
    line(`${t(`record.handover.check.${c.check}`)}: ${t(`handover.check.${c.status}`)}${usage}${who}`, {
      abnormal: c.status !== 'ok',
      indent: 8,
    });
    if (c.note) line(c.note, { indent: 24, muted: true });
    if (c.gateways) {
      const { answering, total, silent } = c.gateways;
      const none = silent.length > 0 ? `; ${t('record.handover.silent', { list: silent.join(', ') })}` : '';
      line(`${t('handover.check.gateways', { answering, total })}${none}`, { indent: 24, muted: true });
    }
    if (c.source === 'gateway-comms') line(t('record.handover.fromGateways'), { indent: 24, muted: true });
  }

  heading(t('handover.notes'));
  list(record.notes, (n) => {
    line(`${at(n.at)} · ${n.by}${n.stationId ? ` · ${n.stationId}` : ''}`, { muted: true, indent: 8 });
    line(n.text, { indent: 16 });
  });

  heading(t('handover.signatures'));
  for (const [label, sig] of [
    [t('handover.outgoing'), record.signature],
    [t('handover.incoming'), record.acceptance],
  ] as const) {
    line(
      sig
        ? `${label}: ${sig.user} (${role(sig.role)}) · ${at(sig.at)} · ${sig.eventId} · sha256 ${sig.hash.slice(0, 16)}…`
        : `${label}: ${t('handover.notSigned')}`,
      { abnormal: !sig, indent: 8 },
    );
  }

  if (record.corrections.length > 0) {
    heading(t('record.handover.corrections'));
    for (const c of record.corrections) {
      const corrects = t('record.handover.corrects', { what: c.corrects });
      line(`${at(c.at)} · ${c.user} (${role(c.role)}) · ${corrects} · ${c.eventId}`, {
        muted: true,
        indent: 8,
      });
      line(c.text, { indent: 16 });
    }
  }

  stampPages(
    doc,
    (n, total) =>
      `DutyDesk · ${record.shift.id} · ${t('record.page', { n, total })} · ${t('record.handover.printedAt', { time: at(printedAt) })}`,
    markBand(mark, lang),
  );
  doc.end();
  return done;
}
