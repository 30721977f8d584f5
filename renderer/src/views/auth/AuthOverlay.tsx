import { type ReactNode, useRef, useState } from 'react';
import type { Vars } from '../../../../shared/i18n/catalogue';
import { useI18n } from '../../i18n/context';
import type { MessageKey } from '../../i18n/messages';
import { useModal } from '../../ui/dialog/modal';
import { FormFoot, NewPasswordField, SecretField, UserField, useSubmit } from './forms';
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

/** Each card's test id and words; the lock card's name the locked account (`user`). */
const CARDS = {
  signin: {
    testId: 'auth-signin',
    title: 'auth.signInTitle',
    hint: 'auth.signInHint',
    submit: 'auth.signIn',
  },
  locked: {
    testId: 'auth-locked',
    title: 'auth.lockedTitle',
    hint: 'auth.lockedBy',
    submit: 'auth.unlockAs',
  },
  setup: {
    testId: 'auth-setup',
    title: 'auth.setupTitle',
    hint: 'auth.setupHint',
    submit: 'auth.setupCreate',
  },
} as const satisfies Record<
  string,
  { testId: string; title: MessageKey; hint: MessageKey; submit: MessageKey }
>;

type CardProps = {
  kind: keyof typeof CARDS;
  /** What the card's words name. */
  vars?: Vars;
  form: ReturnType<typeof useSubmit>;
  /** Instead of the card's own submit word. */
  submitLabel?: string;
  /** Buttons before the one that submits. */
  more?: ReactNode;
  children: ReactNode;
};

/**
 * A card over the dimmed, still live wall. Esc does not dismiss it: a lock
 * screen or the setup is left only by its own buttons.
 */
function Card({ kind, vars, form, submitLabel, more, children }: CardProps) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  useModal(ref, true);
  const { testId, ...words } = CARDS[kind];
  const title = t(words.title, vars);
  return (
    <dialog
      ref={ref}
      className="auth"
      aria-label={title}
      data-testid={testId}
      onCancel={(event) => event.preventDefault()}
    >
      <form className="auth__card" onSubmit={form.submit}>
        <h2>{title}</h2>
        <p className="auth__hint">{t(words.hint, vars)}</p>
        {children}
        <FormFoot form={form} submitLabel={submitLabel ?? t(words.submit, vars)} more={more} />
      </form>
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
    <Card
      kind="signin"
      form={form}
      more={
        <button type="button" className="button" onClick={onWatch}>
          {t('auth.watchOnly')}
        </button>
      }
    >
      <UserField value={user} onValue={setUser} />
      <SecretField label={t('auth.password')} value={password} onValue={setPassword} />
    </Card>
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
    <Card
      kind="locked"
      vars={{ user: lockedUser }}
      form={form}
      submitLabel={switching ? t('auth.signIn') : undefined}
      more={
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
      }
    >
      {switching && <UserField value={user} onValue={setUser} />}
      <SecretField
        label={t('auth.password')}
        hint={switching ? t('auth.switchHint') : undefined}
        value={password}
        onValue={setPassword}
      />
    </Card>
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
    <Card kind="setup" form={form}>
      <UserField value={user} onValue={setUser} />
      <NewPasswordField label={t('auth.password')} minLength={10} value={password} onValue={setPassword} />
      <SecretField label={t('auth.passwordAgain')} fresh value={again} onValue={setAgain} />
    </Card>
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
