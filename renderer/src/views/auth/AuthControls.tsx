import { type ReactNode, useRef, useState } from 'react';
import { useI18n } from '../../i18n/context';
import { AccountsDialog } from './AccountsDialog';
import type { Auth } from './useAuth';

type Props = { auth: Auth; onSignIn(): void };

/** Who is signed in and in which role, and the buttons of a shift: lock, switch user, sign out. */
export function AuthControls({ auth, onSignIn }: Props) {
  const { t } = useI18n();
  const [accountsOpen, setAccountsOpen] = useState(false);
  const menu = useRef<HTMLDetailsElement>(null);
  const closeMenu = () => {
    if (menu.current) menu.current.open = false;
  };
  const state = auth.state;
  if (!state) return null;
  const act = (method: 'auth.lock' | 'auth.logout') => {
    auth.run((c) => c.request(method, {})).catch(() => auth.refresh());
  };
  // data-role is what the engine lets this connection do now (watch-only while locked).
  const who = (user: string, roleLabel: string) => (
    <div className="who" data-testid="session" title={t('session.label')}>
      <span className="who__user" data-testid="session-user">
        {user}
      </span>
      <span className="who__role" data-testid="session-role" data-role={state.actingAs.role}>
        {roleLabel}
      </span>
    </div>
  );
  if (state.mode === 'sandbox') {
    return (
      <div className="auth__controls" data-testid="auth-controls">
        {who(state.actingAs.user, t(`role.${state.actingAs.role}`))}
        <span className="tag auth__sandbox" data-testid="auth-sandbox">
          {t('auth.sandbox')}
        </span>
      </div>
    );
  }
  const mayHaveSignedIn = state.token === null || state.actingAs.role !== 'wallboard';
  return (
    <div className="auth__controls" data-testid="auth-controls">
      {state.user === null ? (
        <>
          {state.token ? (
            who(t('auth.token', { name: state.token }), t(`role.${state.actingAs.role}`))
          ) : (
            <div className="who" data-testid="session" title={t('session.label')}>
              <span className="who__role" data-testid="auth-who">
                {t('auth.signedOut')}
              </span>
            </div>
          )}
          {mayHaveSignedIn && (
            <button type="button" className="button" data-testid="auth-open-signin" onClick={onSignIn}>
              {t('auth.signIn')}
            </button>
          )}
        </>
      ) : (
        <>
          {state.locked && <span className="tag">{t('auth.lockedBadge')}</span>}
          <button type="button" className="button" data-testid="auth-lock" onClick={() => act('auth.lock')}>
            {t('auth.lock')}
          </button>
          {/* Shift-change actions sit behind the name, so the header stays one line at 1600 px. */}
          <details ref={menu} className="auth__menu" data-testid="auth-menu">
            <summary className="button auth__menu-button">
              {who(state.user, state.userRole ? t(`role.${state.userRole}`) : '')}
            </summary>
            <div className="auth__menu-list">
              <MenuItem testId="auth-switch" onChoose={onSignIn} onClose={closeMenu}>
                {t('auth.switchUser')}
              </MenuItem>
              {state.permissions.includes('accounts.manage') && (
                <MenuItem testId="auth-accounts" onChoose={() => setAccountsOpen(true)} onClose={closeMenu}>
                  {t('auth.accounts')}
                </MenuItem>
              )}
              <MenuItem testId="auth-logout" onChoose={() => act('auth.logout')} onClose={closeMenu}>
                {t('auth.signOut')}
              </MenuItem>
            </div>
          </details>
        </>
      )}
      {accountsOpen && <AccountsDialog auth={auth} onClose={() => setAccountsOpen(false)} />}
    </div>
  );
}

/** An item of the menu behind the name: chosen, the menu folds away so it does not cover the wall. */
function MenuItem({
  testId,
  onChoose,
  onClose,
  children,
}: {
  testId: string;
  onChoose(): void;
  onClose(): void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className="button"
      data-testid={testId}
      onClick={() => {
        onClose();
        onChoose();
      }}
    >
      {children}
    </button>
  );
}
