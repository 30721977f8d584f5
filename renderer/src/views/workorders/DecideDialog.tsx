import type { ApplicationView } from '../../../../shared/api';
import { useI18n } from '../../i18n/context';
import type { DeskClient } from '../../transport';
import { ActionDialog } from '../../ui/dialog/ActionDialog';
import type { ApplicationAction } from './model';
import { useRecordDialog } from './useRecordDialog';

type Props = {
  action: ApplicationAction;
  application: ApplicationView;
  subject: string;
  client: DeskClient;
  onDone(text: string): void;
  onClose(): void;
};

/**
 * A lead's approval or rejection, a withdrawal, or the resume (复投) that
 * ends an outage: a rejection and a withdrawal need a reason, the others
 * take an optional note.
 */
export function DecideDialog({ action, application, subject, client, onDone, onClose }: Props) {
  const { t } = useI18n();
  const { common, note, noteField, optionalNote, reasonStep } = useRecordDialog(
    'app',
    action,
    subject,
    onClose,
  );
  const { id } = application;
  if (action === 'reject' || action === 'withdraw')
    return reasonStep(id, (reason) => client.request(`application.${action}`, { id, reason }), onDone);
  return (
    <ActionDialog
      {...common}
      reason={null}
      onSubmit={async () => {
        if (action === 'approve') {
          await client.request('application.approve', { id: application.id, ...optionalNote() });
          onDone(t('app.done.approve', { id: application.id }));
        } else {
          const resume = await client.request('application.file', {
            kind: 'resume',
            outageId: application.id,
            note,
          });
          onDone(t('app.done.resume', { id: resume.id, outage: application.id }));
        }
      }}
    >
      {action === 'approve' && <p>{t('app.approve.effect', { kind: t(`app.kind.${application.kind}`) })}</p>}
      {action === 'resume' && <p>{t('app.resume.effect')}</p>}
      {noteField(t('wo.field.noteOptional'))}
    </ActionDialog>
  );
}
