import type { KeyboardEvent, RefObject } from 'react';
import type { Station } from '../../../../shared/api';
import { useI18n } from '../../i18n/context';
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
        className="aqueue__select"
        label={t('alarms.filter.station')}
        value={filter.stationId}
        options={stationIds}
        word={(id) => stationLabel(byId.get(id), id, lang)}
        none={t('alarms.filter.any')}
        testId="alarm-filter-station"
        onValue={(stationId) => onFilter({ ...filter, stationId })}
      />
      <SelectField
        className="aqueue__select"
        label={t('alarms.filter.group')}
        value={filter.group}
        options={groups}
        word={(g) => g}
        none={t('alarms.filter.any')}
        onValue={(group) => onFilter({ ...filter, group })}
      />
      <SelectField
        className="aqueue__select"
        label={t('alarms.filter.tier')}
        value={filter.tier}
        options={TIERS}
        word={(x) => t(`alarms.tier.${x}`)}
        none={t('alarms.filter.any')}
        testId="alarm-filter-tier"
        onValue={(tier) => onFilter({ ...filter, tier })}
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
      <SelectField
        className="aqueue__select"
        label={t('alarms.sort')}
        value={sort}
        options={SORT_KEYS}
        word={(k) => t(`alarms.sort.${k}`)}
        testId="alarm-sort"
        onValue={(k) => onSort(k ?? 'priority')}
      />
      <SelectField
        className="aqueue__select"
        label={t('alarms.grouping')}
        value={grouping}
        options={GROUPINGS}
        word={(g) => t(`alarms.grouping.${g}`)}
        testId="alarm-grouping"
        onValue={(g) => onGrouping(g ?? 'auto')}
      />
      <span className="filters__count" data-testid="alarm-count" data-shown={shown} data-total={total}>
        {t('alarms.count', { shown, total })}
      </span>
    </nav>
  );
}
