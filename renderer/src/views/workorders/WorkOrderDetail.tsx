import type { WorkOrderView } from '../../../../shared/api';
import { Role } from '../../../../shared/auth/roles';
import { Report, type WorkOrderStepType } from '../../../../shared/workorder/state';
import { useI18n } from '../../i18n/context';
import { type FleetTime, useFleetTime } from '../../i18n/fleetTime';
import { CodeFact, Fact } from '../../ui/facts/Fact';
import { PaneFacts, PaneSection } from '../../ui/list/DetailPane';
import { ClocksSection } from '../alarms/AlarmDetail';
import { formatCountdown, stationLabel } from '../alarms/words';
import { ActionButtons } from './ActionButtons';
import type { ActionChoice, WorkOrderAction } from './model';
import { NoticeLine, OutboxMark } from './NoticeLine';
import { OutagePrompt } from './OutagePrompt';
import { type RecordDetailProps, RecordPane } from './RecordPane';

type Props = RecordDetailProps<ActionChoice, WorkOrderAction> & { order: WorkOrderView };

/** One work order: what it is about, where it stands, what can be done next, and every recorded step. */
export function WorkOrderDetail({ order, stations, devices, actions, nowMs, onAction }: Props) {
  const { t, lang } = useI18n();
  const fleetClock = useFleetTime();
  const at = (ms: number) => fleetClock.when(ms, nowMs);
  const deadline = order.defectDeadline;
  const deadlineLate = deadline.state === 'breached';
  return (
    <RecordPane
      prefix="wo"
      id={order.id}
      title={order.title}
      state={order.state}
      stateWord={t(`wo.state.${order.state}`)}
    >
      <PaneFacts>
        <Fact term={t('wo.detail.station')}>
          {stationLabel(stations.get(order.stationId), order.stationId, lang)}
          {order.deviceIds.length > 0 &&
            ` · ${order.deviceIds.map((id) => devices.get(id)?.name ?? id).join(t('list.separator'))}`}
        </Fact>
        <Fact term={t('wo.detail.alarms')}>
          {order.alarmIds.map((id) => (
            <code key={id}>{id}</code>
          ))}
        </Fact>
        <Fact term={t('wo.detail.defect')}>
          {t(`alarms.class.${order.defectClass}`)} · {t(`alarms.tier.${order.tier}`)} ·{' '}
          <span className="hint">
            {t(`wo.preset.${order.slaPreset === 'shaoxing' ? 'shaoxing' : 'commitment'}`)}
          </span>
        </Fact>
        <Fact term={t('wo.detail.defectDeadline')}>
          <span
            className={deadlineLate ? 'wo-late' : undefined}
            data-state={deadline.state}
            title={deadline.basis}
          >
            {at(deadline.deadline)} · {t(`wo.deadline.${deadline.state}`)}
            {deadline.state === 'running' && ` (${formatCountdown(deadline.deadline - nowMs)})`}
          </span>
        </Fact>
        <Fact term={t('wo.detail.crew')}>
          {order.crew.join(t('list.separator')) || '—'}
          <OutboxMark notices={order.notices} />
          {order.checkInAt !== null && ` · ${t('wo.step.checkInAt', { time: at(order.checkInAt) })}`}
        </Fact>
        {order.work && <Fact term={t('wo.detail.work')}>{order.work}</Fact>}
        {order.acceptedAt !== null && (
          <Fact term={t('wo.detail.accepted')}>
            {t('wo.detail.acceptedBy', {
              who: order.acceptedBy ?? '?',
              time: at(order.acceptedAt),
            })}
          </Fact>
        )}
        <CodeFact term={t('wo.detail.outage')} code={order.outageApplicationId} />
      </PaneFacts>
      {(order.crewOutageRequest !== null || order.outagePrompt) && (
        <OutagePrompt
          text={
            order.crewOutageRequest
              ? t('wo.crewOutagePrompt', {
                  who: order.crewOutageRequest.by,
                  time: at(order.crewOutageRequest.at),
                  reason: t(`app.reason.${order.crewOutageRequest.reason}`),
                })
              : t('wo.outagePrompt')
          }
          testId="wo-outage-prompt"
          disabled={actions.find((a) => a.action === 'outage')?.blocked !== null}
          onApply={() => onAction('outage')}
        />
      )}

      <PaneSection title={t('wo.detail.actions')}>
        <ActionButtons
          choices={actions}
          prefix="wo"
          word={(action) => t(`wo.action.${action}`)}
          why={(choice) => blockedText(choice, t)}
          onAction={onAction}
        />
        {actions.some((a) => a.blocked === 'permission' || a.blocked === 'session') && (
          <p className="hint">{t('wo.blocked.permissionNote')}</p>
        )}
        {actions.some((a) => a.blocked === 'crew') && <p className="hint">{t('wo.blocked.crew')}</p>}
      </PaneSection>

      <PaneSection title={t('wo.detail.timeline')}>
        <ol className="wotimeline" data-testid="wo-timeline">
          {order.steps.map((step) => (
            <li key={step.journalId} data-step={step.step} data-journal-id={step.journalId}>
              <span className="wotimeline__when">{at(step.at)}</span>
              <span className="wotimeline__what">
                <strong>{t(`wo.step.${step.step}`)}</strong>
                {step.detail && (
                  <span className="wotimeline__detail">
                    {' '}
                    · {stepDetail(step.step, step.detail, nowMs, t, fleetClock.when)}
                  </span>
                )}
                {step.reason && <span className="wotimeline__reason"> — {step.reason}</span>}
              </span>
              <span className="wotimeline__who">
                {step.by} <span className="hint">{t(roleKey(step.role))}</span>
              </span>
            </li>
          ))}
          {order.notices.map((notice) => (
            <NoticeLine key={notice.id} notice={notice} nowMs={nowMs} when={fleetClock.when} />
          ))}
        </ol>
        <p className="hint">{t('wo.detail.journal')}</p>
      </PaneSection>

      {order.clocks.length > 0 && (
        <ClocksSection
          clocks={order.clocks}
          basis={(clock) => clock.basis}
          empty=""
          testId="wo-clocks"
          nowMs={nowMs}
        />
      )}
    </RecordPane>
  );
}

type Translate = ReturnType<typeof useI18n>['t'];

function blockedText(choice: ActionChoice, t: Translate): string {
  if (choice.blocked === 'state') return t('wo.blocked.state', { rule: choice.rule ?? '' });
  if (choice.blocked === 'crew') return t('wo.blocked.crew');
  return t('wo.blocked.permission');
}

/** A crew member answering from the crew page is recorded with the role `crew`; anything else unknown is the desk itself. */
function roleKey(role: string): `role.${Role}` | 'wo.role.system' | 'wo.role.crew' {
  if (role === 'crew') return 'wo.role.crew';
  const known = Role.safeParse(role);
  return known.success ? `role.${known.data}` : 'wo.role.system';
}

/** The crew's own times are recorded as ISO times and a report by its kind: all read in the operator's words. */
function stepDetail(
  step: WorkOrderStepType,
  detail: string,
  nowMs: number,
  t: Translate,
  when: FleetTime['when'],
): string {
  if (step === 'arrived' || step === 'received' || step === 'en-route') {
    const at = Date.parse(detail);
    if (!Number.isFinite(at)) return detail;
    return t(step === 'arrived' ? 'wo.step.checkInAt' : 'wo.step.crewAt', { time: when(at, nowMs) });
  }
  const report = Report.safeParse(detail);
  return step === 'reported' && report.success ? t(`wo.report.${report.data}`) : detail;
}
