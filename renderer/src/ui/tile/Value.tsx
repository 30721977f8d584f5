import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/context';

/**
 * good: live; stale: last known value, shown greyed; bad: the device marks
 * the value invalid, shown as a dash; missing: nothing to show.
 */
export type CellQuality = 'good' | 'stale' | 'bad' | 'missing';

/**
 * The small word beside a value of a device that still talks. A comm-lost
 * tile says it once in its banner instead of on every value.
 */
export type QualityMark = 'stale' | 'bad' | null;

/** Said in words, not only by the grey: a dimmed number alone is easy to take for a small one. */
export function Mark({ mark }: { mark: QualityMark }) {
  const { t } = useI18n();
  if (!mark) return null;
  return (
    <span className={`qmark qmark--${mark}`} data-quality-mark={mark}>
      {t(mark === 'stale' ? 'quality.stale' : 'quality.bad')}
    </span>
  );
}

type ValueProps = {
  /** The point the figure shows, as `data-point` for the tests and benches. */
  point: string;
  text: string;
  unit: string;
  /** Left out where the figure is computed on the desk rather than read. */
  quality?: CellQuality;
  mark?: QualityMark;
  caption?: ReactNode;
  /** Further classes of the value, such as the column it keeps (value--soc). */
  className?: string;
  title?: string;
};

/** A figure with its unit, its caption above when it has one, and its quality in words. */
export function Value({ point, text, unit, quality, mark = null, caption, className, title }: ValueProps) {
  return (
    <div className={className ? `value ${className}` : 'value'} title={title}>
      {caption !== undefined && <div className="value__caption">{caption}</div>}
      <span className="value__num" data-point={point} data-quality={quality}>
        {text}
      </span>
      <span className="value__unit">{unit}</span>
      <Mark mark={mark} />
    </div>
  );
}

/** The one figure of a tile large enough for the far side of the room (a gun's or an inverter's kW). */
export function BigValue({
  point,
  text,
  unit,
  quality,
  mark,
}: Required<Pick<ValueProps, 'point' | 'text' | 'unit' | 'quality' | 'mark'>>) {
  return (
    <span className={`gtile__power quality--${quality}`}>
      <span className="gtile__kw" data-point={point} data-quality={quality}>
        {text}
      </span>
      <span className="value__unit">{unit}</span>
      <Mark mark={mark} />
    </span>
  );
}
