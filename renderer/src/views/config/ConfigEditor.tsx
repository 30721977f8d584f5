import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import type { ConfigView } from '../../../../shared/api';
import { useI18n } from '../../i18n/context';
import { formatClock } from '../../i18n/format';
import { dynamicKey, type Translate } from '../../i18n/lang';
import type { MessageKey } from '../../i18n/messages';
import { type DeskState, mayDo } from '../../state/session';
import { type DeskClient, DeskRequestError } from '../../transport';
import { inDialog, useModal } from '../common/dialog';
import {
  type ConfigDraft,
  type DeviceRow,
  draftOf,
  errorAt,
  errorsFromMessage,
  type FieldError,
  newDevice,
  newStation,
  rowHasError,
  type StationRow,
  validateDraft,
} from './model';

/** Saving rewrites the file and restarts polling; give the engine time. */
const SAVE_TIMEOUT_MS = 20_000;

type Banner =
  | { kind: 'invalid' }
  | { kind: 'rejected'; code: string; message: string }
  | { kind: 'forbidden' }
  | { kind: 'failed'; message: string }
  | { kind: 'saved'; at: number };

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
            {t('config.file')}: <code data-testid="config-path">{view.path ?? t('config.inMemory')}</code>
          </span>
        )}
        {dirty && (
          <span className="config__dirty" data-testid="config-dirty">
            ● {t('config.unsaved')}
          </span>
        )}
        <span className="config__spacer" />
        {view && (
          <button type="button" className="button" data-testid="config-reload" onClick={discard}>
            {t(dirty ? 'config.discard' : 'config.reload')}
          </button>
        )}
        {editable && (
          <button
            type="button"
            className="button button--primary"
            data-testid="config-save"
            title={t('config.keys')}
            onClick={startSave}
          >
            {t('config.save')}
          </button>
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
            <TextField
              label={t('config.pollIntervalMs')}
              field="pollIntervalMs"
              value={draft.pollIntervalMs}
              readOnly={!editable}
              errors={errors}
              onChange={(v) => edit((d) => ({ ...d, pollIntervalMs: v }), 'pollIntervalMs')}
            />
            <TextField
              label={t('config.timeoutMs')}
              field="timeoutMs"
              value={draft.timeoutMs}
              readOnly={!editable}
              errors={errors}
              onChange={(v) => edit((d) => ({ ...d, timeoutMs: v }), 'timeoutMs')}
            />
            {/* The demo fleet's access is not in its config, so what the config says would be wrong there. */}
            {view.editable && (
              <div className="setting">
                <span className="setting__label">{t('config.localRole')}</span>
                <span className="setting__value">{t(`role.${draft.access.localRole}`)}</span>
              </div>
            )}
          </section>

          <StationsTable
            draft={draft}
            errors={errors}
            editable={editable}
            edit={edit}
            onAdded={setFocusField}
          />
          <DevicesTable
            draft={draft}
            view={view}
            errors={errors}
            editable={editable}
            edit={edit}
            onAdded={setFocusField}
          />
        </>
      )}

      {saveOpen && view && draft && (
        <SaveDialog
          stations={draft.stations.length}
          devices={draft.devices.length}
          path={view.path ?? ''}
          onSave={save}
          onCancel={() => setSaveOpen(false)}
        />
      )}
    </div>
  );
}

type Edit = (change: (draft: ConfigDraft) => ConfigDraft, field?: string) => void;
type Focus = (request: { field: string }) => void;

function BannerView({
  banner,
  errors,
  draft,
  role,
  onFocus,
}: {
  banner: Banner;
  errors: readonly FieldError[];
  draft: ConfigDraft;
  role: string;
  onFocus: Focus;
}) {
  const { t } = useI18n();
  if (banner.kind === 'saved') {
    return (
      <div className="banner banner--ok" role="status" data-testid="config-saved">
        ✓ {t('config.saved', { time: formatClock(banner.at) })}
      </div>
    );
  }
  const head =
    banner.kind === 'invalid'
      ? t('config.invalid', { count: errors.length })
      : banner.kind === 'rejected'
        ? t('config.rejected', { code: banner.code })
        : banner.kind === 'forbidden'
          ? t('config.forbidden', { role })
          : t('config.saveFailed', { message: banner.message });
  return (
    <div className="banner banner--error" role="alert" data-testid="config-error" data-kind={banner.kind}>
      <strong className="banner__head">▲ {head}</strong>
      {errors.length > 0 ? (
        <ul className="problems">
          {errors.map((e) => (
            <li key={`${e.field}:${e.message}`} data-testid="config-problem" data-field={e.field}>
              <button type="button" className="problems__where" onClick={() => onFocus({ field: e.field })}>
                <code>{e.path}</code>
                {describeField(e.field, draft, t) && <span> · {describeField(e.field, draft, t)}</span>}
              </button>
              : {e.notANumber ? t('config.notANumber') : e.message}
            </li>
          ))}
        </ul>
      ) : (
        banner.kind === 'rejected' && <p className="problems__raw">{banner.message}</p>
      )}
    </div>
  );
}

const STATION_COLUMNS: ReadonlyArray<{
  field: keyof Omit<StationRow, 'row' | 'urban' | 'pvDerating'>;
  label: MessageKey;
  size: string;
}> = [
  { field: 'id', label: 'config.col.id', size: 'id' },
  { field: 'name', label: 'config.col.name', size: 'name' },
  { field: 'nameEn', label: 'config.col.nameEn', size: 'name' },
  { field: 'address', label: 'config.col.address', size: 'wide' },
  { field: 'lat', label: 'config.col.lat', size: 'num' },
  { field: 'lng', label: 'config.col.lng', size: 'num' },
  { field: 'group', label: 'config.col.group', size: 'short' },
];

function StationsTable({
  draft,
  errors,
  editable,
  edit,
  onAdded,
}: {
  draft: ConfigDraft;
  errors: readonly FieldError[];
  editable: boolean;
  edit: Edit;
  onAdded: Focus;
}) {
  const { t } = useI18n();
  const set = (i: number, patch: Partial<StationRow>, field: string) =>
    edit((d) => ({ ...d, stations: d.stations.map((s, j) => (j === i ? { ...s, ...patch } : s)) }), field);
  return (
    <section className="config__table" aria-labelledby="config-stations">
      <h3
        id="config-stations"
        data-field="stations"
        data-invalid={errorAt(errors, 'stations') ? 'true' : undefined}
      >
        {t('config.stations')} <span className="config__count">{draft.stations.length}</span>
      </h3>
      <table className="grid" data-testid="config-stations">
        <thead>
          <tr>
            <th className="grid__n">#</th>
            {STATION_COLUMNS.map((c) => (
              <th key={c.field} className={`grid__${c.size}`}>
                {t(c.label)}
              </th>
            ))}
            <th className="grid__flag">{t('config.col.urban')}</th>
            {editable && <th className="grid__act" />}
          </tr>
        </thead>
        <tbody>
          {draft.stations.map((s, i) => (
            <tr key={s.row} data-invalid={rowHasError(errors, `stations.${i}`) ? 'true' : undefined}>
              <td className="grid__n">{i + 1}</td>
              {STATION_COLUMNS.map((c) => (
                <Cell
                  key={c.field}
                  field={`stations.${i}.${c.field}`}
                  label={`${t(c.label)} ${i + 1}`}
                  value={s[c.field]}
                  readOnly={!editable}
                  errors={errors}
                  onChange={(v) => set(i, { [c.field]: v }, `stations.${i}.${c.field}`)}
                />
              ))}
              <td className="grid__flag">
                {editable ? (
                  <input
                    type="checkbox"
                    checked={s.urban}
                    data-field={`stations.${i}.urban`}
                    data-testid={`cfg-stations.${i}.urban`}
                    aria-label={`${t('config.col.urban')} ${i + 1}`}
                    onChange={(e) => set(i, { urban: e.target.checked }, `stations.${i}.urban`)}
                  />
                ) : (
                  t(s.urban ? 'config.yes' : 'config.no')
                )}
              </td>
              {editable && (
                <td className="grid__act">
                  <RemoveButton
                    what={s.id || s.name}
                    onClick={() => edit((d) => ({ ...d, stations: d.stations.filter((_, j) => j !== i) }))}
                  />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {editable && (
        <button
          type="button"
          className="button button--add"
          data-testid="config-add-station"
          onClick={() => {
            edit((d) => ({ ...d, stations: [...d.stations, newStation(d)] }));
            onAdded({ field: `stations.${draft.stations.length}.id` });
          }}
        >
          {t('config.addStation')}
        </button>
      )}
    </section>
  );
}

const DEVICE_TEXT_COLUMNS: ReadonlyArray<{
  field: 'id' | 'name' | 'host' | 'port' | 'unitId';
  label: MessageKey;
  size: string;
}> = [
  { field: 'id', label: 'config.col.id', size: 'id' },
  { field: 'name', label: 'config.col.name', size: 'wide' },
  { field: 'host', label: 'config.col.host', size: 'host' },
  { field: 'port', label: 'config.col.port', size: 'num' },
  { field: 'unitId', label: 'config.col.unitId', size: 'num' },
];

function DevicesTable({
  draft,
  view,
  errors,
  editable,
  edit,
  onAdded,
}: {
  draft: ConfigDraft;
  view: ConfigView;
  errors: readonly FieldError[];
  editable: boolean;
  edit: Edit;
  onAdded: Focus;
}) {
  const { t } = useI18n();
  const set = (i: number, patch: Partial<DeviceRow>, field: string) =>
    edit((d) => ({ ...d, devices: d.devices.map((x, j) => (j === i ? { ...x, ...patch } : x)) }), field);
  const [idCol, nameCol, ...endpointCols] = DEVICE_TEXT_COLUMNS;
  const stationIds = new Set(draft.stations.map((s) => s.id));
  const textCell = (d: DeviceRow, i: number, c: (typeof DEVICE_TEXT_COLUMNS)[number]) => (
    <Cell
      key={c.field}
      field={`devices.${i}.${c.field}`}
      label={`${t(c.label)} ${i + 1}`}
      value={d[c.field]}
      readOnly={!editable}
      errors={errors}
      onChange={(v) => set(i, { [c.field]: v }, `devices.${i}.${c.field}`)}
    />
  );
  return (
    <section className="config__table" aria-labelledby="config-devices">
      <h3 id="config-devices">
        {t('config.devices')} <span className="config__count">{draft.devices.length}</span>
      </h3>
      <table className="grid" data-testid="config-devices">
        <thead>
          <tr>
            <th className="grid__n">#</th>
            <th className="grid__id">{t('config.col.id')}</th>
            <th className="grid__station">{t('config.col.stationId')}</th>
            <th className="grid__wide">{t('config.col.name')}</th>
            <th className="grid__profile">{t('config.col.profile')}</th>
            {endpointCols.map((c) => (
              <th key={c.field} className={`grid__${c.size}`}>
                {t(c.label)}
              </th>
            ))}
            {editable && <th className="grid__act" />}
          </tr>
        </thead>
        <tbody>
          {draft.devices.map((d, i) => (
            <tr key={d.row} data-invalid={rowHasError(errors, `devices.${i}`) ? 'true' : undefined}>
              <td className="grid__n">{i + 1}</td>
              {idCol && textCell(d, i, idCol)}
              <SelectCell
                field={`devices.${i}.stationId`}
                label={`${t('config.col.stationId')} ${i + 1}`}
                value={d.stationId}
                readOnly={!editable}
                errors={errors}
                options={draft.stations.map((s) => ({
                  value: s.id,
                  text: s.id ? `${s.id} · ${s.name}` : s.name,
                }))}
                missing={stationIds.has(d.stationId) ? null : t('config.missingStation', { id: d.stationId })}
                onChange={(v) => set(i, { stationId: v }, `devices.${i}.stationId`)}
              />
              {nameCol && textCell(d, i, nameCol)}
              <SelectCell
                field={`devices.${i}.profile`}
                label={`${t('config.col.profile')} ${i + 1}`}
                value={d.profile}
                readOnly={!editable}
                errors={errors}
                options={view.profiles.map((p) => ({
                  value: p.id,
                  text: p.id,
                  title: `${p.model} (${p.kind})`,
                }))}
                missing={
                  view.profiles.some((p) => p.id === d.profile)
                    ? null
                    : t('config.missingStation', { id: d.profile })
                }
                onChange={(v) => set(i, { profile: v }, `devices.${i}.profile`)}
              />
              {endpointCols.map((c) => textCell(d, i, c))}
              {editable && (
                <td className="grid__act">
                  <RemoveButton
                    what={d.id || d.name}
                    onClick={() => edit((x) => ({ ...x, devices: x.devices.filter((_, j) => j !== i) }))}
                  />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {editable && (
        <button
          type="button"
          className="button button--add"
          data-testid="config-add-device"
          onClick={() => {
            edit((x) => ({ ...x, devices: [...x.devices, newDevice(x, view.profiles[0]?.id ?? '')] }));
            onAdded({ field: `devices.${draft.devices.length}.id` });
          }}
        >
          {t('config.addDevice')}
        </button>
      )}
    </section>
  );
}

type CellProps = {
  field: string;
  label: string;
  value: string;
  readOnly: boolean;
  errors: readonly FieldError[];
  onChange(value: string): void;
};

function Cell({ field, label, value, readOnly, errors, onChange }: CellProps) {
  const { t } = useI18n();
  if (readOnly)
    return (
      <td data-field={field} title={value}>
        {value}
      </td>
    );
  const error = errorAt(errors, field);
  return (
    <td>
      <input
        className="grid__input"
        data-field={field}
        data-testid={`cfg-${field}`}
        aria-label={label}
        aria-invalid={error ? true : undefined}
        title={error && (error.notANumber ? t('config.notANumber') : error.message)}
        value={value}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => onChange(e.target.value)}
      />
    </td>
  );
}

function SelectCell({
  field,
  label,
  value,
  readOnly,
  errors,
  options,
  missing,
  onChange,
}: CellProps & { options: Array<{ value: string; text: string; title?: string }>; missing: string | null }) {
  if (readOnly) return <td data-field={field}>{value}</td>;
  const error = errorAt(errors, field);
  return (
    <td>
      <select
        className="grid__input"
        data-field={field}
        data-testid={`cfg-${field}`}
        aria-label={label}
        aria-invalid={error ? true : undefined}
        title={error?.message}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      >
        {missing !== null && <option value={value}>{missing}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value} title={o.title}>
            {o.text}
          </option>
        ))}
      </select>
    </td>
  );
}

function TextField({
  label,
  field,
  value,
  readOnly,
  errors,
  onChange,
}: Omit<CellProps, 'label'> & { label: string }) {
  const error = errorAt(errors, field);
  if (readOnly) {
    return (
      <div className="setting">
        <span className="setting__label">{label}</span>
        <span className="setting__value" data-field={field}>
          {value}
        </span>
      </div>
    );
  }
  return (
    <label className="setting">
      <span className="setting__label">{label}</span>
      <input
        className="setting__input"
        data-field={field}
        data-testid={`cfg-${field}`}
        inputMode="numeric"
        aria-invalid={error ? true : undefined}
        title={error?.message}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}

function RemoveButton({ what, onClick }: { what: string; onClick(): void }) {
  const { t } = useI18n();
  const name = t('config.removeRow', { what: what || t('config.newRow') });
  return (
    <button type="button" className="grid__remove" aria-label={name} title={name} onClick={onClick}>
      ✕
    </button>
  );
}

function SaveDialog({
  stations,
  devices,
  path,
  onSave,
  onCancel,
}: {
  stations: number;
  devices: number;
  path: string;
  onSave(reason: string): Promise<void>;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const reasonRef = useRef<HTMLInputElement>(null);
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const [saving, setSaving] = useState(false);
  useModal(ref, true);
  useEffect(() => reasonRef.current?.focus(), []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (reason.trim() === '' || saving) return;
    setSaving(true);
    void onSave(reason.trim());
  };

  return (
    <dialog
      ref={ref}
      className="savebox"
      data-testid="config-save-dialog"
      aria-labelledby="save-title"
      aria-busy={saving}
      onCancel={(event) => {
        if (saving) event.preventDefault();
      }}
      onClose={() => {
        if (saving) ref.current?.showModal();
        else onCancel();
      }}
    >
      <form onSubmit={submit} noValidate>
        <h2 id="save-title">{t('config.saveTitle')}</h2>
        <p>{t('config.saveSummary', { stations, devices, path })}</p>
        <label className="field">
          <span>{t('config.reason')}</span>
          <input
            ref={reasonRef}
            className="field__wide"
            data-testid="config-reason"
            autoComplete="off"
            maxLength={500}
            value={reason}
            placeholder={t('config.reasonPlaceholder')}
            aria-invalid={tried && reason.trim() === ''}
            disabled={saving}
            onChange={(e) => setReason(e.target.value)}
          />
        </label>
        {tried && reason.trim() === '' && <p className="field__error">{t('control.err.reason')}</p>}
        {saving && (
          <p className="control__busy" role="status">
            {t('config.saving')}
          </p>
        )}
        <footer className="control__foot">
          <button
            type="button"
            className="button"
            data-testid="config-save-cancel"
            disabled={saving}
            onClick={onCancel}
          >
            {t('control.cancel')}
          </button>
          <button
            type="submit"
            className="button button--primary"
            data-testid="config-save-confirm"
            disabled={saving}
          >
            {t('config.saveConfirm')}
          </button>
        </footer>
      </form>
    </dialog>
  );
}

/** "Devices 4 (sx01-ac4) · Port": where a path points, in the words of the form. */
function describeField(field: string, draft: ConfigDraft, t: Translate): string | null {
  const [table, index, column] = field.split('.');
  if ((table !== 'stations' && table !== 'devices') || index === undefined) return null;
  const row = draft[table][Number(index)];
  const where = t(table === 'stations' ? 'config.stationRow' : 'config.deviceRow', { n: Number(index) + 1 });
  const named = row?.id ? `${where} (${row.id})` : where;
  const columnKey = dynamicKey('config.col', column, 'config.title');
  return columnKey === 'config.title' ? named : `${named} · ${t(columnKey)}`;
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
