import { type FormEvent, useEffect, useRef, useState } from 'react';
import type { HandoverRecord } from '../../../../shared/handover/record';
import { useI18n } from '../../i18n/context';
import type { DeskClient } from '../../transport';
import { useModal } from '../common/dialog';
import { describeTarget } from './RecordView';

export type SignMode = 'sign' | 'accept' | 'correct';

type Props = {
  mode: SignMode;
  record: HandoverRecord;
  /** Offered as the user name: usually the person signed in at this desk. */
  user: string;
  client: DeskClient;
  onDone(record: HandoverRecord): void;
  onClose(): void;
};

/**
 * Each signature is the person's own: name and password are entered here
 * and checked by the engine. The password is kept only while the dialog is
 * open and is never shown back.
 */
export function SignDialog({ mode, record, user: initialUser, client, onDone, onClose }: Props) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const [user, setUser] = useState(mode === 'accept' ? '' : initialUser);
  const [password, setPassword] = useState('');
  const [text, setText] = useState('');
  const targets = [
    record.acceptance?.eventId,
    record.signature?.eventId,
    ...record.notes.map((n) => n.id),
    ...record.corrections.map((c) => c.eventId),
  ].filter((id): id is string => id !== undefined);
  const [target, setTarget] = useState(targets[0] ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useModal(ref, true);
  useEffect(() => {
    // The first field still empty: the password when the name is offered, else the name or the text.
    const fields = [
      ...(ref.current?.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea') ?? []),
    ];
    (fields.find((f) => f.value === '') ?? fields[0])?.focus();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (user.trim() === '' || password === '' || (mode === 'correct' && text.trim() === '')) {
      setError(t('handover.dialog.missing'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const shiftId = record.shift.id;
      const credentials = { shiftId, user: user.trim(), password };
      const next =
        mode === 'sign'
          ? await client.request('handover.sign', credentials)
          : mode === 'accept'
            ? await client.request('handover.accept', credentials)
            : await client.request('handover.correct', {
                ...credentials,
                text: text.trim(),
                corrects: target,
              });
      onDone(next);
      onClose();
    } catch (failure) {
      setPassword('');
      setError(
        t('handover.error', { message: failure instanceof Error ? failure.message : String(failure) }),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog
      ref={ref}
      className="control ho-dialog"
      data-testid={`handover-${mode}-dialog`}
      aria-labelledby="ho-sign-title"
      aria-busy={busy}
      onCancel={(event) => {
        if (busy) event.preventDefault();
      }}
      onClose={onClose}
    >
      <form onSubmit={submit} noValidate>
        <header className="control__head">
          <h2 id="ho-sign-title">{t(`handover.dialog.${mode}.title`)}</h2>
          <p className="control__where">{record.shift.id}</p>
        </header>
        <div className="control__body">
          <p>{t(`handover.dialog.${mode}.intro`)}</p>
          {mode === 'correct' && (
            <>
              <label className="ho-field">
                {t('handover.dialog.correct.target')}
                <select
                  value={target}
                  onChange={(e) => setTarget(e.target.value)}
                  data-testid="handover-correct-target"
                >
                  {targets.map((id) => (
                    <option key={id} value={id}>
                      {describeTarget(record, id, t)}
                    </option>
                  ))}
                </select>
              </label>
              <label className="ho-field">
                {t('handover.dialog.correct.text')}
                <textarea
                  rows={3}
                  maxLength={4000}
                  value={text}
                  data-testid="handover-correct-text"
                  onChange={(e) => setText(e.target.value)}
                />
              </label>
            </>
          )}
          <label className="ho-field">
            {t('handover.dialog.user')}
            <input
              id="ho-sign-user"
              autoComplete="username"
              value={user}
              data-testid="handover-sign-user"
              onChange={(e) => setUser(e.target.value)}
            />
          </label>
          <label className="ho-field">
            {t('handover.dialog.password')}
            <input
              id="ho-sign-password"
              type="password"
              autoComplete="current-password"
              value={password}
              data-testid="handover-sign-password"
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          {error && (
            <p className="field__error" role="alert" data-testid="handover-sign-error">
              {error}
            </p>
          )}
          {busy && (
            <p className="hint" role="status">
              {t('handover.dialog.busy')}
            </p>
          )}
        </div>
        <footer className="control__foot">
          <span className="hint">{t('handover.dialog.keys')}</span>
          <button type="button" className="button" onClick={onClose}>
            {t('handover.dialog.cancel')}
          </button>
          <button
            type="submit"
            className="button button--primary"
            disabled={busy}
            data-testid="handover-sign-confirm"
          >
            {t('handover.dialog.confirm')}
          </button>
        </footer>
      </form>
    </dialog>
  );
}
