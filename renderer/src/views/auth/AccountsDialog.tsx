import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import type { AccountView } from '../../../../shared/api/auth';
import { type Role, Role as Roles } from '../../../../shared/auth/roles';
import { useI18n } from '../../i18n/context';
import { useFleetTime } from '../../i18n/fleetTime';
import { useModal } from '../../ui/dialog/modal';
import { SelectField, TextField } from '../../ui/field/Field';
import { whenText } from '../../ui/indicator/Indicator';
import { CARD_FIELD, explain, Failure, FormFoot, NewPasswordField, useSubmit } from './forms';
import type { Auth } from './useAuth';

/** Accounts sign in at the desk; wallboards use tokens, not accounts. */
const ACCOUNT_ROLES = Roles.options.filter((r) => r !== 'wallboard');

type Pending = { user: string; action: 'disable' | 'enable' | 'reset' } | null;

/** The admin's account page: who may sign in, in which role; every change asks why and is journalled. */
export function AccountsDialog({ auth, onClose }: { auth: Auth; onClose(): void }) {
  const { t } = useI18n();
  const time = useFleetTime();
  const ref = useRef<HTMLDialogElement>(null);
  useModal(ref, true);
  const [accounts, setAccounts] = useState<AccountView[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const { run } = auth;

  const load = useCallback(() => {
    run(async (c) => {
      const list = await c.request('account.list', {});
      setAccounts(list.accounts);
      setLoadError(null);
      return c.request('auth.state', {});
    }).catch((e: unknown) => setLoadError(explain(e)));
  }, [run]);
  useEffect(load, [load]);

  const when = (ms: number | null) => whenText(ms, time, t('auth.never'));

  return (
    <dialog
      ref={ref}
      className="auth auth--wide"
      aria-label={t('auth.accountsTitle')}
      onCancel={onClose}
      data-testid="auth-accounts-dialog"
    >
      <div className="auth__card auth__card--wide">
        <h2>{t('auth.accountsTitle')}</h2>
        <Failure message={loadError} />
        {done && (
          <p className="auth__done" role="status">
            {t('auth.done', { what: done })}
          </p>
        )}
        <table className="auth__table">
          <thead>
            <tr>
              <th scope="col">{t('auth.user')}</th>
              <th scope="col">{t('auth.role')}</th>
              <th scope="col">{t('auth.state')}</th>
              <th scope="col">{t('auth.lastLogin')}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {accounts.map((a) => (
              <tr key={a.user} data-testid={`account-${a.user}`}>
                <td>{a.user}</td>
                <td>{t(`role.${a.role}`)}</td>
                <td>
                  {a.disabled ? t('auth.disabled') : t('auth.enabled')}
                  {a.lockedUntil !== null && a.lockedUntil > Date.now() && (
                    <span className="auth__locked">
                      {' '}
                      · {t('auth.lockedUntil', { time: time.clock(a.lockedUntil) })}
                    </span>
                  )}
                </td>
                <td>{when(a.lastLoginAt)}</td>
                <td className="auth__row-actions">
                  <button
                    type="button"
                    className="button"
                    onClick={() => setPending({ user: a.user, action: a.disabled ? 'enable' : 'disable' })}
                  >
                    {a.disabled ? t('auth.enable') : t('auth.disable')}
                  </button>
                  <button
                    type="button"
                    className="button"
                    onClick={() => setPending({ user: a.user, action: 'reset' })}
                  >
                    {t('auth.reset')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {pending && (
          <ChangeForm
            auth={auth}
            pending={pending}
            onDone={(what) => {
              setPending(null);
              setDone(what);
              load();
            }}
            onCancel={() => setPending(null)}
          />
        )}
        <CreateForm
          auth={auth}
          onDone={(what) => {
            setDone(what);
            load();
          }}
        />
        <div className="auth__foot">
          <button type="button" className="button" onClick={onClose}>
            {t('auth.close')}
          </button>
        </div>
      </div>
    </dialog>
  );
}

function ChangeForm({
  auth,
  pending,
  onDone,
  onCancel,
}: {
  auth: Auth;
  pending: NonNullable<Pending>;
  onDone(what: string): void;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [password, setPassword] = useState('');
  const label = `${t(pending.action === 'reset' ? 'auth.reset' : pending.action === 'enable' ? 'auth.enable' : 'auth.disable')} ${pending.user}`;
  const form = useSubmit(async () => {
    await auth.run(async (c) => {
      if (pending.action === 'reset')
        await c.request('account.reset', { user: pending.user, password, reason });
      else
        await c.request('account.disable', {
          user: pending.user,
          disabled: pending.action === 'disable',
          reason,
        });
      return c.request('auth.state', {});
    });
    onDone(label);
  });
  return (
    <SubForm
      title={label}
      form={form}
      cancel={
        <button type="button" className="button" onClick={onCancel}>
          {t('auth.cancel')}
        </button>
      }
    >
      {pending.action === 'reset' && (
        <NewPasswordField label={t('auth.newPassword')} value={password} onValue={setPassword} />
      )}
      <ReasonField value={reason} onValue={setReason} />
    </SubForm>
  );
}

function CreateForm({ auth, onDone }: { auth: Auth; onDone(what: string): void }) {
  const { t } = useI18n();
  const [user, setUser] = useState('');
  const [role, setRole] = useState<Role>('monitor');
  const [password, setPassword] = useState('');
  const [reason, setReason] = useState('');
  const form = useSubmit(async () => {
    await auth.run(async (c) => {
      await c.request('account.create', { user: user.trim(), role, password, reason });
      return c.request('auth.state', {});
    });
    onDone(`${t('auth.create')} ${user.trim()}`);
    setUser('');
    setPassword('');
    setReason('');
  });
  return (
    <SubForm title={t('auth.create')} form={form}>
      <div className="auth__grid">
        <TextField className={CARD_FIELD} label={t('auth.user')} value={user} onValue={setUser} required />
        <SelectField
          className={CARD_FIELD}
          label={t('auth.role')}
          value={role}
          options={ACCOUNT_ROLES}
          word={(r) => t(`role.${r}`)}
          onValue={(r) => setRole(r ?? role)}
        />
        <NewPasswordField label={t('auth.password')} value={password} onValue={setPassword} />
        <ReasonField value={reason} onValue={setReason} />
      </div>
    </SubForm>
  );
}

/** A form of the accounts page, named by its heading; its submit button says the same. */
function SubForm({
  title,
  form,
  cancel,
  children,
}: {
  title: string;
  form: ReturnType<typeof useSubmit>;
  cancel?: ReactNode;
  children: ReactNode;
}) {
  return (
    <form className="auth__subform" onSubmit={form.submit} aria-label={title}>
      <h3>{title}</h3>
      {children}
      <FormFoot form={form} submitLabel={title} more={cancel} />
    </form>
  );
}

/** Every change of an account says why; the reason is journalled with it. */
function ReasonField({ value, onValue }: { value: string; onValue(value: string): void }) {
  const { t } = useI18n();
  return (
    <TextField className={CARD_FIELD} label={t('auth.reason')} value={value} onValue={onValue} required />
  );
}
