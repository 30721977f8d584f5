import { useCallback, useEffect, useRef, useState } from 'react';
import './handover.css';
import type { HandoverCurrent } from '../../../../shared/api/handover';
import { formatInZone } from '../../../../shared/handover/format';
import type { HandoverRecord } from '../../../../shared/handover/record';
import { useI18n } from '../../i18n/context';
import type { FleetState } from '../../state/fleet';
import { type DeskState, mayDo } from '../../state/session';
import type { DeskClient } from '../../transport';
import { Button } from '../../ui/button/Button';
import { KeyButton } from '../../ui/button/KeyButton';
import { inDialog, isTextEntry } from '../../ui/dialog/modal';
import { Checklist } from './Checklist';
import { downloadBase64 } from './download';
import { RecordView } from './RecordView';
import { SearchPanel } from './SearchPanel';
import { SignDialog, type SignMode } from './SignDialog';
import { StationField } from './StationField';

type Props = { client: DeskClient; desk: DeskState; fleet: FleetState; active: boolean };

/** A draft follows the desk: re-assembled this often while it is on screen. */
const REFRESH_MS = 30_000;

/** The signature steps in their order: the state of the record each acts on, and its key. */
const STEPS: readonly { mode: SignMode; from: HandoverRecord['state']; shortcut: string }[] = [
  { mode: 'sign', from: 'draft', shortcut: 'O' },
  { mode: 'accept', from: 'signed', shortcut: 'I' },
  { mode: 'correct', from: 'accepted', shortcut: 'C' },
];

/**
 * The shift handover: this shift's record as the desk assembles it, the
 * daily checks and notes the monitor adds, the two signatures, corrections
 * after that, search over earlier records, PDF and print.
 */
export function HandoverView({ client, desk, fleet, active }: Props) {
  const { t, lang } = useI18n();
  const [current, setCurrent] = useState<HandoverCurrent | null>(null);
  /** An earlier record opened from search or the previous-shift banner; null shows this shift. */
  const [other, setOther] = useState<HandoverRecord | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<SignMode | null>(null);
  const [note, setNote] = useState('');
  const [noteStation, setNoteStation] = useState('');
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const record = other ?? current?.record ?? null;
  const onDuty = mayDo(desk, 'handover.duty');
  /** Another desk's record, received through sync: shown and exported, never acted on here. */
  const foreign = other?.desk ?? null;
  const isCurrent = other === null || (foreign === null && other.shift.id === current?.record.shift.id);

  const reload = useCallback(async () => {
    try {
      setCurrent(await client.request('handover.current', {}));
      setError(null);
    } catch (failure) {
      setError(
        t('handover.failed', { message: failure instanceof Error ? failure.message : String(failure) }),
      );
    }
  }, [client, t]);

  const open = useCallback(
    async (shiftId: string, desk: string | null = null) => {
      try {
        setOther(await client.request('handover.get', desk === null ? { shiftId } : { shiftId, desk }));
        setError(null);
      } catch (failure) {
        setError(
          t('handover.failed', { message: failure instanceof Error ? failure.message : String(failure) }),
        );
      }
    },
    [client, t],
  );

  useEffect(() => {
    if (!active || desk.link !== 'open') return;
    void reload();
    const timer = setInterval(() => void reload(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [active, desk.link, reload]);

  const shownId = record?.shift.id ?? null;
  useEffect(
    () =>
      client.on('handover.changed', ({ shiftId }) => {
        void reload();
        if (other && other.desk === null && shiftId === other.shift.id) void open(shiftId);
      }),
    [client, reload, open, other],
  );

  const accept = (next: HandoverRecord) => {
    if (other) setOther(next);
    void reload();
  };

  const addNote = async () => {
    if (!record || note.trim() === '') return;
    try {
      accept(
        await client.request('handover.note', {
          shiftId: record.shift.id,
          text: note.trim(),
          stationId: noteStation || null,
        }),
      );
      setNote('');
      setError(null);
    } catch (failure) {
      setError(
        t('handover.error', { message: failure instanceof Error ? failure.message : String(failure) }),
      );
    }
  };

  const exportPdf = useCallback(async () => {
    if (!shownId) return;
    try {
      const pdf = await client.request(
        'handover.pdf',
        foreign === null ? { shiftId: shownId, lang } : { shiftId: shownId, desk: foreign, lang },
      );
      downloadBase64(pdf.base64, pdf.fileName, pdf.mime);
    } catch (failure) {
      setError(
        t('handover.error', { message: failure instanceof Error ? failure.message : String(failure) }),
      );
    }
  }, [client, lang, shownId, foreign, t]);

  // The one step the shown record is at, for the monitor on duty at this desk.
  const step =
    onDuty && foreign === null ? (STEPS.find((s) => s.from === record?.state)?.mode ?? null) : null;

  useEffect(() => {
    if (!active) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      if (inDialog(event.target) || isTextEntry(event.target) || dialog) return;
      const key = event.key.toLowerCase();
      const act: Record<string, () => void> = {
        n: () => noteRef.current?.focus(),
        ...Object.fromEntries(
          STEPS.map((s) => [s.shortcut.toLowerCase(), () => step === s.mode && setDialog(s.mode)]),
        ),
        p: () => void exportPdf(),
        r: () => window.print(),
        f: () => document.getElementById('ho-search-text')?.focus(),
      };
      const run = act[key];
      if (run) {
        event.preventDefault();
        run();
      } else if (event.key === 'Escape' && other) {
        setOther(null);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active, dialog, step, exportPdf, other]);

  const previous = current?.previous;
  const zone = record?.shift.timeZone ?? 'Asia/Shanghai';
  return (
    <div className="view view--handover" hidden={!active} data-testid="handover-view">
      <header className="ho-head">
        <div className="ho-head__title">
          <h2>{t('handover.title')}</h2>
          {record && (
            <>
              <span className="ho-shift" data-testid="handover-shift">
                {t('handover.shift', {
                  from: formatInZone(record.shift.startsAt, zone),
                  to: formatInZone(record.shift.endsAt, zone),
                })}
              </span>
              <span className="ho-zone">{t('handover.zone', { zone })}</span>
              <span className={`ho-state ho-state--${record.state}`} data-testid="handover-state">
                {t(`handover.state.${record.state}`)}
              </span>
            </>
          )}
        </div>
        <div className="ho-actions">
          {other && (
            <KeyButton shortcut="Esc" onClick={() => setOther(null)}>
              {t('handover.backToCurrent')}
            </KeyButton>
          )}
          {STEPS.map(({ mode, shortcut }) => (
            <KeyButton
              key={mode}
              shortcut={shortcut}
              disabled={step !== mode}
              onClick={() => setDialog(mode)}
              data-testid={`handover-${mode}`}
            >
              {t(`handover.${mode}`)}
            </KeyButton>
          ))}
          <KeyButton
            shortcut="P"
            disabled={!record}
            onClick={() => void exportPdf()}
            data-testid="handover-pdf"
          >
            {t('handover.pdf')}
          </KeyButton>
          <KeyButton shortcut="R" disabled={!record} onClick={() => window.print()}>
            {t('handover.print')}
          </KeyButton>
        </div>
      </header>
      {error && (
        <p className="banner banner--warn" role="alert" data-testid="handover-error">
          {error}
        </p>
      )}
      {other && !isCurrent && (
        <p className="ho-viewing" data-testid={foreign === null ? undefined : 'handover-foreign'}>
          {foreign === null ? t('handover.viewing') : t('handover.fromDesk', { desk: foreign })}
        </p>
      )}
      {/* Only a previous shift that recorded something is owed a handover: a fresh desk has none. */}
      {previous &&
        (previous.state === 'signed' || (previous.state === 'draft' && previous.notes > 0)) &&
        !other && (
          <p className="ho-previous" role="status" data-testid="handover-previous">
            {t('handover.previous', {
              shift: formatInZone(previous.shift.startsAt, previous.shift.timeZone),
              state: t(`handover.state.${previous.state}`),
            })}{' '}
            <Button onClick={() => void open(previous.shiftId)}>{t('handover.previous.open')}</Button>
          </p>
        )}
      <div className="ho-body">
        <main className="ho-main">
          {record ? (
            <RecordView
              record={record}
              checklist={
                record.state === 'draft' ? (
                  <Checklist
                    checks={record.snapshot.checks}
                    timeZone={zone}
                    editable={onDuty && isCurrent}
                    client={client}
                    onError={setError}
                  />
                ) : undefined
              }
            />
          ) : (
            <p className="ho-none">{t('handover.loading')}</p>
          )}
        </main>
        <aside className="ho-side">
          {record?.state === 'draft' && onDuty && foreign === null && (
            <form
              className="ho-note-form"
              onSubmit={(event) => {
                event.preventDefault();
                void addNote();
              }}
            >
              <h3>{t('handover.note.add')}</h3>
              <textarea
                className="input"
                ref={noteRef}
                rows={4}
                maxLength={4000}
                value={note}
                placeholder={t('handover.note.placeholder')}
                data-testid="handover-note"
                onChange={(e) => setNote(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && e.ctrlKey) {
                    e.preventDefault();
                    void addNote();
                  }
                }}
              />
              <StationField
                label={t('handover.note.station')}
                none={t('handover.note.noStation')}
                stations={fleet.stations}
                value={noteStation}
                onValue={setNoteStation}
              />
              <button type="submit" className="button" data-testid="handover-note-save">
                {t('handover.note.add')}
              </button>
            </form>
          )}
          <SearchPanel client={client} stations={fleet.stations} onOpen={(id, desk) => void open(id, desk)} />
          <p className="hint">{t('handover.keys')}</p>
        </aside>
      </div>
      {dialog && record && (
        <SignDialog
          mode={dialog}
          record={record}
          user={desk.session?.user ?? ''}
          client={client}
          onDone={accept}
          onClose={() => setDialog(null)}
        />
      )}
    </div>
  );
}
