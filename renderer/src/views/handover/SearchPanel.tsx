import { type FormEvent, useState } from 'react';
import type { Station } from '../../../../shared/api/model';
import { formatInZone } from '../../../../shared/handover/format';
import type { HandoverSummary } from '../../../../shared/handover/record';
import { localToInstant } from '../../../../shared/handover/schedule';
import { useI18n } from '../../i18n/context';
import { useFleetTime } from '../../i18n/fleetTime';
import type { DeskClient } from '../../transport';
import { TextField } from '../../ui/field/Field';
import { StationField } from './StationField';

type Props = {
  client: DeskClient;
  stations: readonly Station[];
  /** `desk` names another desk whose record it is (null: this desk's own). */
  onOpen(shiftId: string, desk: string | null): void;
};

/** The fleet's midnight of a yyyy-mm-dd date field, `days` later: records are dated in fleet time. */
function fleetMidnight(value: string, timeZone: string, days = 0): number {
  const [y = 0, m = 1, d = 1] = value.split('-').map(Number);
  return localToInstant({ y, m, d: d + days }, 0, timeZone);
}

/** Finds handover records by date range, station and text; each result opens its record. */
export function SearchPanel({ client, stations, onOpen }: Props) {
  const { t } = useI18n();
  const { timeZone } = useFleetTime();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [stationId, setStationId] = useState('');
  const [text, setText] = useState('');
  const [found, setFound] = useState<{ results: HandoverSummary[]; more: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const search = async (event: FormEvent) => {
    event.preventDefault();
    try {
      setFound(
        await client.request('handover.search', {
          ...(from ? { from: fleetMidnight(from, timeZone) } : {}),
          ...(to ? { to: fleetMidnight(to, timeZone, 1) } : {}),
          ...(stationId ? { stationId } : {}),
          ...(text.trim() ? { text: text.trim() } : {}),
        }),
      );
      setError(null);
    } catch (failure) {
      setError(
        t('handover.error', { message: failure instanceof Error ? failure.message : String(failure) }),
      );
    }
  };

  return (
    <section className="ho-search" aria-labelledby="ho-search-title">
      <h3 id="ho-search-title">{t('handover.search')}</h3>
      <form onSubmit={search} className="ho-search__form">
        <DayField label={t('handover.search.from')} value={from} onValue={setFrom} />
        <DayField label={t('handover.search.to')} value={to} onValue={setTo} />
        <StationField
          label={t('handover.search.station')}
          none={t('handover.search.anyStation')}
          stations={stations}
          value={stationId}
          onValue={setStationId}
        />
        <TextField
          className="ho-field"
          label={t('handover.search.text')}
          id="ho-search-text"
          data-testid="handover-search-text"
          value={text}
          maxLength={200}
          onValue={setText}
        />
        <button type="submit" className="button" data-testid="handover-search-go">
          {t('handover.search.go')}
        </button>
      </form>
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
      {found && (
        <ul className="ho-results" data-testid="handover-results">
          {found.results.length === 0 && <li className="ho-none">{t('handover.search.empty')}</li>}
          {found.results.map((r) => (
            <li key={`${r.desk ?? ''}/${r.shiftId}`}>
              <button
                type="button"
                className="ho-result"
                onClick={() => onOpen(r.shiftId, r.desk)}
                data-testid="handover-result"
                data-desk={r.desk ?? undefined}
              >
                {r.desk !== null && (
                  <span className="ho-desk" data-testid="handover-result-desk">
                    {t('handover.search.desk', { desk: r.desk })}
                  </span>
                )}
                <span>
                  {t('handover.search.result', {
                    shift: formatInZone(r.shift.startsAt, r.shift.timeZone),
                    state: t(`handover.state.${r.state}`),
                    alarms: r.openAlarms,
                    offline: r.offline,
                    notes: r.notes,
                  })}
                </span>
                {r.excerpt && <span className="ho-excerpt">{r.excerpt}</span>}
              </button>
            </li>
          ))}
          {found.more && (
            <li className="ho-none">{t('handover.search.more', { n: found.results.length })}</li>
          )}
        </ul>
      )}
    </section>
  );
}

/** The first or the last day searched, a calendar date in the fleet's zone. */
function DayField({ label, value, onValue }: { label: string; value: string; onValue(value: string): void }) {
  return (
    <TextField
      className="ho-field ho-field--narrow"
      label={label}
      type="date"
      value={value}
      onValue={onValue}
    />
  );
}
