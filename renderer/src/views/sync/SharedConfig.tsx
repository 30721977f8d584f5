import { useEffect, useState } from 'react';
import type { SharedConfigView } from '../../../../shared/api/shared-config';
import type { SectionChange } from '../../../../shared/sync/shared-config';
import { useI18n } from '../../i18n/context';
import { useFleetTime } from '../../i18n/fleetTime';
import type { DeskClient } from '../../transport';
import { ActionDialog } from '../../ui/dialog/ActionDialog';
import { DialogButton } from '../../ui/dialog/DialogButton';
import { DataTable, textColumn } from '../../ui/report/DataTable';

/**
 * The header's notice of a shared configuration revision from the sync
 * server that this desk has not applied: the desk keeps running on what it
 * had until an admin reviews the diff and applies it with a reason.
 */
export function SharedConfigNotice({ client, revision }: { client: DeskClient; revision: number }) {
  const { t } = useI18n();
  const [view, setView] = useState<SharedConfigView | null>(null);
  useEffect(() => {
    if (revision === 0) return;
    client.request('sharedConfig.get', {}).then(setView, (error: unknown) => {
      console.warn(error instanceof Error ? error.message : String(error));
    });
  }, [client, revision]);
  const held = view?.held;
  if (!view || !held || held.revision === view.applied?.revision) return null;
  return (
    <DialogButton
      className="button shared-config__notice"
      testId="shared-config-notice"
      label={t('sync.shared.notice', { revision: held.revision })}
      dialog={(close) => (
        <SharedConfigDialog
          view={view}
          onApply={async (reason) =>
            setView(await client.request('sharedConfig.apply', { revision: held.revision, reason }))
          }
          onClose={close}
        />
      )}
    />
  );
}

export function SharedConfigDialog({
  view,
  onApply,
  onClose,
}: {
  view: SharedConfigView;
  onApply(reason: string): Promise<void>;
  onClose(): void;
}) {
  const { t } = useI18n();
  const time = useFleetTime();
  const held = view.held;
  if (!held) return null;
  const columns = [
    textColumn<SectionChange>('section', t('sync.shared.section'), (c) =>
      t(`sync.shared.section.${c.section}`),
    ),
    textColumn<SectionChange>('change', t('sync.shared.change'), (c) => t(`sync.shared.change.${c.change}`)),
    textColumn<SectionChange>('item', t('sync.shared.item'), (c) => c.item, { rowHead: true }),
    textColumn<SectionChange>('before', t('sync.shared.before'), (c) => c.before ?? '—', {
      className: 'rp-muted',
    }),
    textColumn<SectionChange>('after', t('sync.shared.after'), (c) => c.after ?? '—'),
  ];
  return (
    <ActionDialog
      testId="shared-config"
      className="shared-config"
      title={t('sync.shared.title', { revision: held.revision })}
      subject={t('sync.shared.subject', {
        time: time.dayTime(held.receivedAt),
        applied: view.applied ? view.applied.revision : t('sync.panel.none'),
      })}
      reason={{ label: t('sync.shared.reason'), placeholder: t('sync.shared.reasonPlaceholder') }}
      confirmLabel={t('sync.shared.apply')}
      refusal={(message) => t('sync.shared.refused', { message })}
      check={() => view.problem}
      onSubmit={onApply}
      onClose={onClose}
    >
      <p className="shared-config__note">{view.problem ?? t('sync.shared.note')}</p>
      <DataTable<SectionChange>
        testId="shared-config-changes"
        rows={view.changes}
        columns={columns}
        rowKey={(c) => `${c.section}|${c.item}`}
        scroll="normal"
        empty={t('sync.shared.nothing')}
      />
    </ActionDialog>
  );
}
