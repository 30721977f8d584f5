import type { KeyboardEvent, RefObject } from 'react';
import type { Station } from '../../../../shared/api';
import { useI18n } from '../../i18n/context';
import type { MessageKey } from '../../i18n/messages';
import { SelectField } from '../../ui/field/Field';
import { Segmented } from '../../ui/list/Segmented';
import { type Grouping, type QueueFilter, SORT_KEYS, type SortKey, STATE_FILTERS, TIERS } from './model';
import { stationLabel } from './words';

type Props = {
  filter: QueueFilter;
  sort: SortKey;
  grouping: Grouping;
  stations: readonly Station[];
  groups: readonly string[];
  shown: number;
  total: number;
  searchRef: RefObject<HTMLInputElement | null>;
  onFilter(filter: QueueFilter): void;
  onSort(sort: SortKey): void;
  onGrouping(grouping: Grouping): void;
  onSearchDone(): void;
};

const GROUPINGS: readonly Grouping[] = ['auto', 'alarms', 'groups'];

/** The fields of the filter that a select narrows the queue by. */
type Narrowing = 'stationId' | 'group' | 'tier';

export function QueueToolbar({
  filter,
  sort,
  grouping,
  stations,
  groups,
  shown,
  total,
  searchRef,
  onFilter,
  onSort,
  onGrouping,
  onSearchDone,
}: Props) {
  const { t, lang } = useI18n();
  const stationIds = stations.map((s) => s.id);
  const byId = new Map(stations.map((s) => [s.id, s]));
  /** A select that narrows the queue by one field of its filter; "any" narrows nothing. */
  const narrowBy = <K extends Narrowing>(key: K) => ({
    className: 'aqueue__select',
    value: filter[key],
    none: t('alarms.filter.any'),
    onValue: (value: QueueFilter[K]) => onFilter({ ...filter, [key]: value }),
  });
  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' || event.key === 'Escape' || event.key === 'ArrowDown') {
      event.preventDefault();
      if (event.key === 'Escape' && filter.text !== '') onFilter({ ...filter, text: '' });
      onSearchDone();
    }
  };
  return (
    <nav className="filters aqueue__filters" aria-label={t('alarms.filter.label')}>
      <Segmented
        label={t('alarms.filter.state')}
        options={STATE_FILTERS}
        value={filter.state}
        word={(state) => t(`alarms.filter.state.${state}`)}
        attrs={(state) => ({ 'data-testid': `alarm-filter-${state}` })}
        onChange={(state) => onFilter({ ...filter, state })}
      />
      <SelectField
        {...narrowBy('stationId')}
        label={t('alarms.filter.station')}
        options={stationIds}
        word={(id) => stationLabel(byId.get(id), id, lang)}
        testId="alarm-filter-station"
      />
      <SelectField {...narrowBy('group')} label={t('alarms.filter.group')} options={groups} word={(g) => g} />
      <SelectField
        {...narrowBy('tier')}
        label={t('alarms.filter.tier')}
        options={TIERS}
        word={(x) => t(`alarms.tier.${x}`)}
        testId="alarm-filter-tier"
      />
      <label className="search aqueue__search">
        <span className="visually-hidden">{t('alarms.filter.text')}</span>
        <input
          ref={searchRef}
          type="search"
          placeholder={t('alarms.filter.textPlaceholder')}
          value={filter.text}
          onChange={(e) => onFilter({ ...filter, text: e.target.value })}
          onKeyDown={onSearchKey}
        />
      </label>
      <ShowSelect name="sort" value={sort} options={SORT_KEYS} onValue={onSort} />
      <ShowSelect name="grouping" value={grouping} options={GROUPINGS} onValue={onGrouping} />
      <span className="filters__count" data-testid="alarm-count" data-shown={shown} data-total={total}>
        {t('alarms.count', { shown, total })}
      </span>
    </nav>
  );
}

/** How the queue is shown (its order, its grouping): a select whose label, words and test id follow its name. */
function ShowSelect<T extends SortKey | Grouping>({
  name,
  value,
  options,
  onValue,
}: {
  name: 'sort' | 'grouping';
  value: T;
  options: readonly T[];
  onValue(value: T): void;
}) {
  const { t } = useI18n();
  return (
    <SelectField
      className="aqueue__select"
      label={t(`alarms.${name}`)}
      value={value}
      options={options}
      word={(option) => t(`alarms.${name}.${option}` as MessageKey)}
      testId={`alarm-${name}`}
      onValue={(option) => {
        // Without a "none" choice the select always holds one of the options.
        if (option !== null) onValue(option);
      }}
    />
  );
}
