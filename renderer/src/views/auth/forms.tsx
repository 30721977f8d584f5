import { type FormEvent, type ReactNode, useState } from 'react';
import { useI18n } from '../../i18n/context';
import { DeskRequestError } from '../../transport';

/** The engine's own words for a refusal, without the method name in front. */
export function explain(error: unknown): string {
  if (error instanceof DeskRequestError) return error.detail;
  return error instanceof Error ? error.message : String(error);
}

/** A form that shows the engine's refusal in place and keeps what was typed. */
export function useSubmit(action: () => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(explain(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, submit };
}

export function Field({ label, children, hint }: { label: string; children: ReactNode; hint?: string }) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the child passed in.
    <label className="auth__field">
      <span>{label}</span>
      {children}
      {hint && <small>{hint}</small>}
    </label>
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
