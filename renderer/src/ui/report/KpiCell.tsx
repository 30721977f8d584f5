import type { ReactNode } from 'react';
import type { DataAttributes } from '../tile/Tile';
import './report.css';

type Props = DataAttributes & {
  name: ReactNode;
  value: ReactNode;
  unit?: string;
  /** missed or abnormal: red; near: an amber edge; anything else grey. */
  tone?: string;
  /** A value in words rather than a figure: smaller, and allowed to wrap. */
  text?: boolean;
  testId?: string;
  title?: string;
  /** What stands under the value: its target and verdict. */
  children?: ReactNode;
};

/** One figure of a report, large enough to read across the room, under its name. */
export function KpiCell({ name, value, unit, tone, text = false, testId, title, children, ...data }: Props) {
  return (
    <div
      className={tone ? `rp-tile rp-tile--${tone}` : 'rp-tile'}
      data-testid={testId}
      {...data}
      title={title}
    >
      <div className="rp-tile__name">{name}</div>
      <div className={text ? 'rp-tile__value rp-tile__value--text' : 'rp-tile__value'}>
        {value} {unit && <span className="rp-unit">{unit}</span>}
      </div>
      {children}
    </div>
  );
}

/** Figures side by side, as many to a row as fit; compact for plain counts. */
export function KpiGrid({ compact = false, children }: { compact?: boolean; children: ReactNode }) {
  return <div className={compact ? 'rp-tiles rp-tiles--counts' : 'rp-tiles'}>{children}</div>;
}

/** A titled part of a report. */
export function Panel({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <section className="rp-panel" data-testid={testId}>
      <h3>{title}</h3>
      {children}
    </section>
  );
}
