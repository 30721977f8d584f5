import { type FormEvent, useState } from 'react';
import { formatInZone } from '../../../../shared/handover/format';
import type { CheckKind, CheckLine } from '../../../../shared/handover/record';
import { useI18n } from '../../i18n/context';
import type { DeskClient } from '../../transport';
import { TextField } from '../../ui/field/Field';
import { gatewayWords } from './gateways';

type Props = {
  checks: readonly CheckLine[];
  timeZone: string;
  /** False when the record is signed, is not this shift's, or this desk may not record checks. */
  editable: boolean;
  client: DeskClient;
  onError(message: string | null): void;
};

/** The daily checks of seed 001, each recorded with a result; a problem needs a note. */
export function Checklist({ checks, timeZone, editable, client, onError }: Props) {
  return (
    <ul className="ho-checks">
      {checks.map((c) => (
        <CheckRow
          key={c.check}
          line={c}
          timeZone={timeZone}
          editable={editable}
          client={client}
          onError={onError}
        />
      ))}
    </ul>
  );
}

function CheckRow({
  line,
  timeZone,
  editable,
  client,
  onError,
}: {
  line: CheckLine;
  timeZone: string;
  editable: boolean;
  client: DeskClient;
  onError(message: string | null): void;
}) {
  const { t } = useI18n();
  const kind: CheckKind = line.check;
  const [status, setStatus] = useState<'ok' | 'problem'>(line.status === 'problem' ? 'problem' : 'ok');
  const [note, setNote] = useState('');
  const [mb, setMb] = useState(line.simDataMb === null ? '' : String(line.simDataMb));
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const simDataMb = kind === 'iot-sim' && mb.trim() !== '' ? Number(mb) : null;
      await client.request('check.record', { check: kind, status, note: note.trim(), simDataMb });
      setNote('');
      onError(null);
    } catch (error) {
      onError(t('handover.error', { message: error instanceof Error ? error.message : String(error) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className="ho-check" data-check={kind} data-status={line.status} data-testid={`check-${kind}`}>
      <div className="ho-check__head">
        <strong>{t(`handover.check.${kind}`)}</strong>
        <span className={`ho-badge ho-badge--${line.status}`} data-testid={`check-${kind}-status`}>
          {t(`handover.check.${line.status}`)}
        </span>
        <span className="ho-hint">{t(`handover.check.${kind}.hint`)}</span>
      </div>
      {(line.note || line.recordedBy || line.gateways) && (
        <p className="ho-check__said">
          {line.simDataMb !== null && `${line.simDataMb} MB · `}
          {line.note}
          {gatewayWords(line, t)}
          {line.recordedBy &&
            line.recordedAt !== null &&
            ` · ${t('handover.check.by', { user: line.recordedBy, time: formatInZone(line.recordedAt, timeZone) })}`}
          {line.source === 'gateway-comms' && ` (${t('handover.check.auto')})`}
        </p>
      )}
      {editable && (
        <form className="ho-check__form" onSubmit={submit}>
          <fieldset className="ho-radios">
            <legend className="visually-hidden">{t(`handover.check.${kind}`)}</legend>
            {(['ok', 'problem'] as const).map((value) => (
              <label key={value}>
                <input
                  type="radio"
                  name={`check-${kind}`}
                  value={value}
                  checked={status === value}
                  onChange={() => setStatus(value)}
                />
                {t(`handover.check.${value}`)}
              </label>
            ))}
          </fieldset>
          {kind === 'iot-sim' && (
            <TextField
              className="ho-field ho-field--narrow"
              label={t('handover.check.simMb')}
              type="number"
              min={0}
              step="0.1"
              inputMode="decimal"
              value={mb}
              data-testid="check-iot-sim-mb"
              onValue={setMb}
            />
          )}
          <TextField
            className="ho-field"
            label={t('handover.check.note')}
            value={note}
            maxLength={2000}
            placeholder={t('handover.check.notePlaceholder')}
            data-testid={`check-${kind}-note`}
            onValue={setNote}
          />
          <button type="submit" className="button" disabled={busy} data-testid={`check-${kind}-save`}>
            {t('handover.check.save')}
          </button>
        </form>
      )}
    </li>
  );
}
