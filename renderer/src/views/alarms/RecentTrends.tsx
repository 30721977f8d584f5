import type { HistoryPoint } from '../../../../shared/api/history';
import type { PointInfo } from '../../../../shared/api/model';
import { useI18n } from '../../i18n/context';
import { formatQuantity } from '../../i18n/format';
import type { DeviceLive } from '../../state/fleet';
import type { DeskClient } from '../../transport';
import { RECENT_MS, SPARK_H, SPARK_W, sparkline, trendKeys } from './recentHistory';
import { useRecentHistory } from './useRecentHistory';

type Props = {
  client: DeskClient;
  deviceId: string;
  points: readonly PointInfo[];
  live: DeviceLive | null;
};

/** What led up to the alarm: the device's points that moved in the last hours, from the engine's history. */
export function RecentTrends({ client, deviceId, points, live }: Props) {
  const { t, lang } = useI18n();
  const keys = trendKeys(points, live);
  const recent = useRecentHistory(client, deviceId, keys);
  const byKey = new Map(points.map((p) => [p.key, p]));

  return (
    <>
      <h3>{t('alarms.detail.history', { hours: RECENT_MS / 3_600_000 })}</h3>
      {recent.state === 'loading' && <p className="hint">{t('alarms.detail.historyLoading')}</p>}
      {recent.state === 'failed' && (
        <p className="hint" data-testid="alarm-trends-error">
          {t('alarms.detail.historyFailed', { reason: recent.reason })}
        </p>
      )}
      {recent.state === 'ready' && recent.trends.length === 0 && (
        <p className="hint" data-testid="alarm-trends-empty">
          {t('alarms.detail.noHistory')}
        </p>
      )}
      {recent.state === 'ready' && recent.trends.length > 0 && (
        <ul
          className="adetail__trends"
          data-testid="alarm-trends"
          data-from={recent.from}
          data-to={recent.to}
        >
          {recent.trends.map(({ key, points: series }) => {
            const point = byKey.get(key);
            const last = series.at(-1)?.last ?? null;
            const q = last === null ? null : formatQuantity(last, point?.unit ?? null);
            return (
              <li key={key} data-key={key} data-points={series.length} data-first={series[0]?.ts}>
                <span>{point?.label[lang] ?? key}</span>
                <Sparkline series={series} from={recent.from} to={recent.to} />
                <span className="hint">{q ? `${q.text} ${q.unit}`.trim() : '—'}</span>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}

function Sparkline({ series, from, to }: { series: readonly HistoryPoint[]; from: number; to: number }) {
  const { line, band } = sparkline(series, from, to);
  return (
    <svg
      className="spark"
      width={SPARK_W}
      height={SPARK_H}
      viewBox={`0 0 ${SPARK_W} ${SPARK_H}`}
      aria-hidden="true"
    >
      <polygon points={band} />
      <polyline points={line} />
    </svg>
  );
}
