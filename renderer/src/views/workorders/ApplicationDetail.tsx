import type { ApplicationView, Device, Station } from '../../../../shared/api';
import { useI18n } from '../../i18n/context';
import { type FleetTime, useFleetTime } from '../../i18n/fleetTime';
import type { Translate } from '../../i18n/lang';
import { CodeFact, Fact } from '../../ui/facts/Fact';
import { PaneFacts, PaneSection } from '../../ui/list/DetailPane';
import { stationLabel } from '../alarms/words';
import { ActionButtons } from './ActionButtons';
import { type ApplicationAction, type ApplicationChoice, pastPlannedEnd } from './model';
import { type RecordDetailProps, RecordPane } from './RecordPane';

/** One application: its target, reason and window, who filed and decided it, and what can be done next. */
export function ApplicationDetail({
  application: a,
  stations,
  devices,
  actions,
  nowMs,
  onAction,
}: RecordDetailProps<ApplicationChoice, ApplicationAction> & { application: ApplicationView }) {
  const { t, lang } = useI18n();
  const fleetClock = useFleetTime();
  const at = (ms: number) => fleetClock.when(ms, nowMs);
  const late = pastPlannedEnd(a, nowMs);
  return (
    <RecordPane
      prefix="app"
      id={a.id}
      title={t(`app.kind.${a.kind}`)}
      state={a.state}
      stateWord={t(`app.state.${a.state}`)}
    >
      <PaneFacts>
        <Fact term={t('app.col.target')}>{targetLines(a, stations, devices, lang, t).join(' · ')}</Fact>
        <Fact term={t('app.detail.devices')}>
          {a.deviceIds.map((id) => devices.get(id)?.name ?? id).join(t('list.separator'))}
        </Fact>
        <Fact term={t('app.col.reason')}>{t(`app.reason.${a.reason}`)}</Fact>
        {a.note && <Fact term={t('app.field.note')}>{a.note}</Fact>}
        <Fact term={t('app.col.window')}>
          <span className={late ? 'wo-late' : undefined}>
            {windowLines(a, nowMs, t, fleetClock.when).join(' · ')}
          </span>
          {late && <strong className="wo-late"> {t('app.pastPlan')}</strong>}
        </Fact>
        <Fact term={t('app.col.applied')}>
          {a.appliedBy} · {at(a.appliedAt)}
        </Fact>
        {a.decidedAt !== null && (
          <Fact term={t('app.detail.decided')}>
            {t('app.detail.decidedBy', {
              who: a.decidedBy ?? '?',
              time: at(a.decidedAt),
              state: t(`app.state.${a.state === 'ended' ? 'approved' : a.state}`),
            })}
            {a.decisionNote && ` — ${a.decisionNote}`}
          </Fact>
        )}
        {a.endedAt !== null && (
          <Fact term={t('app.detail.ended')}>
            {at(a.endedAt)} · <code>{a.endedBy ?? '?'}</code>
          </Fact>
        )}
        <CodeFact term={t('app.detail.workOrder')} code={a.workOrderId} />
        <CodeFact term={t('app.detail.outage')} code={a.outageId} />
      </PaneFacts>
      <PaneSection title={t('wo.detail.actions')}>
        <ActionButtons
          choices={actions}
          prefix="app"
          word={(action) => t(`app.action.${action}`)}
          why={(choice) => (choice.blocked === 'permission' ? t('app.blocked.lead') : undefined)}
          onAction={onAction}
        />
        {actions.some(
          (c) => c.blocked === 'permission' && (c.action === 'approve' || c.action === 'reject'),
        ) && (
          <p className="hint" data-testid="app-lead-only">
            {t('app.blocked.lead')}
          </p>
        )}
      </PaneSection>
    </RecordPane>
  );
}

/** The station, and the device or "whole station". */
export function targetLines(
  a: ApplicationView,
  stations: ReadonlyMap<string, Station>,
  devices: ReadonlyMap<string, Device>,
  lang: 'zh-CN' | 'en',
  t: Translate,
): [string, string] {
  const station = stationLabel(stations.get(a.stationId), a.stationId, lang);
  if ('deviceId' in a.target) return [station, devices.get(a.target.deviceId)?.name ?? a.target.deviceId];
  return [station, t('app.target.station')];
}

/**
 * An exemption's period; for an outage or decommission since when it holds
 * the devices and its planned end, or when it ended; a plan while it waits.
 * One or two lines: what, and the end that matters.
 */
export function windowLines(
  a: ApplicationView,
  nowMs: number,
  t: Translate,
  fleetWhen: FleetTime['when'],
): [string] | [string, string] {
  const when = (ms: number) => fleetWhen(ms, nowMs);
  const plan = `${a.from === null ? '…' : when(a.from)} – ${a.until === null ? t('app.window.open') : when(a.until)}`;
  if (a.kind === 'exemption') return [plan];
  if (a.kind === 'resume') return ['—'];
  if (a.state === 'ended' && a.decidedAt !== null && a.endedAt !== null)
    return [`${when(a.decidedAt)} – ${when(a.endedAt)}`];
  if (a.state === 'approved' && a.decidedAt !== null)
    return [
      t('app.window.since', { since: when(a.decidedAt) }),
      a.until === null
        ? t('app.window.untilResumed')
        : t('app.window.plannedUntil', { until: when(a.until) }),
    ];
  if (a.from === null && a.until === null) return ['—'];
  return [
    t('app.window.planFrom', { from: a.from === null ? '…' : when(a.from) }),
    a.until === null ? t('app.window.untilResumed') : t('app.window.plannedUntil', { until: when(a.until) }),
  ];
}
