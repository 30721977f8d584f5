import { Priority } from '../../../../shared/alarm/priority';
import { DeviceKind } from '../../../../shared/api/model';
import { DefectClass, Tier } from '../../../../shared/triage/tiers';
import { useI18n } from '../../i18n/context';
import type { MessageKey } from '../../i18n/messages';
import { SelectCell, TextCell } from '../../ui/table/cells';
import { type AlarmRulesDraft, newOverride, type OverrideRow } from './alarmRulesDraft';
import { type ColumnSpec, cellOf, columnHeads, DraftTable, draftRows, type TableProps } from './ConfigTables';
import { SettingField } from './SettingField';

type TextField = 'id' | 'cause' | 'kinds' | 'why';

/** The override table's columns in order: the typed-in ones (TEXT_FIELDS) and the choices. */
const COLUMNS: readonly ColumnSpec<TextField | 'scope' | 'target' | 'defectClass' | 'tier' | 'priority'>[] = [
  { field: 'id', label: 'config.col.id', size: 'id' },
  { field: 'scope', label: 'config.rule.scope', size: 'short' },
  { field: 'target', label: 'config.rule.target', size: 'station' },
  { field: 'cause', label: 'config.rule.cause', size: 'name' },
  { field: 'kinds', label: 'config.rule.kinds', size: 'name' },
  { field: 'defectClass', label: 'config.rule.class', size: 'pick' },
  { field: 'tier', label: 'config.rule.tier', size: 'pick' },
  { field: 'priority', label: 'config.rule.priority', size: 'pick' },
  { field: 'why', label: 'config.rule.why', size: 'wide' },
];

const TEXT_FIELDS: ReadonlySet<string> = new Set<TextField>(['id', 'cause', 'kinds', 'why']);

const TEXT_COLUMNS = COLUMNS.filter((c): c is ColumnSpec<TextField> => TEXT_FIELDS.has(c.field));

const PATH = 'alarmRules.triageOverrides';

/**
 * The site's alarm rules (config `alarmRules`): the longest shelf per
 * priority, and its own triage rows per station or group, which win over
 * the shipped table. Saved with the rest of the configuration, with a
 * reason, and journalled field by field.
 */
export function AlarmRulesPanel({ draft, errors, editable, edit, onAdded }: TableProps) {
  const { t } = useI18n();
  const rules = draft.alarmRules;
  const setRules = (change: (r: AlarmRulesDraft) => AlarmRulesDraft, field?: string) =>
    edit((d) => ({ ...d, alarmRules: change(d.alarmRules) }), field);
  const rows = draftRows(PATH, rules.overrides, { errors, onAdded }, (change, field) =>
    setRules((r) => ({ ...r, overrides: change(r.overrides) }), field),
  );
  const groups = [...new Set(draft.stations.map((s) => s.group).filter(Boolean))];
  const cell = (i: number, field: string, label: MessageKey) =>
    cellOf(`${PATH}.${i}.${field}`, `${t(label)} ${i + 1}`, editable, errors, t);
  const choice = (
    i: number,
    field: string,
    label: MessageKey,
    value: string,
    options: { value: string; text: string }[],
  ) => (
    <SelectCell
      {...cell(i, field, label)}
      value={value}
      options={options}
      missing={options.some((o) => o.value === value) ? null : t('config.missingStation', { id: value })}
      onChange={(v) => rows.set(i, { [field]: v }, field)}
    />
  );
  const textCell = (o: OverrideRow, i: number, c: (typeof TEXT_COLUMNS)[number]) => (
    <TextCell
      key={c.field}
      {...cell(i, c.field, c.label)}
      value={o[c.field]}
      onChange={(v) => rows.set(i, { [c.field]: v }, c.field)}
    />
  );
  const byDefault = { value: '', text: t('config.rule.byDefault') };
  const [idCol, causeCol, kindsCol, whyCol] = TEXT_COLUMNS;

  return (
    <section
      className="config__alarmrules"
      aria-labelledby="config-alarm-rules"
      data-testid="config-alarm-rules"
    >
      <h3 id="config-alarm-rules">{t('config.alarmRules')}</h3>
      <div className="config__settings" data-testid="config-shelve-max">
        <span className="setting__label">{t('config.shelveMax')}</span>
        {Priority.options.map((p) => (
          <SettingField
            key={p}
            label={t(`alarms.priority.${p}`)}
            field={`alarmRules.shelveMaxHours.${p}`}
            value={rules.shelveMaxHours[p] || (editable ? '' : t('config.shelveMaxDefault'))}
            readOnly={!editable}
            errors={errors}
            onChange={(v) =>
              setRules(
                (r) => ({ ...r, shelveMaxHours: { ...r.shelveMaxHours, [p]: v } }),
                `alarmRules.shelveMaxHours.${p}`,
              )
            }
          />
        ))}
        <span className="hint">{t('config.shelveMaxHint')}</span>
      </div>
      <DraftTable
        id="config-triage-overrides"
        title={t('config.triageOverrides')}
        edits={rows}
        columns={columnHeads(COLUMNS, t)}
        renderCells={(o, i) => (
          <>
            {idCol && textCell(o, i, idCol)}
            <SelectCell
              {...cell(i, 'scope', 'config.rule.scope')}
              value={o.scope}
              options={[
                { value: 'station', text: t('config.rule.scope.station') },
                { value: 'group', text: t('config.rule.scope.group') },
              ]}
              missing={null}
              // A station id is no group: the target starts over at the first of the new kind.
              onChange={(v) =>
                rows.set(
                  i,
                  v === 'group'
                    ? { scope: 'group', target: groups[0] ?? '' }
                    : { scope: 'station', target: draft.stations[0]?.id ?? '' },
                  'scope',
                )
              }
            />
            <SelectCell
              {...cell(i, o.scope, 'config.rule.target')}
              value={o.target}
              options={
                o.scope === 'station'
                  ? draft.stations.map((s) => ({ value: s.id, text: s.id ? `${s.id} · ${s.name}` : s.name }))
                  : groups.map((g) => ({ value: g, text: g }))
              }
              missing={
                (
                  o.scope === 'station'
                    ? draft.stations.some((s) => s.id === o.target)
                    : groups.includes(o.target)
                )
                  ? null
                  : t('config.missingStation', { id: o.target })
              }
              onChange={(v) => rows.set(i, { target: v }, o.scope)}
            />
            {causeCol && textCell(o, i, causeCol)}
            {kindsCol && textCell(o, i, kindsCol)}
            {choice(
              i,
              'defectClass',
              'config.rule.class',
              o.defectClass,
              DefectClass.options.map((c) => ({ value: c, text: t(`alarms.class.${c}`) })),
            )}
            {choice(i, 'tier', 'config.rule.tier', o.tier, [
              byDefault,
              ...Tier.options.map((x) => ({ value: x, text: t(`alarms.tier.${x}`) })),
            ])}
            {choice(i, 'priority', 'config.rule.priority', o.priority, [
              byDefault,
              ...Priority.options.map((x) => ({ value: x, text: t(`alarms.priority.${x}`) })),
            ])}
            {whyCol && textCell(o, i, whyCol)}
          </>
        )}
        editable={editable}
        name={(o) => o.id}
        add={{
          label: t('config.rule.add'),
          testId: 'config-add-override',
          row: () => newOverride(draft.stations[0]?.id ?? ''),
        }}
      />
      <p className="hint config__kinds">
        {t('config.rule.kindsHint', { kinds: DeviceKind.options.join(', ') })}
      </p>
    </section>
  );
}
