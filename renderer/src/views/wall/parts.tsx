import type { DeviceState } from '../../../../shared/api';
import { useI18n } from '../../i18n/context';
import type { Cell, CellQuality, QualityMark } from './model';

/** Shapes repeat the colour's message for operators who cannot tell red from magenta. */
export const STATE_ICON: Partial<Record<DeviceState, string>> = {
  fault: '▲',
  'comm-lost': '⊘',
  unavailable: '◆',
  unknown: '?',
};

export function ValueCell({ cell, caption = false }: { cell: Cell; caption?: boolean }) {
  const { t } = useI18n();
  const label = t(cell.label);
  return (
    <div
      className={`value value--${cell.key.slice(cell.key.lastIndexOf('.') + 1)} quality--${cell.quality}`}
      title={qualityTitle(label, cell.quality)}
    >
      {caption && <div className="value__caption">{label}</div>}
      <span className="value__num" data-point={cell.key} data-quality={cell.quality}>
        {cell.text}
      </span>
      <span className="value__unit">{cell.unit}</span>
      <Mark mark={cell.mark} />
    </div>
  );
}

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

function qualityTitle(label: string, quality: CellQuality): string {
  return quality === 'good' ? label : `${label} (${quality})`;
}
