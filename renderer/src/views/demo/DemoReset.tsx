import { useState } from 'react';
import { DEMO_RESET_CONFIRM } from '../../../../shared/api/demo';
import { can, type Role } from '../../../../shared/auth/roles';
import { useI18n } from '../../i18n/context';
import type { DeskClient } from '../../transport';
import { ActionDialog } from '../../ui/dialog/ActionDialog';
import { DialogButton } from '../../ui/dialog/DialogButton';
import { TextField } from '../../ui/field/Field';

type Props = { client: DeskClient; role: Role | null };

/**
 * The shift lead's way back to the demo's generated week: a typed
 * confirmation and a reason; the engine journals the request and carries
 * it out at the next start (the journal is open while the desk runs).
 */
export function DemoReset({ client, role }: Props) {
  const { t } = useI18n();
  const [requested, setRequested] = useState(false);
  const allowed = role !== null && can(role, 'duty.approve');
  return (
    <div className="demo-reset" data-testid="demo-reset">
      <DialogButton
        label={t('demo.reset.open')}
        testId="demo-reset-open"
        refused={allowed ? null : t('demo.reset.noPermission')}
        done={requested ? { text: t('demo.reset.requested'), testId: 'demo-reset-requested' } : null}
        dialog={(close) => (
          <DemoResetDialog client={client} onRequested={() => setRequested(true)} onClose={close} />
        )}
      />
    </div>
  );
}

/** The typed phrase and the reason; the phrase starts empty each time the dialog opens. */
function DemoResetDialog({
  client,
  onRequested,
  onClose,
}: {
  client: DeskClient;
  onRequested(): void;
  onClose(): void;
}) {
  const { t } = useI18n();
  const [typed, setTyped] = useState('');
  return (
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
        onRequested();
      }}
      onClose={onClose}
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
  );
}
