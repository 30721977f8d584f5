import type { RefObject } from 'react';
import { useI18n } from '../../i18n/context';
import type { MessageKey } from '../../i18n/messages';
import { numberedWord } from '../../ui/list/numberedWord';
import { Segmented } from '../../ui/list/Segmented';
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

/** Every wall filters by abnormal; the charger wall also by what its guns are doing. */
const DEVICE_STATES: readonly GunStateFilter[] = ['all', 'abnormal'];
const GUN_STATES: readonly GunStateFilter[] = ['all', 'abnormal', 'charging', 'idle'];

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
  const states: readonly GunStateFilter[] = sub === 'chargers' ? GUN_STATES : DEVICE_STATES;
  return (
    <nav className="filters" aria-label={t('filter.label')}>
      <Segmented
        label={t('wall.sub.label')}
        options={SUB_WALLS}
        value={sub}
        word={numberedWord(SUB_WALLS, (s) => t(SUB_LABEL[s]))}
        attrs={(s) => ({ 'data-sub-wall': s })}
        onChange={onSub}
      />
      <Segmented
        label={t('wall.filter.state')}
        options={states}
        value={filter.abnormalOnly ? 'abnormal' : filter.state}
        word={(state) => <StateWord state={state} />}
        attrs={stateAttrs}
        onChange={(state) =>
          onChange({
            ...filter,
            abnormalOnly: state === 'abnormal',
            state: state === 'abnormal' ? 'all' : state,
          })
        }
      />
      {groups.length > 1 && (
        <Segmented
          label={t('filter.group')}
          options={['', ...groups]}
          value={filter.group ?? ''}
          word={(group) => group || t('filter.allGroups')}
          onChange={(group) => onChange({ ...filter, group: group || null })}
        />
      )}
      <Segmented
        label={t('wall.sort.label')}
        options={WALL_SORTS}
        value={sort}
        word={(s) => t(SORT_LABEL[s])}
        attrs={(s) => ({ 'data-sort': s })}
        onChange={onSort}
      >
        <kbd className="segmented__key">O</kbd>
      </Segmented>
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

function StateWord({ state }: { state: GunStateFilter }) {
  const { t } = useI18n();
  switch (state) {
    case 'all':
      return t('filter.all');
    case 'abnormal':
      return (
        <>
          {t('filter.abnormal')} <kbd>A</kbd>
        </>
      );
    case 'charging':
      return t('wall.filter.charging');
    case 'idle':
      return t('wall.filter.idle');
  }
}

/** The e2e specs find the abnormal chip by data-filter and the gun-state chips by data-state-filter. */
function stateAttrs(state: GunStateFilter): Record<`data-${string}`, string> {
  if (state === 'abnormal') return { 'data-filter': 'abnormal' };
  return state === 'all' ? {} : { 'data-state-filter': state };
}
