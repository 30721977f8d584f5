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

/** A figure as a tile shows it: the number, its unit and its quality. */
type FigureProps = {
  /** The point the figure shows, as `data-point` for the tests and benches. */
  point: string;
  text: string;
  unit: string;
  /** Left out where the figure is computed on the desk rather than read. */
  quality?: CellQuality;
  mark?: QualityMark;
};

type ValueProps = FigureProps & {
  caption?: ReactNode;
  /** Further classes of the value, such as the column it keeps (value--soc). */
  className?: string;
  title?: string;
};

/** The number (in `numClass`), its unit, and the quality mark beside them. */
function Figure({ numClass, point, text, unit, quality, mark = null }: FigureProps & { numClass: string }) {
  return (
    <>
      <span className={numClass} data-point={point} data-quality={quality}>
        {text}
      </span>
      <span className="value__unit">{unit}</span>
      <Mark mark={mark} />
    </>
  );
}

/** A figure with its unit, its caption above when it has one, and its quality in words. */
export function Value({ caption, className, title, ...figure }: ValueProps) {
  return (
    <div className={className ? `value ${className}` : 'value'} title={title}>
      {caption !== undefined && <div className="value__caption">{caption}</div>}
      <Figure numClass="value__num" {...figure} />
    </div>
  );
}

/** The one figure of a tile large enough for the far side of the room (a gun's or an inverter's kW). */
export function BigValue(figure: Required<FigureProps>) {
  return (
    <span className={`gtile__power quality--${figure.quality}`}>
      <Figure numClass="gtile__kw" {...figure} />
    </span>
  );
}
