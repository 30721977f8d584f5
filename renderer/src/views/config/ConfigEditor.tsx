import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConfigView } from '../../../../shared/api';
import { useI18n } from '../../i18n/context';
import { type DeskState, mayDo } from '../../state/session';
import { type DeskClient, DeskRequestError } from '../../transport';
import { Button } from '../../ui/button/Button';
import { ActionDialog } from '../../ui/dialog/ActionDialog';
import { inDialog } from '../../ui/dialog/modal';
import { DemoReset } from '../demo/DemoReset';
import { AlarmRulesPanel } from './AlarmRulesPanel';
import { type Banner, BannerView } from './ConfigBanner';
import { DevicesTable, StationsTable, type TableProps } from './ConfigTables';
import { LedgerControl } from './LedgerControl';
import { type ConfigDraft, draftOf, errorsFromMessage, type FieldError, validateDraft } from './model';
import { SettingField } from './SettingField';

/** The numbers of the config as a whole, each a field of the draft and a label `config.<field>`. */
const SETTINGS = ['pollIntervalMs', 'timeoutMs'] as const;

/** Saving rewrites the file and restarts polling; give the engine time. */
const SAVE_TIMEOUT_MS = 20_000;

type Props = {
  client: DeskClient;
  desk: DeskState;
  active: boolean;
  onDirty(dirty: boolean): void;
};

export function ConfigEditor({ client, desk, active, onDirty }: Props) {
  const { t } = useI18n();
  const [view, setView] = useState<ConfigView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [draft, setDraft] = useState<ConfigDraft | null>(null);
  const [dirty, setDirty] = useState(false);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [banner, setBanner] = useState<Banner | null>(null);
  const [saveOpen, setSaveOpen] = useState(false);
  const [reloads, setReloads] = useState(0);
  const [focusField, setFocusField] = useState<{ field: string } | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;

  const editable = view?.editable === true && mayDo(desk, 'config.edit');

  useEffect(() => onDirty(dirty), [dirty, onDirty]);

  // Fresh from the engine each time the view is opened, unless that would throw away the operator's edits.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `reloads` is the Reload button's trigger.
  useEffect(() => {
    if (!active || desk.link !== 'open' || dirtyRef.current) return;
    let current = true;
    client.request('config.get', {}).then(
      (loaded) => {
        if (!current || dirtyRef.current) return;
        setView(loaded);
        setDraft(draftOf(loaded.config));
        setLoadError(null);
      },
      (error: unknown) => {
        if (current) setLoadError(error instanceof Error ? error.message : String(error));
      },
    );
    return () => {
      current = false;
    };
  }, [active, desk.link, client, reloads]);

  useEffect(() => {
    if (!focusField) return;
    const input = findField(rootRef.current, focusField.field);
    input?.focus();
    input?.scrollIntoView({ block: 'center' });
  }, [focusField]);

  const edit = (change: (draft: ConfigDraft) => ConfigDraft, field?: string) => {
    setDraft((d) => (d ? change(d) : d));
    setDirty(true);
    if (banner?.kind === 'saved') setBanner(null);
    // Fixing a field takes its mark away; added or removed rows shift every index, so all marks go.
    setErrors((es) => (field === undefined ? [] : es.filter((e) => e.field !== field)));
  };

  const startSave = useCallback(() => {
    if (!draft) return;
    const checked = validateDraft(draft);
    if (!checked.ok) {
      setErrors(checked.errors);
      setBanner({ kind: 'invalid' });
      setFocusField({ field: checked.errors[0]?.field ?? '' });
      return;
    }
    setErrors([]);
    setBanner(null);
    setSaveOpen(true);
  }, [draft]);

  useEffect(() => {
    if (!active || !editable) return;
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's' && !inDialog(event.target)) {
        // Otherwise the browser offers to save the page.
        event.preventDefault();
        startSave();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active, editable, startSave]);

  const save = async (reason: string) => {
    if (!draft) return;
    const checked = validateDraft(draft);
    if (!checked.ok) return;
    try {
      const saved = await client.request(
        'config.update',
        { config: checked.config, reason },
        { timeoutMs: SAVE_TIMEOUT_MS },
      );
      setView(saved);
      setDraft(draftOf(saved.config));
      setDirty(false);
      setErrors([]);
      setBanner({ kind: 'saved', at: Date.now() });
    } catch (error) {
      if (error instanceof DeskRequestError && (error.code === 'invalid' || error.code === 'bad-params')) {
        const found = errorsFromMessage(error.detail);
        setErrors(found);
        setBanner({ kind: 'rejected', code: error.code, message: error.detail });
        if (found[0]) setFocusField({ field: found[0].field });
      } else if (error instanceof DeskRequestError && error.code === 'forbidden') {
        setBanner({ kind: 'forbidden' });
      } else {
        setBanner({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
      }
    } finally {
      setSaveOpen(false);
    }
  };

  const discard = () => {
    setDirty(false);
    dirtyRef.current = false;
    setErrors([]);
    setBanner(null);
    setReloads((n) => n + 1);
  };

  const role = desk.session ? t(`role.${desk.session.role}`) : '?';
  /** What the draft's tables share besides the draft itself. */
  const tables = { errors, editable, edit, onAdded: setFocusField } satisfies Omit<TableProps, 'draft'>;

  return (
    <div className="view view--config config" hidden={!active} ref={rootRef} data-testid="config-view">
      <header className="config__head">
        <h2>{t('config.title')}</h2>
        {view && !editable && (
          <span className="tag" data-testid="config-readonly">
            {t('config.readOnly')}
          </span>
        )}
        {view && (
          <span className="config__path">
            {t('config.file')}:{' '}
            <code className="code" data-testid="config-path">
              {view.path ?? t('config.inMemory')}
            </code>
          </span>
        )}
        {dirty && (
          <span className="config__dirty" data-testid="config-dirty">
            ● {t('config.unsaved')}
          </span>
        )}
        <span className="config__spacer" />
        {view && (
          <Button testId="config-reload" onClick={discard}>
            {t(dirty ? 'config.discard' : 'config.reload')}
          </Button>
        )}
        {editable && (
          <Button primary testId="config-save" title={t('config.keys')} onClick={startSave}>
            {t('config.save')}
          </Button>
        )}
      </header>

      {loadError && (
        <div className="banner banner--warn" role="alert" data-testid="config-load-error">
          {t('config.loadError', { message: loadError })}
        </div>
      )}
      {view && !view.editable && (
        <div className="banner banner--info" data-testid="config-why">
          {/* The engine says why in English; the one case it is known to say it, the demo, is said in both languages. */}
          {t('config.notEditable', {
            why: desk.info?.fleet === 'demo' ? t('config.demoWhy') : (view.why ?? ''),
          })}
        </div>
      )}
      {desk.info?.fleet === 'demo' && <DemoReset client={client} role={desk.session?.role ?? null} />}
      {view?.editable && !editable && (
        <div className="banner banner--info" data-testid="config-why">
          {t('config.noPermission', { role })}
        </div>
      )}
      {banner && draft && (
        <BannerView banner={banner} errors={errors} draft={draft} role={role} onFocus={setFocusField} />
      )}

      {!view && !loadError && <p className="config__loading">{t('config.loading')}</p>}

      {view && draft && (
        <>
          <section className="config__settings">
            {SETTINGS.map((field) => (
              <SettingField
                key={field}
                label={t(`config.${field}`)}
                field={field}
                value={draft[field]}
                readOnly={!editable}
                errors={errors}
                onChange={(v) => edit((d) => ({ ...d, [field]: v }), field)}
              />
            ))}
            {/* The demo fleet's access is not in its config, so what the config says would be wrong there. */}
            {view.editable && (
              <div className="setting">
                <span className="setting__label">{t('config.localRole')}</span>
                <span className="setting__value">{t(`role.${draft.access.localRole}`)}</span>
              </div>
            )}
          </section>

          <LedgerControl client={client} editable={editable} dirty={dirty} onApplied={discard} />
          <StationsTable draft={draft} {...tables} />
          <DevicesTable draft={draft} view={view} {...tables} />
          <AlarmRulesPanel draft={draft} {...tables} />
        </>
      )}

      {saveOpen && view && draft && (
        <ActionDialog
          testId="config-save-dialog"
          partIds={{ confirm: 'config-save-confirm', cancel: 'config-save-cancel' }}
          title={t('config.saveTitle')}
          reason={{
            label: t('config.reason'),
            placeholder: t('config.reasonPlaceholder'),
            testId: 'config-reason',
          }}
          confirmLabel={t('config.saveConfirm')}
          busyText={t('config.saving')}
          onSubmit={save}
          onClose={() => setSaveOpen(false)}
        >
          <p>
            {t('config.saveSummary', {
              stations: draft.stations.length,
              devices: draft.devices.length,
              path: view.path ?? '',
            })}
          </p>
        </ActionDialog>
      )}
    </div>
  );
}

/** The input for a field, or for a row or table problem the first input inside it. */
function findField(root: HTMLElement | null, field: string): HTMLElement | null {
  if (!root || !field) return null;
  const key = CSS.escape(field);
  return (
    root.querySelector<HTMLElement>(`:is(input, select)[data-field="${key}"]`) ??
    root.querySelector<HTMLElement>(`:is(input, select)[data-field^="${key}."]`)
  );
}
