import { type CSSProperties, memo } from 'react';
import type { Underperformance } from '../../../../shared/pv/underperformance';
import { useI18n } from '../../i18n/context';
import { useFleetTime } from '../../i18n/fleetTime';
import { formatNumber, formatQuantity } from '../../i18n/format';
import { dynamicKey } from '../../i18n/lang';
import { StateBadge } from '../../ui/tile/StateBadge';
import { BigValue, type QualityMark, Value } from '../../ui/tile/Value';
import { wallTone } from './outOfService';
import { DeviceTileFrame, FaultAlert, stateWord, type WallTileProps } from './parts';
import type { PvAssessment } from './pv';
import type { DayStart } from './usePv';

type Props = WallTileProps & {
  assessment: PvAssessment | undefined;
  verdict: Underperformance | undefined;
  dayStart: DayStart | undefined;
  referenceName: string | null;
};

/**
 * One inverter: power now against what it should deliver now, today's
 * energy and its own state. Only an inverter that stayed well below its
 * expectation long enough is coloured; the wait before that is said in grey.
 */
export const PvTile = memo(function PvTile(props: Props) {
  const { device, live, assessment, verdict, dayStart, referenceName, outOfService } = props;
  const { t } = useI18n();
  const clock = useFleetTime();
  const status = live.status;
  const state = wallTone(status?.state ?? 'unknown', outOfService);
  const flagged = !outOfService && verdict?.kind === 'flagged';
  const stateName = stateWord(t, state, outOfService);
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
    <DeviceTileFrame
      of={props}
      tone={state}
      className={flagged ? 'pvtile tile--under' : 'pvtile'}
      label={`${device.name}: ${stateName}${flagged ? ` · ${t('wall.count.flagged')}` : ''}`}
      data-verdict={verdict?.kind ?? 'not-judged'}
      head={<StateBadge state={state}>{stateName}</StateBadge>}
      foot={
        <span className="tile__comms" data-point="state">
          {t(dynamicKey('inverter', inverterState?.value, 'inverter.unknown'))} ·{' '}
          {t(dynamicKey('comms', status?.comms, 'comms.connecting'))}
        </span>
      }
    >
      <div className="pvtile__now">
        <BigValue
          point="power"
          text={actual === null ? '—' : formatNumber(actual, 1)}
          unit="kW"
          quality={actual === null ? 'missing' : 'good'}
          mark={powerMark}
        />
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
      <Verdict verdict={outOfService ? undefined : verdict} />
      <FaultAlert state={state} status={status} />
      <div className="values values--captioned">
        <Value
          caption={
            <>
              {t('pv.today')}
              {dayStart && dayStart.since > dayStart.dayBegan + 60_000 && (
                <> · {t('pv.todaySince', { time: clock.time(dayStart.since) })}</>
              )}
            </>
          }
          point="energyToday"
          text={today?.text ?? '—'}
          unit={today?.unit ?? ''}
        />
        <Value
          caption={t('pv.lifetime')}
          point="energyTotal"
          text={lifetime?.text ?? '—'}
          unit={lifetime?.unit ?? ''}
        />
      </div>
    </DeviceTileFrame>
  );
});

function Verdict({ verdict }: { verdict: Underperformance | undefined }) {
  const { t } = useI18n();
  const clock = useFleetTime();
  if (!verdict || verdict.kind === 'ok') return <div className="pvtile__verdict" />;
  if (verdict.kind === 'not-judged') return <div className="pvtile__verdict">{t('pv.notJudged')}</div>;
  const time = clock.time(verdict.since);
  return verdict.kind === 'flagged' ? (
    <div className="pvtile__verdict pvtile__verdict--flagged" data-testid="pv-flag">
      <span aria-hidden="true">▼ </span>
      {t('pv.flagged', { time })}
    </div>
  ) : (
    <div className="pvtile__verdict">{t('pv.below', { time })}</div>
  );
}
