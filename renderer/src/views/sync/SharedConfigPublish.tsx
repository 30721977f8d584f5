import { useState } from 'react';
import type { SharedConfigPublished } from '../../../../shared/api/shared-config';
import { useI18n } from '../../i18n/context';
import type { DeskClient } from '../../transport';
import { ActionDialog } from '../../ui/dialog/ActionDialog';
import { DialogButton } from '../../ui/dialog/DialogButton';

/**
 * The admin's action in the sync panel: send this desk's roster, shifts and
 * SLA presets to the other desks as a new shared configuration revision,
 * with a reason. Says the revision and hash once the server has stored it.
 */
export function SharedConfigPublish({ client, base }: { client: DeskClient; base: number }) {
  const { t } = useI18n();
  const [done, setDone] = useState<SharedConfigPublished | null>(null);
  return (
    <span className="shared-config__publish">
      <DialogButton
        testId="shared-config-publish"
        label={t('sync.shared.publish')}
        dialog={(close) => (
          <SharedConfigPublishDialog
            base={base}
            onPublish={async (reason) => setDone(await client.request('sharedConfig.publish', { reason }))}
            onClose={close}
          />
        )}
      />
      {done && (
        <span role="status" data-testid="shared-config-published">
          {t('sync.shared.published', { revision: done.revision, hash: done.hash.slice(0, 12) })}
        </span>
      )}
    </span>
  );
}

export function SharedConfigPublishDialog({
  base,
  onPublish,
  onClose,
}: {
  /** The newest revision this desk has seen: the one the publish builds on. */
  base: number;
  onPublish(reason: string): Promise<void>;
  onClose(): void;
}) {
  const { t } = useI18n();
  return (
    <ActionDialog
      testId="shared-config-publish-dialog"
      className="shared-config"
      title={t('sync.shared.publishTitle')}
      subject={t('sync.shared.publishSubject', { base })}
      reason={{ label: t('sync.shared.publishReason'), placeholder: t('sync.shared.publishPlaceholder') }}
      confirmLabel={t('sync.shared.publishConfirm')}
      refusal={(message) => t('sync.shared.publishRefused', { message })}
      onSubmit={onPublish}
      onClose={onClose}
    >
      <p className="shared-config__note">{t('sync.shared.publishNote')}</p>
    </ActionDialog>
  );
}
