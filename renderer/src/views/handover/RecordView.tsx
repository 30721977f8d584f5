import type { ReactNode } from 'react';
import { formatInZone, formatSpan } from '../../../../shared/handover/format';
import type { ClockLine, HandoverRecord } from '../../../../shared/handover/record';
import { causeWords, word } from '../../../../shared/i18n/words';
import { useI18n } from '../../i18n/context';
import { gatewayWords } from './gateways';

const TIERS = ['emergency', 'on-site', 'remote'] as const;

const place = (l: { stationName: string; deviceName: string | null }) =>
  l.deviceName ? `${l.stationName} · ${l.deviceName}` : l.stationName;

function Section({
  title,
  count,
  children,
  testId,
}: {
  title: string;
  count?: number;
  children: ReactNode;
  testId: string;
}) {
  return (
    <section className="ho-section" data-testid={testId}>
      <h3>
        {title}
        {count !== undefined && <span className="ho-count">{count}</span>}
      </h3>
      {children}
    </section>
  );
}

function Lines<T>({
  items,
  render,
}: {
  items: readonly T[] | null;
  render(item: T, index: number): ReactNode;
}) {
  const { t } = useI18n();
  if (items === null) return <p className="ho-none">{t('handover.notAvailable')}</p>;
  if (items.length === 0) return <p className="ho-none">{t('handover.none')}</p>;
  return <ul className="ho-lines">{items.map(render)}</ul>;
}

/** A section that is one list: its count is the list's length, or none when the desk cannot tell. */
function ListSection<T>({
  title,
  testId,
  items,
  render,
}: {
  title: string;
  testId: string;
  items: readonly T[] | null;
  render(item: T, index: number): ReactNode;
}) {
  return (
    <Section title={title} count={items?.length} testId={testId}>
      <Lines items={items} render={render} />
    </Section>
  );
}

/**
 * One handover record as the shift leads sign it: the desk's snapshot, the
 * checks, the notes, the signatures and any corrections. It is also what
 * the browser prints.
 */
export function RecordView({ record, checklist }: { record: HandoverRecord; checklist?: ReactNode }) {
  const { t, lang } = useI18n();
  const zone = record.shift.timeZone;
  const at = (ms: number) => formatInZone(ms, zone);
  const s = record.snapshot;
  const clock = (c: ClockLine, breached: boolean) => (
    <li key={`${c.alarmId}/${c.clock}`} className={breached ? 'ho-abnormal' : undefined}>
      <span className="ho-where">{place(c)}</span> {causeWords(c.cause, t)} · {t(`handover.tier.${c.tier}`)} ·{' '}
      {word(t, 'alarms.clock', c.clock)}
      {c.remainingMs !== null && (
        <strong>
          {' '}
          {t(breached ? 'handover.clock.overdue' : 'handover.clock.left', {
            span: formatSpan(c.remainingMs, lang),
          })}
        </strong>
      )}
    </li>
  );
  const openAlarms = s.alarms.emergency.length + s.alarms['on-site'].length + s.alarms.remote.length;
  return (
    <article className="ho-record" data-testid="handover-record" data-state={record.state}>
      <p className="ho-meta">{t('handover.assembled', { time: at(s.assembledAt) })}</p>
      <div className="ho-grid">
        <Section title={t('handover.alarms')} count={openAlarms} testId="ho-alarms">
          {TIERS.map((tier) => (
            <div key={tier} className="ho-tier">
              <h4>
                {t(`handover.tier.${tier}`)} <span className="ho-count">{s.alarms[tier].length}</span>
              </h4>
              <Lines
                items={s.alarms[tier]}
                render={(a) => (
                  <li key={a.id} className={a.state === 'active-acknowledged' ? undefined : 'ho-abnormal'}>
                    <span className="ho-where">{place(a)}</span> {causeWords(a.cause, t)} ·{' '}
                    {word(t, 'alarms.priority', a.priority)} · {at(a.raisedAt)}
                  </li>
                )}
              />
            </div>
          ))}
        </Section>
        <ListSection
          title={t('handover.clocks.breached')}
          testId="ho-breached"
          items={s.clocks.breached}
          render={(c) => clock(c, true)}
        />
        <ListSection
          title={t('handover.clocks.running')}
          testId="ho-running"
          items={s.clocks.running}
          render={(c) => clock(c, false)}
        />
        <ListSection
          title={t('handover.shelved')}
          testId="ho-shelved"
          items={s.shelved}
          render={(x) => (
            <li key={x.alarmId}>
              <span className="ho-where">{place(x)}</span> {causeWords(x.cause, t)} — {x.reason} ·{' '}
              {t('handover.shelved.until', { time: at(x.untilMs) })}
            </li>
          )}
        />
        <ListSection
          title={t('handover.workOrders')}
          testId="ho-workorders"
          items={s.workOrders}
          render={(w) => (
            <li key={w.id}>
              {w.id} · <span className="ho-where">{w.stationName}</span> {w.title} ·{' '}
              {word(t, 'wo.state', w.state)}
              {w.dueAt !== null && ` · ${at(w.dueAt)}`}
            </li>
          )}
        />
        <ListSection
          title={t('handover.outages')}
          testId="ho-outages"
          items={s.outages}
          render={(o) => (
            <li key={o.id}>
              <span className="ho-where">{place(o)}</span> {word(t, 'app.kind', o.kind)} ·{' '}
              {word(t, 'app.reason', o.reason)} · {t('handover.since', { time: at(o.since) })}
            </li>
          )}
        />
        <ListSection
          title={t('handover.offline')}
          testId="ho-offline"
          items={s.offline}
          render={(d) => (
            <li key={d.deviceId} className="ho-abnormal">
              <span className="ho-where">{place(d)}</span> {t('handover.since', { time: at(d.since) })}
            </li>
          )}
        />
        <Section title={t('handover.checks')} testId="ho-checks">
          {checklist ?? (
            <ul className="ho-lines">
              {s.checks.map((c) => (
                <li key={c.check} className={c.status === 'ok' ? undefined : 'ho-abnormal'}>
                  {t(`handover.check.${c.check}`)}: <strong>{t(`handover.check.${c.status}`)}</strong>
                  {c.simDataMb !== null && ` · ${c.simDataMb} MB`}
                  {c.note && ` · ${c.note}`}
                  {c.gateways && ` · ${gatewayWords(c, t)}`}
                  {c.recordedBy &&
                    c.recordedAt !== null &&
                    ` · ${t('handover.check.by', { user: c.recordedBy, time: at(c.recordedAt) })}`}
                  {c.source === 'gateway-comms' && ` (${t('handover.check.auto')})`}
                </li>
              ))}
            </ul>
          )}
        </Section>
      </div>
      <ListSection
        title={t('handover.notes')}
        testId="ho-notes"
        items={record.notes}
        render={(n) => (
          <li key={n.id} className="ho-note">
            <span className="ho-by">
              {at(n.at)} · {n.by}
              {n.stationId && ` · ${n.stationId}`}
            </span>
            <span className="ho-text">{n.text}</span>
          </li>
        )}
      />
      <Section title={t('handover.signatures')} testId="ho-signatures">
        <dl className="ho-signatures">
          {(
            [
              ['handover.outgoing', record.signature],
              ['handover.incoming', record.acceptance],
            ] as const
          ).map(([label, sig]) => (
            <div key={label} data-signed={sig !== null}>
              <dt>{t(label)}</dt>
              <dd>
                {sig
                  ? t('handover.signedBy', {
                      user: sig.user,
                      role: word(t, 'role', sig.role),
                      time: at(sig.at),
                    })
                  : t('handover.notSigned')}
              </dd>
            </div>
          ))}
        </dl>
      </Section>
      {record.corrections.length > 0 && (
        <Section title={t('handover.corrections')} count={record.corrections.length} testId="ho-corrections">
          <ul className="ho-lines">
            {record.corrections.map((c) => (
              <li key={c.eventId} className="ho-note">
                <span className="ho-by">
                  {at(c.at)} · {c.user} ·{' '}
                  {t('handover.corrects', { what: describeTarget(record, c.corrects, t) })}
                </span>
                <span className="ho-text">{c.text}</span>
              </li>
            ))}
          </ul>
        </Section>
      )}
    </article>
  );
}

/** What a correction points at, in words: the signature, the acceptance, a note or an earlier correction. */
export function describeTarget(
  record: HandoverRecord,
  eventId: string,
  t: ReturnType<typeof useI18n>['t'],
): string {
  const short = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);
  if (record.signature?.eventId === eventId) return t('handover.target.signature');
  if (record.acceptance?.eventId === eventId) return t('handover.target.acceptance');
  const note = record.notes.find((n) => n.id === eventId);
  if (note) return t('handover.target.note', { text: short(note.text) });
  const correction = record.corrections.find((c) => c.eventId === eventId);
  if (correction) return t('handover.target.correction', { text: short(correction.text) });
  return eventId;
}
