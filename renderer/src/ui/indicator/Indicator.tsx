import { Fragment, type ReactNode, useRef, useState } from 'react';
import type { FleetTime } from '../../i18n/fleetTime';
import { useModal } from '../dialog/modal';
import type { DataAttributes } from '../tile/Tile';
import './indicator.css';

/** Grey while all is well; amber when the operator should look; red only for a fault. */
export type IndicatorTone = 'normal' | 'warn' | 'fault';

/** One line of the details: a term and its value, amber or red where it is the reason for the tone. */
export type IndicatorRow = {
  term: string;
  value: ReactNode;
  tone?: 'warn' | 'fault';
  /** Paths, addresses and ids: set in a monospace face and broken anywhere. */
  code?: boolean;
  /** A further class on the value, for the tests to find it by. */
  className?: string;
};

type Props = DataAttributes & {
  /** Names the parts: test ids `<name>-indicator` and `<name>-panel`, classes for what is particular. */
  name: string;
  tone: IndicatorTone;
  /** A shape before the label, so the tone does not rest on colour alone. */
  icon: string;
  /** The indicator's words in the header. */
  label: ReactNode;
  /** The button's tooltip. */
  hint: string;
  title: string;
  closeLabel: string;
  /** A sentence above the details saying what the tone means for the operator. */
  note?: ReactNode;
  /** The details; false or null for a line that does not apply now. */
  rows: readonly (IndicatorRow | false | null)[];
};

/**
 * A word in the header that opens its details: quiet grey text while all is
 * well, coloured only when the operator should act. Enter or a click opens a
 * modal panel, Esc closes it and gives focus back to the indicator.
 */
export function Indicator({ name, tone, icon, label, hint, title, closeLabel, note, rows, ...data }: Props) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className={`indicator indicator--${tone} ${name}-indicator`}
        data-testid={`${name}-indicator`}
        {...data}
        title={hint}
        onClick={() => setOpen(true)}
      >
        <span aria-hidden="true">{icon} </span>
        {label}
      </button>
      {open && (
        <IndicatorPanel name={name} title={title} closeLabel={closeLabel} onClose={() => setOpen(false)}>
          <IndicatorDetails tone={tone} note={note} rows={rows} />
        </IndicatorPanel>
      )}
    </>
  );
}

/** The panel's content: the note, then each line that applies as a term and its value. */
export function IndicatorDetails({
  tone,
  note,
  rows,
}: {
  tone: IndicatorTone;
  note?: ReactNode;
  rows: readonly (IndicatorRow | false | null)[];
}) {
  return (
    <>
      {note && <p className={`ipanel__note${tone === 'normal' ? '' : ' ipanel__warn'}`}>{note}</p>}
      <dl>
        {rows.map(
          (row) =>
            row && (
              <Fragment key={row.term}>
                <dt>{row.term}</dt>
                <dd className={valueClass(row)}>{row.value}</dd>
              </Fragment>
            ),
        )}
      </dl>
    </>
  );
}

function IndicatorPanel({
  name,
  title,
  closeLabel,
  onClose,
  children,
}: {
  name: string;
  title: string;
  closeLabel: string;
  onClose(): void;
  children: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useModal(dialog, true);
  return (
    <dialog
      ref={dialog}
      className={`ipanel ${name}-panel`}
      aria-labelledby={`${name}-panel-title`}
      data-testid={`${name}-panel`}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={`${name}-panel-title`}>{title}</h2>
      {children}
      <button type="button" className="button" onClick={onClose}>
        {closeLabel} <kbd>Esc</kbd>
      </button>
    </dialog>
  );
}

function valueClass({ tone, code, className }: IndicatorRow): string | undefined {
  const classes = [
    tone === 'fault' ? 'ipanel__bad' : tone === 'warn' ? 'ipanel__warn' : null,
    code ? 'ipanel__code' : null,
    className ?? null,
  ].filter(Boolean);
  return classes.length > 0 ? classes.join(' ') : undefined;
}

/** A moment in the details: date and time in the fleet's zone, or the panel's word for never. */
export function whenText(at: number | null, time: FleetTime, never: string): string {
  return at === null ? never : `${time.date(at)} ${time.clock(at)}`;
}
