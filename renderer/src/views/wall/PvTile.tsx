import { type CSSProperties, memo } from 'react';
import type { Device } from '../../../../shared/api';
import type { Underperformance } from '../../../../shared/pv/underperformance';
import { useI18n } from '../../i18n/context';
import { formatClock, formatNumber, formatQuantity } from '../../i18n/format';
import { dynamicKey } from '../../i18n/lang';
import type { DeviceLive } from '../../state/fleet';
import { describeFaults, type QualityMark } from './model';
import { Mark, STATE_ICON } from './parts';
import type { PvAssessment } from './pv';
import type { DayStart } from './usePv';

type Props = {
  device: Device;
  live: DeviceLive;
  assessment: PvAssessment | undefined;
  verdict: Underperformance | undefined;
  dayStart: DayStart | undefined;
  referenceName: string | null;
  controllable: boolean;
  onControl(deviceId: string): void;
};

/**
 * One inverter: power now against what it should deliver now, today's
 * energy and its own state. Only an inverter that stayed well below its
 * expectation long enough is coloured; the wait before that is said in grey.
 */
export const PvTile = memo(function PvTile({
  device,
  live,
  assessment,
  verdict,
  dayStart,
  referenceName,
  controllable,
  onControl,
}: Props) {
  const { t } = useI18n();
  const status = live.status;
  const state = status?.state ?? 'unknown';
  const flagged = verdict?.kind === 'flagged';
  const stateName = t(dynamicKey('state', state, 'state.unknown'));
  const actual = assessment?.actualKw ?? null;
  const expected = assessment?.expected.kw ?? 0;
  const ratio = actual !== null && expected > 0 ? actual / expected : null;
  const power = live.points.power;
  const powerMark: QualityMark =
    power?.quality === 'bad' ? 'bad' : power?.quality === 'stale' && state !== 'comm-lost' ? 'stale' : null;
  const energy = live.points.energyTotal;
  const lifetime = typeof energy?.value === 'number' ? formatQuantity(energy.value, 'Wh') : null;
  const today =
    typeof energy?.value === 'number' && dayStart
      ? formatQuantity(Math.max(0, energy.value - dayStart.wh), 'Wh')
      : null;
  const inverterState = live.points.state;
  const fill = ratio === null ? 0 : Math.min(1, ratio);
  return (
    <article
      className={`tile pvtile tile--${state}${flagged ? ' tile--under' : ''}`}
      data-device-id={device.id}
      data-kind={device.kind}
      data-verdict={verdict?.kind ?? 'not-judged'}
      data-controllable={controllable ? 'true' : undefined}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the wall is read by walking its tiles with Tab and the arrow keys.
      tabIndex={0}
      aria-label={`${device.name}: ${stateName}${flagged ? ` · ${t('wall.count.flagged')}` : ''}`}
    >
      <header className="tile__head">
        <h3 className="tile__name">{device.name}</h3>
        <span className={`badge badge--${state}`} data-state={state}>
          {STATE_ICON[state] && (
            <span className="badge__icon" aria-hidden="true">
              {STATE_ICON[state]}
            </span>
          )}
          {stateName}
        </span>
      </header>
      <div className="pvtile__now">
        <span className="gtile__power">
          <span className="gtile__kw" data-point="power" data-quality={actual === null ? 'missing' : 'good'}>
            {actual === null ? '—' : formatNumber(actual, 1)}
          </span>
          <span className="value__unit">kW</span>
          <Mark mark={powerMark} />
        </span>
        <span className="pvtile__expected" data-expected-kw={expected.toFixed(2)}>
          {t('pv.expected')} {formatNumber(expected, 1)} kW
        </span>
        <span className="pvtile__ratio" data-ratio={ratio === null ? '' : ratio.toFixed(2)}>
          {ratio === null ? '—' : `${formatNumber(ratio * 100, 0)} %`}
        </span>
      </div>
      <div
        className={`pvbar${flagged ? ' pvbar--under' : ''}`}
        style={{ '--fill': fill } as CSSProperties}
        aria-hidden="true"
      >
        <span className="pvbar__fill" />
        <span className="pvbar__mark" />
      </div>
      <div className="pvtile__basis">
        {assessment?.expected.basis === 'reference'
          ? t('pv.basis.reference', { name: referenceName ?? assessment.expected.referenceId ?? '' })
          : t('pv.basis.clearSky', { derating: formatNumber(assessment?.expected.derating ?? 0, 2) })}
      </div>
      <Verdict verdict={verdict} />
      {state === 'fault' && status && status.faults.length > 0 && (
        <div className="tile__alert tile__alert--fault">
          <span aria-hidden="true">▲ </span>
          {describeFaults(status.faults, t)}
        </div>
      )}
      <div className="values values--captioned">
        <div className="value">
          <div className="value__caption">
            {t('pv.today')}
            {dayStart && dayStart.since > dayStart.dayBegan + 60_000 && (
              <> · {t('pv.todaySince', { time: formatClock(dayStart.since).slice(0, 5) })}</>
            )}
          </div>
          <span className="value__num" data-point="energyToday">
            {today?.text ?? '—'}
          </span>
          <span className="value__unit">{today?.unit ?? ''}</span>
        </div>
        <div className="value">
          <div className="value__caption">{t('pv.lifetime')}</div>
          <span className="value__num" data-point="energyTotal">
            {lifetime?.text ?? '—'}
          </span>
          <span className="value__unit">{lifetime?.unit ?? ''}</span>
        </div>
      </div>
      <footer className="tile__foot">
        <span className="tile__comms" data-point="state">
          {t(dynamicKey('inverter', inverterState?.value, 'inverter.unknown'))} ·{' '}
          {t(dynamicKey('comms', status?.comms, 'comms.connecting'))}
        </span>
        {controllable && (
          <button
            type="button"
            className="tile__control"
            data-testid="tile-control"
            title={t('control.openHint')}
            onClick={() => onControl(device.id)}
          >
            {t('control.open')}
          </button>
        )}
      </footer>
    </article>
  );
});

function Verdict({ verdict }: { verdict: Underperformance | undefined }) {
  const { t } = useI18n();
  if (!verdict || verdict.kind === 'ok') return <div className="pvtile__verdict" />;
  if (verdict.kind === 'not-judged') return <div className="pvtile__verdict">{t('pv.notJudged')}</div>;
  const time = formatClock(verdict.since).slice(0, 5);
  return verdict.kind === 'flagged' ? (
    <div className="pvtile__verdict pvtile__verdict--flagged" data-testid="pv-flag">
      <span aria-hidden="true">▼ </span>
      {t('pv.flagged', { time })}
    </div>
  ) : (
    <div className="pvtile__verdict">{t('pv.below', { time })}</div>
  );
}
