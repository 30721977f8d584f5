import { useState } from 'react';
import type { HandoverRecord } from '../../../../shared/handover/record';
import { useI18n } from '../../i18n/context';
import type { DeskClient } from '../../transport';
import { ActionDialog } from '../../ui/dialog/ActionDialog';
import { PasswordField, SelectField, TextField } from '../../ui/field/Field';
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

const FIELD = 'ho-field';

/**
 * Each signature is the person's own: name and password are entered here
 * and checked by the engine. The password is kept only while the dialog is
 * open and is never shown back.
 */
export function SignDialog({ mode, record, user: initialUser, client, onDone, onClose }: Props) {
  const { t } = useI18n();
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

  const send = async () => {
    const credentials = { shiftId: record.shift.id, user: user.trim(), password };
    try {
      onDone(
        mode === 'sign'
          ? await client.request('handover.sign', credentials)
          : mode === 'accept'
            ? await client.request('handover.accept', credentials)
            : await client.request('handover.correct', {
                ...credentials,
                text: text.trim(),
                corrects: target,
              }),
      );
    } catch (failure) {
      // A refused password is typed again, never left in the field.
      setPassword('');
      throw failure;
    }
  };

  return (
    <ActionDialog
      testId={`handover-${mode}-dialog`}
      partIds={{ confirm: 'handover-sign-confirm', error: 'handover-sign-error' }}
      className="ho-dialog"
      title={t(`handover.dialog.${mode}.title`)}
      subject={record.shift.id}
      reason={null}
      confirmLabel={t('handover.dialog.confirm')}
      busyText={t('handover.dialog.busy')}
      refusal={(message) => t('handover.error', { message })}
      // The first field still empty: the password when the name is offered, else the name or the text.
      focus="empty"
      check={() =>
        user.trim() === '' || password === '' || (mode === 'correct' && text.trim() === '')
          ? t('handover.dialog.missing')
          : null
      }
      onSubmit={send}
      onClose={onClose}
    >
      <p>{t(`handover.dialog.${mode}.intro`)}</p>
      {mode === 'correct' && (
        <>
          <SelectField
            className={FIELD}
            label={t('handover.dialog.correct.target')}
            value={target}
            options={targets}
            word={(id) => describeTarget(record, id, t)}
            testId="handover-correct-target"
            onValue={(id) => setTarget(id ?? target)}
          />
          <label className={FIELD}>
            {t('handover.dialog.correct.text')}
            <textarea
              className="input"
              rows={3}
              maxLength={4000}
              value={text}
              data-testid="handover-correct-text"
              onChange={(e) => setText(e.target.value)}
            />
          </label>
        </>
      )}
      <TextField
        className={FIELD}
        label={t('handover.dialog.user')}
        autoComplete="username"
        value={user}
        data-testid="handover-sign-user"
        onValue={setUser}
      />
      <PasswordField
        className={FIELD}
        label={t('handover.dialog.password')}
        value={password}
        data-testid="handover-sign-password"
        onValue={setPassword}
      />
    </ActionDialog>
  );
}
