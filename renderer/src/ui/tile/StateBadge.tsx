import type { ReactNode } from 'react';
import type { DeviceState } from '../../../../shared/api';
import { type DataAttributes, OUT_OF_SERVICE_ICON, OUT_OF_SERVICE_TONE } from './Tile';

/** Shapes repeat the colour's message for operators who cannot tell red from magenta. */
export const STATE_ICON: Partial<Record<DeviceState | typeof OUT_OF_SERVICE_TONE, string>> = {
  fault: '▲',
  'comm-lost': '⊘',
  unavailable: '◆',
  unknown: '?',
  [OUT_OF_SERVICE_TONE]: OUT_OF_SERVICE_ICON,
};

type Props = DataAttributes & {
  /** A device state or gun severity: coloured and marked with its shape when abnormal, grey otherwise. */
  state: string;
  /** Further classes, such as the quality of the reading the state comes from. */
  className?: string;
  /** The state in words, and any mark after it. */
  children: ReactNode;
};

export function StateBadge({ state, className, children, ...data }: Props) {
  const icon = STATE_ICON[state as keyof typeof STATE_ICON];
  return (
    <span className={`badge badge--${state}${className ? ` ${className}` : ''}`} data-state={state} {...data}>
      {icon && (
        <span className="badge__icon" aria-hidden="true">
          {icon}
        </span>
      )}
      {children}
    </span>
  );
}
