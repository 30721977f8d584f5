import type { Evidence } from '../../../../shared/warning/model';
import { useChartWidth } from '../../ui/chart/useChartWidth';

const HEIGHT = 220;
const PAD = { left: 56, right: 12, top: 12, bottom: 24 };

/** The days the detector saw, its expected band shaded behind them: why the warning was raised, at a glance. */
export function EvidenceChart({ evidence, label }: { evidence: Evidence; label: string }) {
  const [ref, width] = useChartWidth();
  const points = evidence.points;
  const values = points.flatMap((p) => [p.value, p.lo, p.hi]).filter((v): v is number => v !== null);
  const lo = Math.min(...values, 0);
  const hi = Math.max(...values, 1);
  const plotW = Math.max(1, width - PAD.left - PAD.right);
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (points.length <= 1 ? 0 : (i / (points.length - 1)) * plotW);
  const y = (v: number) => PAD.top + plotH - ((v - lo) / (hi - lo || 1)) * plotH;
  const band = points.flatMap((p, i) => (p.lo !== null && p.hi !== null ? [{ i, lo: p.lo, hi: p.hi }] : []));
  const bandPath =
    band.length > 0
      ? `M${band.map((b) => `${x(b.i)},${y(b.hi)}`).join(' L')} L${[...band]
          .reverse()
          .map((b) => `${x(b.i)},${y(b.lo)}`)
          .join(' L')} Z`
      : null;
  const line = points
    .map((p, i) => (p.value === null ? null : `${x(i)},${y(p.value)}`))
    .reduce<string[]>((segments, at, i) => {
      if (at === null) return segments;
      const joined = i > 0 && points[i - 1]?.value !== null && segments.length > 0;
      if (joined) segments[segments.length - 1] += ` L${at}`;
      else segments.push(`M${at}`);
      return segments;
    }, []);
  const outside = (p: (typeof points)[number]) =>
    p.value !== null && ((p.hi !== null && p.value > p.hi) || (p.lo !== null && p.value < p.lo));
  return (
    <div ref={ref} className="warnchart" data-testid="warning-chart">
      {width > 0 && (
        <svg width={width} height={HEIGHT} role="img" aria-label={label}>
          {bandPath && <path d={bandPath} className="warnchart__band" data-testid="warning-band" />}
          <line x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={PAD.top + plotH} className="warnchart__axis" />
          <line
            x1={PAD.left}
            x2={PAD.left + plotW}
            y1={PAD.top + plotH}
            y2={PAD.top + plotH}
            className="warnchart__axis"
          />
          <text x={PAD.left - 6} y={PAD.top + 12} className="warnchart__tick" textAnchor="end">
            {round(hi)}
          </text>
          <text x={PAD.left - 6} y={PAD.top + plotH} className="warnchart__tick" textAnchor="end">
            {round(lo)}
          </text>
          {line.map((d) => (
            <path key={d} d={d} className="warnchart__line" />
          ))}
          {points.map((p, i) =>
            p.value === null ? null : (
              <circle
                key={p.atMs}
                cx={x(i)}
                cy={y(p.value)}
                r={outside(p) ? 5 : 3}
                className={outside(p) ? 'warnchart__dot warnchart__dot--out' : 'warnchart__dot'}
              />
            ),
          )}
        </svg>
      )}
    </div>
  );
}

function round(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3);
}
