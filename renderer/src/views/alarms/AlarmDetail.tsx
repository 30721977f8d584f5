import { ISA_LETTER } from '../../../../shared/alarm/state';
import type { AlarmClockView, AlarmView, Device, ProfileInfo, Station } from '../../../../shared/api';
import type { RuleText } from '../../../../shared/triage/sla';
import { useI18n } from '../../i18n/context';
import { useFleetTime } from '../../i18n/fleetTime';
import { formatQuantity } from '../../i18n/format';
import { dynamicKey, type Translate } from '../../i18n/lang';
import { isUnacknowledged } from '../../state/alarms';
import type { DeviceLive } from '../../state/fleet';
import type { DeskClient } from '../../transport';
import { CodeFact, Fact } from '../../ui/facts/Fact';
import { DetailPane, PaneFacts, PaneSection } from '../../ui/list/DetailPane';
import { OutagePrompt } from '../workorders/OutagePrompt';
import { RecentTrends } from './RecentTrends';
import { causeText, clockName, formatCountdown, PRIORITY_MARK, stationLabel } from './words';

type Props = {
  alarm: AlarmView;
  station: Station | undefined;
  device: Device | undefined;
  profile: ProfileInfo | undefined;
  live: DeviceLive | null;
  client: DeskClient;
  /** The basis of each SLA clock, from the texts the queue fetched once (`sla.rules`). */
  ruleText: RuleText;
  nowMs: number;
  onClose(): void;
  /** Opens the outage application prefilled for this device and its work order; absent when the role may not file. */
  onApplyOutage?(): void;
};

/** Everything about one alarm beside the queue, so the monitor can decide without leaving it. */
export function AlarmDetail({
  alarm,
  station,
  device,
  profile,
  live,
  client,
  ruleText,
  nowMs,
  onClose,
  onApplyOutage,
}: Props) {
  const { t, lang } = useI18n();
  const fleetClock = useFleetTime();
  const at = (ms: number) => fleetClock.when(ms, nowMs);
  const points = profile?.points.filter((p) => live?.points[p.key] !== undefined) ?? [];

  return (
    <DetailPane
      className="adetail"
      testId="alarm-detail"
      data-alarm-id={alarm.id}
      titleId="adetail-title"
      title={
        <>
          <span className={`prio prio--${alarm.priority}`} data-filled="true">
            <span aria-hidden="true">{PRIORITY_MARK[alarm.priority]}</span>{' '}
            {t(`alarms.priority.${alarm.priority}`)}
          </span>{' '}
          {causeText(alarm.cause, t)}
        </>
      }
      aside={
        <button type="button" className="button" onClick={onClose} title={t('alarms.detail.close')}>
          ✕ <span className="visually-hidden">{t('alarms.detail.close')}</span>
        </button>
      }
    >
      <PaneFacts>
        <Fact term={t('alarms.detail.station')}>{stationLabel(station, alarm.stationId, lang)}</Fact>
        {device && (
          <Fact term={t('alarms.detail.device')}>
            {device.name} <code>{device.id}</code>
          </Fact>
        )}
        <CodeFact term={t('alarms.detail.id')} code={alarm.id} />
        <Fact term={t('alarms.detail.state')}>
          {ISA_LETTER[alarm.state]} · {t(`alarms.state.${alarm.state}`)} ·{' '}
          {t(alarm.conditionActive ? 'alarms.detail.conditionActive' : 'alarms.detail.conditionNormal')}
        </Fact>
        <Fact term={t('alarms.detail.tier')}>
          {t(`alarms.tier.${alarm.tier}`)} · {t(`alarms.class.${alarm.defectClass}`)} ·{' '}
          <span className="hint">
            {t('alarms.detail.rule')} {alarm.ruleId}
          </span>
        </Fact>
        <Fact term={t('alarms.detail.raised')}>{at(alarm.raisedAt)}</Fact>
        {/* An acknowledgement of an earlier incident says nothing about this one. */}
        {alarm.ackedAt !== null && !isUnacknowledged(alarm) && (
          <Fact term={t('alarms.detail.acked')}>
            {t('alarms.detail.ackedBy', {
              who: alarm.ackedBy ?? '?',
              time: at(alarm.ackedAt),
            })}
          </Fact>
        )}
        {alarm.shelf && (
          <Fact term={t('alarms.detail.shelf')}>
            {t('alarms.detail.shelfText', {
              until: at(alarm.shelf.untilMs),
              reason: alarm.shelf.reason,
            })}
          </Fact>
        )}
        <CodeFact term={t('alarms.detail.suppressed')} code={alarm.suppressedBy?.id} />
        {alarm.outOfService && (
          <Fact term={t('alarms.detail.outOfService')}>{alarm.outOfService.reason}</Fact>
        )}
        {alarm.workOrderIds.length > 0 && (
          <Fact term={t('alarms.detail.workOrders')}>{alarm.workOrderIds.join(' · ')}</Fact>
        )}
      </PaneFacts>
      {alarm.outagePrompt && (
        <OutagePrompt text={t('alarms.outagePrompt')} testId="alarm-outage-prompt" onApply={onApplyOutage} />
      )}

      <ClocksSection
        clocks={alarm.clocks}
        basis={(clock) => ruleText(alarm.slaPreset, alarm.tier, clock.id)}
        empty={t('alarms.detail.noClocks')}
        testId="alarm-clocks"
        nowMs={nowMs}
      />

      <PaneSection
        title={t('alarms.detail.tierChanges')}
        empty={alarm.tierChanges.length === 0 && t('alarms.detail.noTierChanges')}
      >
        <ul className="adetail__list" data-testid="tier-changes">
          {alarm.tierChanges.map((change) => (
            <li key={change.atMs}>
              {t('alarms.detail.tierChange', {
                time: at(change.atMs),
                from: t(`alarms.tier.${change.from}`),
                to: t(`alarms.tier.${change.to}`),
                reason: change.reason,
              })}
            </li>
          ))}
        </ul>
      </PaneSection>

      {device && (
        <PaneSection title={t('alarms.detail.live')}>
          {points.length === 0 ? (
            <p className="hint">{t('alarms.detail.noLive')}</p>
          ) : (
            <dl className="adetail__live" data-testid="alarm-live">
              {points.map((p) => {
                const sample = live?.points[p.key];
                return (
                  <div key={p.key} className="facts__row" data-quality={sample?.quality}>
                    <dt>{p.label[lang]}</dt>
                    <dd>{valueText(sample?.value ?? null, p.unit, t)}</dd>
                  </div>
                );
              })}
            </dl>
          )}
          <RecentTrends client={client} deviceId={device.id} points={profile?.points ?? []} live={live} />
        </PaneSection>
      )}
    </DetailPane>
  );
}

/** The SLA clocks of an alarm or a work order, each with the sentence it keeps; `empty` says there are none. */
export function ClocksSection<C extends AlarmClockView>({
  clocks,
  basis,
  empty,
  testId,
  nowMs,
}: {
  clocks: readonly C[];
  basis(clock: C): string | undefined;
  empty: string;
  testId: string;
  nowMs: number;
}) {
  const { t } = useI18n();
  return (
    <PaneSection title={t('alarms.detail.clocks')} empty={clocks.length === 0 && empty}>
      <ul className="adetail__clocks" data-testid={testId}>
        {clocks.map((clock) => (
          <ClockLine key={clock.id} clock={clock} basis={basis(clock)} nowMs={nowMs} t={t} />
        ))}
      </ul>
    </PaneSection>
  );
}

type ClockProps = { clock: AlarmClockView; basis: string | undefined; nowMs: number; t: Translate };

/** One SLA clock: its name, time left, deadline and the seed sentence it keeps. */
export function ClockLine({ clock, basis, nowMs, t }: ClockProps) {
  const fleetClock = useFleetTime();
  const name = clockName(clock.id, t);
  if (clock.kind === 'deadline') {
    const left = clock.deadline === null ? null : clock.deadline - nowMs;
    const live = clock.stoppedAt === null && left !== null;
    const state = live && left <= 0 ? 'breached' : clock.state;
    const text =
      live && (state === 'running' || state === 'breached')
        ? t(`alarms.detail.clock.${state}`, { left: formatCountdown(Math.abs(left)) })
        : t(`alarms.detail.clock.${state}`, { left: '' });
    return (
      <li
        className="adetail__clock"
        data-clock={clock.id}
        data-state={state}
        data-stopped-at={clock.stoppedAt ?? undefined}
        title={basis}
      >
        <span>{name}</span>
        <strong>{text}</strong>
        {clock.deadline !== null && (
          <span className="hint">
            {t('alarms.detail.deadline', { time: fleetClock.when(clock.deadline, nowMs) })}
          </span>
        )}
        <BasisText basis={basis} t={t} />
      </li>
    );
  }
  const left = clock.nextDueAt === null ? null : clock.nextDueAt - nowMs;
  const state = left !== null && left <= 0 && clock.state === 'running' ? 'due' : clock.state;
  return (
    <li className="adetail__clock" data-clock={clock.id} data-state={state} title={basis}>
      <span>{name}</span>
      <strong>
        {left !== null && (state === 'running' || state === 'due')
          ? t(`alarms.detail.clock.${state}`, { left: formatCountdown(Math.abs(left)) })
          : t(`alarms.detail.clock.${state}`, { left: '' })}
      </strong>
      <span className="hint">
        {t('alarms.detail.clock.every', { every: formatCountdown(clock.everyMs) })}
      </span>
      <BasisText basis={basis} t={t} />
    </li>
  );
}

/** Shown, not only on hover: the monitor reads why the clock says so without reaching for the mouse. */
function BasisText({ basis, t }: { basis: string | undefined; t: Translate }) {
  if (!basis) return null;
  return (
    <span className="hint adetail__basis" data-testid="clock-basis">
      {t('alarms.detail.basis', { basis })}
    </span>
  );
}

/** Numbers scaled as on the wall; state names in words where the dictionary has them (gun, then device states). */
function valueText(value: number | string | null, unit: string | null, t: Translate): string {
  if (value === null) return '—';
  if (typeof value === 'string') {
    const key = dynamicKey('gun', value, dynamicKey('state', value, 'alarms.noSla'));
    return key === 'alarms.noSla' ? value : t(key);
  }
  const q = formatQuantity(value, unit);
  return `${q.text} ${q.unit}`.trim();
}
