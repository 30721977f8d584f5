import { formatInZone, formatSpan } from '../../shared/handover/format';
import type { AlarmLine, ClockLine, HandoverRecord } from '../../shared/handover/record';
import { Tier } from '../../shared/triage/tiers';
import { printedDocument, stampPages } from '../pdf/document';
import { PDF_LABELS } from './pdf-labels';

export type PdfLang = keyof typeof PDF_LABELS;

const INK = '#111111';
const MUTED = '#555555';
/** Print is grey like the desk; only what is abnormal is marked, and marked in words as well. */
const ABNORMAL = '#9b1c1c';

const place = (l: { stationName: string; deviceName: string | null }) =>
  l.deviceName ? `${l.stationName} · ${l.deviceName}` : l.stationName;

/** The handover record as a printable A4 PDF in the chosen language; Chinese names print as written. */
export async function handoverPdf(
  record: HandoverRecord,
  lang: PdfLang,
  resourcesDir: string,
  printedAt: number,
): Promise<Buffer> {
  const L = PDF_LABELS[lang];
  const tz = record.shift.timeZone;
  const at = (t: number) => formatInZone(t, tz);
  const s = record.snapshot;
  const { doc, done } = printedDocument(resourcesDir, {
    title: `${L.title} ${record.shift.id}`,
    subject: L.state[record.state],
  });
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;

  const heading = (text: string) => {
    doc.moveDown(0.6).fontSize(12).fillColor(INK).text(text, doc.page.margins.left, doc.y, { width });
    const y = doc.y + 1;
    doc
      .moveTo(doc.page.margins.left, y)
      .lineTo(doc.page.margins.left + width, y)
      .lineWidth(0.5)
      .strokeColor('#999999')
      .stroke();
    doc.moveDown(0.3);
  };
  const line = (text: string, options: { abnormal?: boolean; muted?: boolean; indent?: number } = {}) => {
    doc
      .fontSize(9.5)
      .fillColor(options.abnormal ? ABNORMAL : options.muted ? MUTED : INK)
      .text(text, doc.page.margins.left + (options.indent ?? 0), doc.y, {
        width: width - (options.indent ?? 0),
      });
  };
  const list = <T>(items: readonly T[] | null, show: (item: T) => void) => {
    if (items === null) line(L.notAvailable, { muted: true });
    else if (items.length === 0) line(L.none, { muted: true });
    else for (const item of items) show(item);
  };
  const clock = (c: ClockLine, breached: boolean) => {
    const span =
      c.remainingMs === null ? '' : ` — ${breached ? L.overdue : L.left} ${formatSpan(c.remainingMs, lang)}`;
    const deadline = c.deadline === null ? '' : ` (${at(c.deadline)})`;
    line(`${place(c)}: ${c.cause} · ${L.tier[c.tier]} · ${c.clock}${deadline}${span}`, {
      abnormal: breached,
      indent: 8,
    });
  };
  const alarm = (a: AlarmLine) =>
    line(
      `${place(a)}: ${a.cause} · ${a.priority} · ${at(a.raisedAt)}${a.ackedBy ? ` · ack ${a.ackedBy}` : ''}`,
      { indent: 16, abnormal: a.state !== 'active-acknowledged' },
    );

  doc.fontSize(18).fillColor(INK).text(L.title, { width });
  doc.moveDown(0.2);
  line(
    `${L.shift}: ${at(record.shift.startsAt)} – ${at(record.shift.endsAt)}   (${record.shift.id}, ${L.timeZone} ${tz})`,
  );
  if (record.desk !== null) line(L.fromDesk(record.desk), { muted: true });
  line(L.state[record.state], { abnormal: record.state !== 'accepted' });
  line(`${L.assembledAt}: ${at(s.assembledAt)}`, { muted: true });

  heading(L.alarms);
  for (const tier of [...Tier.options].reverse()) {
    const alarms = s.alarms[tier];
    line(`${L.tier[tier]} (${alarms.length})`, { indent: 8 });
    for (const a of alarms) alarm(a);
  }

  heading(L.clocksBreached);
  list(s.clocks.breached, (c) => clock(c, true));
  heading(L.clocksRunning);
  list(s.clocks.running, (c) => clock(c, false));

  heading(L.shelved);
  list(s.shelved, (x) =>
    line(`${place(x)}: ${x.cause} — ${x.reason} · ${L.until} ${at(x.untilMs)}`, { indent: 8 }),
  );

  heading(L.workOrders);
  list(s.workOrders, (w) =>
    line(
      `${w.id} · ${w.stationName}: ${w.title} · ${w.state}${w.dueAt ? ` · ${L.due} ${at(w.dueAt)}` : ''}`,
      { indent: 8 },
    ),
  );
  heading(L.outages);
  list(s.outages, (o) =>
    line(`${place(o)}: ${o.kind} · ${o.reason} · ${L.since} ${at(o.since)}`, { indent: 8 }),
  );

  heading(L.offline);
  list(s.offline, (d) =>
    line(`${place(d)} · ${L.since} ${at(d.since)}${d.detail ? ` · ${d.detail}` : ''}`, {
      abnormal: true,
      indent: 8,
    }),
  );

  heading(L.checks);
  for (const c of s.checks) {
    const who = c.recordedBy ? ` · ${L.by} ${c.recordedBy} ${c.recordedAt ? at(c.recordedAt) : ''}` : '';
    const usage = c.simDataMb !== null ? ` · ${L.dataUsage} ${c.simDataMb} MB` : '';
    line(`${L.check[c.check]}: ${L.checkStatus[c.status]}${usage}${who}`, {
      abnormal: c.status !== 'ok',
      indent: 8,
    });
    if (c.note) line(c.note, { indent: 24, muted: true });
    if (c.gateways) {
      const silent = c.gateways.silent.length > 0 ? `; ${L.silent}${c.gateways.silent.join(', ')}` : '';
      line(`${L.gateways(c.gateways.answering, c.gateways.total)}${silent}`, { indent: 24, muted: true });
    }
    if (c.source === 'gateway-comms') line(L.fromGateways, { indent: 24, muted: true });
  }

  heading(L.notes);
  list(record.notes, (n) => {
    line(`${at(n.at)} · ${n.by}${n.stationId ? ` · ${n.stationId}` : ''}`, { muted: true, indent: 8 });
    line(n.text, { indent: 16 });
  });

  heading(L.signatures);
  for (const [label, sig] of [
    [L.outgoing, record.signature],
    [L.incoming, record.acceptance],
  ] as const) {
    line(
      sig
        ? `${label}: ${sig.user} (${sig.role}) · ${at(sig.at)} · ${sig.eventId} · sha256 ${sig.hash.slice(0, 16)}…`
        : `${label}: ${L.notSigned}`,
      { abnormal: !sig, indent: 8 },
    );
  }

  if (record.corrections.length > 0) {
    heading(L.corrections);
    for (const c of record.corrections) {
      line(`${at(c.at)} · ${c.user} (${c.role}) · ${L.corrects} ${c.corrects} · ${c.eventId}`, {
        muted: true,
        indent: 8,
      });
      line(c.text, { indent: 16 });
    }
  }

  stampPages(
    doc,
    (n, total) => `DutyDesk · ${record.shift.id} · ${L.page(n, total)} · ${L.printedAt} ${at(printedAt)}`,
  );
  doc.end();
  return done;
}
