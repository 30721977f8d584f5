import { useRef, useState } from 'react';
import { useI18n } from '../../i18n/context';
import { useModal } from '../common/dialog';
import { Failure, Field, useSubmit } from './forms';
import type { Auth } from './useAuth';
import './auth.css';

type Props = {
  auth: Auth;
  /** The sign-in card was asked for from the header (e.g. after choosing to watch only). */
  signInRequested: boolean;
  onSignInDone(): void;
};

/**
 * What stands between the operator and the actions: first-start setup, the
 * sign-in card, the lock screen. Each is a modal over a dimmed, still live
 * wall: the page behind keeps updating but cannot be clicked or typed into.
 */
export function AuthOverlay({ auth, signInRequested, onSignInDone }: Props) {
  const [watchOnly, setWatchOnly] = useState(false);
  const state = auth.state;
  if (!state || state.mode === 'sandbox') return null;
  if (state.setupNeeded) return state.canSetup ? <SetupCard auth={auth} /> : <Notice />;
  if (state.locked) return <LockCard auth={auth} />;
  const signedOut = state.user === null && state.via === 'local';
  if (signInRequested || (signedOut && !watchOnly)) {
    return (
      <SignInCard
        auth={auth}
        onDone={onSignInDone}
        onWatch={() => {
          setWatchOnly(true);
          onSignInDone();
        }}
      />
    );
  }
  return null;
}

function Modal({ label, children, testId }: { label: string; children: React.ReactNode; testId: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  useModal(ref, true);
  return (
    <dialog
      ref={ref}
      className="auth"
      aria-label={label}
      data-testid={testId}
      // Esc must not dismiss a lock screen or the setup; the cards have their own buttons.
      onCancel={(event) => event.preventDefault()}
    >
      {children}
    </dialog>
  );
}

function SignInCard({ auth, onDone, onWatch }: { auth: Auth; onDone(): void; onWatch(): void }) {
  const { t } = useI18n();
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const form = useSubmit(async () => {
    await auth.run((c) => c.request('auth.login', { user: user.trim(), password }));
    setPassword('');
    onDone();
  });
  return (
    <Modal label={t('auth.signInTitle')} testId="auth-signin">
      <form className="auth__card" onSubmit={form.submit}>
        <h2>{t('auth.signInTitle')}</h2>
        <p className="auth__hint">{t('auth.signInHint')}</p>
        <Field label={t('auth.user')}>
          <input autoComplete="username" value={user} onChange={(e) => setUser(e.target.value)} required />
        </Field>
        <Field label={t('auth.password')}>
          <input
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </Field>
        <Failure message={form.error} />
        <div className="auth__foot">
          <button type="button" className="button" onClick={onWatch}>
            {t('auth.watchOnly')}
          </button>
          <button type="submit" className="button button--primary" disabled={form.busy}>
            {t('auth.signIn')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function LockCard({ auth }: { auth: Auth }) {
  const { t } = useI18n();
  const lockedUser = auth.state?.user ?? '';
  const [switching, setSwitching] = useState(false);
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const form = useSubmit(async () => {
    const name = switching ? user.trim() : lockedUser;
    await auth.run((c) => c.request('auth.unlock', { user: name, password }));
    setPassword('');
  });
  return (
    <Modal label={t('auth.lockedTitle')} testId="auth-locked">
      <form className="auth__card" onSubmit={form.submit}>
        <h2>{t('auth.lockedTitle')}</h2>
        <p className="auth__hint">{t('auth.lockedBy', { user: lockedUser })}</p>
        {switching && (
          <Field label={t('auth.user')}>
            <input autoComplete="username" value={user} onChange={(e) => setUser(e.target.value)} required />
          </Field>
        )}
        <Field label={t('auth.password')} hint={switching ? t('auth.switchHint') : undefined}>
          <input
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </Field>
        <Failure message={form.error} />
        <div className="auth__foot">
          <button
            type="button"
            className="button"
            onClick={() => {
              setSwitching(!switching);
              form.setError(null);
            }}
          >
            {switching ? t('auth.cancel') : t('auth.switchUser')}
          </button>
          <button type="submit" className="button button--primary" disabled={form.busy}>
            {switching ? t('auth.signIn') : t('auth.unlockAs', { user: lockedUser })}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function SetupCard({ auth }: { auth: Auth }) {
  const { t } = useI18n();
  const [user, setUser] = useState('admin');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const form = useSubmit(async () => {
    if (password !== again) throw new Error(t('auth.passwordMismatch'));
    await auth.run((c) => c.request('auth.setup', { user: user.trim(), password }));
  });
  return (
    <Modal label={t('auth.setupTitle')} testId="auth-setup">
      <form className="auth__card" onSubmit={form.submit}>
        <h2>{t('auth.setupTitle')}</h2>
        <p className="auth__hint">{t('auth.setupHint')}</p>
        <Field label={t('auth.user')}>
          <input autoComplete="username" value={user} onChange={(e) => setUser(e.target.value)} required />
        </Field>
        <Field label={t('auth.password')} hint={t('auth.passwordRule')}>
          <input
            type="password"
            autoComplete="new-password"
            minLength={10}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </Field>
        <Field label={t('auth.passwordAgain')}>
          <input
            type="password"
            autoComplete="new-password"
            value={again}
            onChange={(e) => setAgain(e.target.value)}
            required
          />
        </Field>
        <Failure message={form.error} />
        <div className="auth__foot">
          <button type="submit" className="button button--primary" disabled={form.busy}>
            {t('auth.setupCreate')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function Notice() {
  const { t } = useI18n();
  return (
    <p className="banner banner--warn auth__notice" role="status">
      {t('auth.setupElsewhere')}
    </p>
  );
}
