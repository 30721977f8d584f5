import { useState } from 'react';
import { DEMO_RESET_CONFIRM } from '../../../../shared/api/demo';
import { can, type Role } from '../../../../shared/auth/roles';
import { useI18n } from '../../i18n/context';
import type { DeskClient } from '../../transport';
import { ActionDialog } from '../../ui/dialog/ActionDialog';
import { TextField } from '../../ui/field/Field';

type Props = { client: DeskClient; role: Role | null };

/**
 * The shift lead's way back to the demo's generated week: a typed
 * confirmation and a reason; the engine journals the request and carries
 * it out at the next start (the journal is open while the desk runs).
 */
export function DemoReset({ client, role }: Props) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [requested, setRequested] = useState(false);
  const allowed = role !== null && can(role, 'duty.approve');
  return (
    <div className="demo-reset" data-testid="demo-reset">
      <button
        type="button"
        className="button"
        disabled={!allowed}
        title={allowed ? undefined : t('demo.reset.noPermission')}
        data-testid="demo-reset-open"
        onClick={() => setOpen(true)}
      >
        {t('demo.reset.open')}
      </button>
      {requested && (
        <span role="status" data-testid="demo-reset-requested">
          {t('demo.reset.requested')}
        </span>
      )}
      {open && (
        <ActionDialog
          testId="demo-reset-dialog"
          title={t('demo.reset.title')}
          reason={{ label: t('demo.reset.reason'), placeholder: t('demo.reset.reasonHint') }}
          confirmLabel={t('demo.reset.send')}
          check={() =>
            typed.trim() === DEMO_RESET_CONFIRM
              ? null
              : t('demo.reset.confirmWrong', { phrase: DEMO_RESET_CONFIRM })
          }
          onSubmit={async (reason) => {
            await client.request('demo.reset', { confirm: DEMO_RESET_CONFIRM, reason });
            setRequested(true);
          }}
          onClose={() => {
            setOpen(false);
            setTyped('');
          }}
        >
          <p>{t('demo.reset.what')}</p>
          <TextField
            label={t('demo.reset.confirmLabel', { phrase: DEMO_RESET_CONFIRM })}
            data-testid="demo-reset-phrase"
            wide
            value={typed}
            onValue={setTyped}
          />
        </ActionDialog>
      )}
    </div>
  );
}
