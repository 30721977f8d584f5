import type { KeyboardEvent, RefObject } from 'react';
import type { Station } from '../../../../shared/api';
import type { Tier } from '../../../../shared/triage/tiers';
import { useI18n } from '../../i18n/context';
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
      <label className="aqueue__select">
        <span>{t('alarms.filter.station')}</span>
        <select
          value={filter.stationId ?? ''}
          data-testid="alarm-filter-station"
          onChange={(e) => onFilter({ ...filter, stationId: e.target.value || null })}
        >
          <option value="">{t('alarms.filter.any')}</option>
          {stations.map((s) => (
            <option key={s.id} value={s.id}>
              {stationLabel(s, s.id, lang)}
            </option>
          ))}
        </select>
      </label>
      <label className="aqueue__select">
        <span>{t('alarms.filter.group')}</span>
        <select
          value={filter.group ?? ''}
          onChange={(e) => onFilter({ ...filter, group: e.target.value || null })}
        >
          <option value="">{t('alarms.filter.any')}</option>
          {groups.map((g) => (
            <option key={g} value={g}>
              {g}
            </option>
          ))}
        </select>
      </label>
      <label className="aqueue__select">
        <span>{t('alarms.filter.tier')}</span>
        <select
          value={filter.tier ?? ''}
          data-testid="alarm-filter-tier"
          onChange={(e) =>
            onFilter({ ...filter, tier: (TIERS.find((x) => x === e.target.value) as Tier) ?? null })
          }
        >
          <option value="">{t('alarms.filter.any')}</option>
          {TIERS.map((x) => (
            <option key={x} value={x}>
              {t(`alarms.tier.${x}`)}
            </option>
          ))}
        </select>
      </label>
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
      <label className="aqueue__select">
        <span>{t('alarms.sort')}</span>
        <select
          value={sort}
          data-testid="alarm-sort"
          onChange={(e) => onSort(SORT_KEYS.find((k) => k === e.target.value) ?? 'priority')}
        >
          {SORT_KEYS.map((k) => (
            <option key={k} value={k}>
              {t(`alarms.sort.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="aqueue__select">
        <span>{t('alarms.grouping')}</span>
        <select
          value={grouping}
          data-testid="alarm-grouping"
          onChange={(e) => onGrouping(GROUPINGS.find((g) => g === e.target.value) ?? 'auto')}
        >
          {GROUPINGS.map((g) => (
            <option key={g} value={g}>
              {t(`alarms.grouping.${g}`)}
            </option>
          ))}
        </select>
      </label>
      <span className="filters__count" data-testid="alarm-count" data-shown={shown} data-total={total}>
        {t('alarms.count', { shown, total })}
      </span>
    </nav>
  );
}
