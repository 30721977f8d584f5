import type { RefObject } from 'react';
import { useI18n } from '../../i18n/context';
import type { MessageKey } from '../../i18n/messages';
import { type GunStateFilter, WALL_SORTS, type WallSort } from './chargers';
import type { WallFilter } from './model';

export type SubWall = 'chargers' | 'pv' | 'grid';
export const SUB_WALLS: readonly SubWall[] = ['chargers', 'pv', 'grid'];

export type WallControls = WallFilter & { state: GunStateFilter };

const SUB_LABEL: Readonly<Record<SubWall, MessageKey>> = {
  chargers: 'wall.sub.chargers',
  pv: 'wall.sub.pv',
  grid: 'wall.sub.grid',
};

const SHOWN_LABEL: Readonly<Record<SubWall, MessageKey>> = {
  chargers: 'wall.shown.guns',
  pv: 'wall.shown.inverters',
  grid: 'wall.shown.grid',
};

const SORT_LABEL: Readonly<Record<WallSort, MessageKey>> = {
  station: 'wall.sort.station',
  severity: 'wall.sort.severity',
  power: 'wall.sort.power',
};

type Props = {
  sub: SubWall;
  filter: WallControls;
  sort: WallSort;
  groups: readonly string[];
  shown: number;
  total: number;
  searchRef: RefObject<HTMLInputElement | null>;
  onSub(sub: SubWall): void;
  onChange(filter: WallControls): void;
  onSort(sort: WallSort): void;
  onSearchDone(): void;
};

export function FilterBar(props: Props) {
  const { sub, filter, sort, groups, shown, total, searchRef, onSub, onChange, onSort, onSearchDone } = props;
  const { t } = useI18n();
  const stateChip = (state: GunStateFilter, label: MessageKey) => (
    <button
      type="button"
      className="chip"
      aria-pressed={filter.state === state}
      data-state-filter={state}
      onClick={() => onChange({ ...filter, state, abnormalOnly: state === 'abnormal' })}
    >
      {t(label)}
    </button>
  );
  return (
    <nav className="filters" aria-label={t('filter.label')}>
      <fieldset className="segmented segmented--sub">
        <legend className="visually-hidden">{t('wall.sub.label')}</legend>
        {SUB_WALLS.map((s, i) => (
          <button
            key={s}
            type="button"
            className="chip chip--sub"
            aria-pressed={sub === s}
            data-sub-wall={s}
            onClick={() => onSub(s)}
          >
            {t(SUB_LABEL[s])} <kbd>{i + 1}</kbd>
          </button>
        ))}
      </fieldset>
      <fieldset className="segmented">
        <legend className="visually-hidden">{t('wall.filter.state')}</legend>
        <button
          type="button"
          className="chip"
          aria-pressed={!filter.abnormalOnly && filter.state === 'all'}
          onClick={() => onChange({ ...filter, abnormalOnly: false, state: 'all' })}
        >
          {t('filter.all')}
        </button>
        <button
          type="button"
          className="chip"
          aria-pressed={filter.abnormalOnly}
          data-filter="abnormal"
          onClick={() => onChange({ ...filter, abnormalOnly: true, state: 'all' })}
        >
          {t('filter.abnormal')} <kbd>A</kbd>
        </button>
        {sub === 'chargers' && stateChip('charging', 'wall.filter.charging')}
        {sub === 'chargers' && stateChip('idle', 'wall.filter.idle')}
      </fieldset>
      {groups.length > 1 && (
        <fieldset className="segmented">
          <legend className="visually-hidden">{t('filter.group')}</legend>
          <button
            type="button"
            className="chip"
            aria-pressed={filter.group === null}
            onClick={() => onChange({ ...filter, group: null })}
          >
            {t('filter.allGroups')}
          </button>
          {groups.map((group) => (
            <button
              key={group}
              type="button"
              className="chip"
              aria-pressed={filter.group === group}
              onClick={() => onChange({ ...filter, group })}
            >
              {group}
            </button>
          ))}
        </fieldset>
      )}
      <fieldset className="segmented">
        <legend className="visually-hidden">{t('wall.sort.label')}</legend>
        {WALL_SORTS.map((s) => (
          <button
            key={s}
            type="button"
            className="chip"
            aria-pressed={sort === s}
            data-sort={s}
            onClick={() => onSort(s)}
          >
            {t(SORT_LABEL[s])}
          </button>
        ))}
        <kbd className="segmented__key">O</kbd>
      </fieldset>
      <label className="search">
        <span className="visually-hidden">{t('filter.search')}</span>
        <input
          ref={searchRef}
          type="search"
          value={filter.query}
          placeholder={`${t('filter.search')}  /`}
          onChange={(e) => onChange({ ...filter, query: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === 'Enter' || e.key === 'Escape') {
              e.preventDefault();
              onSearchDone();
            }
          }}
        />
      </label>
      <span className="filters__count" data-shown={shown} data-total={total}>
        {t(SHOWN_LABEL[sub], { shown, total })}
      </span>
    </nav>
  );
}
