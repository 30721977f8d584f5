import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/context';
import './tile.css';

/** A tile held by an approved outage or decommission: grey, hatched, and no fault. */
export const OUT_OF_SERVICE_TONE = 'out-of-service';
export const OUT_OF_SERVICE_ICON = '⊝';

/** `data-*` attributes passed through to the element: the e2e specs and benches find tiles by them. */
export type DataAttributes = { [key: `data-${string}`]: string | number | undefined };

type TileProps = DataAttributes & {
  /** The look: a device state or gun severity with a `tile--<tone>` rule (fault, comm-lost…); grey otherwise. */
  tone: string;
  /** The tile's kind (gtile, pvtile) and any further look, such as tile--under. */
  className?: string;
  /** Read out when the tile takes focus: the device and its state in words. */
  label: string;
  /**
   * Given while the device is out of service (an approved outage or
   * decommission): what holds it and until when. The tile turns grey
   * hatched under a band saying so, whatever its own tone.
   */
  outOfService?: ReactNode;
  children: ReactNode;
};

/**
 * One tile of a status wall: a focusable article the wall walks with Tab and
 * the arrow keys, its border coloured only for abnormal tones (ISA-101).
 */
export function Tile({ tone, className, label, outOfService, children, ...data }: TileProps) {
  const out = outOfService !== undefined;
  return (
    <article
      className={`tile${className ? ` ${className}` : ''} tile--${out ? OUT_OF_SERVICE_TONE : tone}`}
      data-out-of-service={out ? 'true' : undefined}
      {...data}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the wall is read by walking its tiles with Tab and the arrow keys.
      tabIndex={0}
      aria-label={label}
    >
      {children}
      {out && (
        <div className="tile__oos" role="status">
          <span className="tile__oos-icon" aria-hidden="true">
            {OUT_OF_SERVICE_ICON}
          </span>
          {outOfService}
        </div>
      )}
    </article>
  );
}

/** The tile's name, cut with an ellipsis, and what stands beside it (a state badge, a gun number). */
export function TileHead({ name, children }: { name: string; children: ReactNode }) {
  return (
    <header className="tile__head">
      <h3 className="tile__name">{name}</h3>
      {children}
    </header>
  );
}

export type AlertTone = 'fault' | 'comm-lost';

const ALERT_ICON: Readonly<Record<AlertTone, string>> = { fault: '▲', 'comm-lost': '⊘' };

/** A banner across the tile saying what is wrong, with the shape of its state for those who cannot tell the colours apart. */
export function TileAlert({
  tone,
  role,
  children,
}: {
  tone: AlertTone;
  role?: 'status';
  children: ReactNode;
}) {
  return (
    <div className={`tile__alert tile__alert--${tone}`} role={role}>
      <span aria-hidden="true">{ALERT_ICON[tone]} </span>
      {children}
    </div>
  );
}

/**
 * The tile's last line: how the desk hears the device, and the way to its
 * controls when this operator may use them (`onControl` given).
 */
export function TileFoot({ children, onControl }: { children: ReactNode; onControl?: () => void }) {
  const { t } = useI18n();
  return (
    <footer className="tile__foot">
      {children}
      {onControl && (
        <button
          type="button"
          className="tile__control"
          data-testid="tile-control"
          title={t('control.openHint')}
          onClick={onControl}
        >
          {t('control.open')}
        </button>
      )}
    </footer>
  );
}
