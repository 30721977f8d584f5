import type { FormEvent, ReactNode } from 'react';
import { useI18n } from '../../i18n/context';
import { DeskRequestError } from '../../transport';
import { useSubmit as useAction } from '../../ui/dialog/useSubmit';
import { PasswordField, TextField } from '../../ui/field/Field';

/** The cards' look of the kit's fields (auth.css). */
export const CARD_FIELD = 'auth__field';

/** The name an account signs in with. */
export function UserField({ value, onValue }: { value: string; onValue(value: string): void }) {
  const { t } = useI18n();
  return (
    <TextField
      className={CARD_FIELD}
      label={t('auth.user')}
      autoComplete="username"
      value={value}
      onValue={onValue}
      required
    />
  );
}

type SecretProps = {
  label: string;
  hint?: ReactNode;
  fresh?: boolean;
  minLength?: number;
  value: string;
  onValue(value: string): void;
};

/** A password typed into a card: the account's own (`current`) or one being set (`new`, with its rule). */
export function SecretField({ label, hint, fresh = false, minLength, value, onValue }: SecretProps) {
  return (
    <PasswordField
      className={CARD_FIELD}
      label={label}
      hint={hint}
      autoComplete={fresh ? 'new-password' : 'current-password'}
      minLength={minLength}
      value={value}
      onValue={onValue}
      required
    />
  );
}

/** A password being set (a new account's, a reset, the first admin's): the rule it must meet under it. */
export function NewPasswordField(props: Omit<SecretProps, 'hint' | 'fresh'>) {
  const { t } = useI18n();
  return <SecretField {...props} hint={t('auth.passwordRule')} fresh />;
}

/** The engine's own words for a refusal, without the method name in front. */
export function explain(error: unknown): string {
  if (error instanceof DeskRequestError) return error.detail;
  return error instanceof Error ? error.message : String(error);
}

/** A form that shows the engine's refusal in place and keeps what was typed. */
export function useSubmit(action: () => Promise<void>) {
  const form = useAction(explain);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.run(action);
  };
  return { busy: form.busy, error: form.error, setError: form.setError, submit };
}

/** The end of every auth form: the refusal if any, then the optional extra buttons and the submit button. */
export function FormFoot({
  form,
  submitLabel,
  more,
}: {
  form: { busy: boolean; error: string | null };
  submitLabel: string;
  more?: ReactNode;
}) {
  return (
    <>
      <Failure message={form.error} />
      <div className="auth__foot">
        {more}
        <button type="submit" className="button button--primary" disabled={form.busy}>
          {submitLabel}
        </button>
      </div>
    </>
  );
}

export function Failure({ message }: { message: string | null }) {
  const { t } = useI18n();
  if (!message) return null;
  return (
    <p className="auth__error" role="alert" data-testid="auth-error">
      {t('auth.failed', { message })}
    </p>
  );
}
