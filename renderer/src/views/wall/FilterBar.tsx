import type { RefObject } from 'react';
import { useI18n } from '../../i18n/context';
import type { WallFilter } from './model';

type Props = {
  filter: WallFilter;
  groups: readonly string[];
  shown: number;
  total: number;
  searchRef: RefObject<HTMLInputElement | null>;
  onChange(filter: WallFilter): void;
  onSearchDone(): void;
};

export function FilterBar({ filter, groups, shown, total, searchRef, onChange, onSearchDone }: Props) {
  const { t } = useI18n();
  return (
    <nav className="filters" aria-label={t('filter.label')}>
      <fieldset className="segmented">
        <legend className="visually-hidden">{t('filter.label')}</legend>
        <button
          type="button"
          className="chip"
          aria-pressed={!filter.abnormalOnly}
          onClick={() => onChange({ ...filter, abnormalOnly: false })}
        >
          {t('filter.all')}
        </button>
        <button
          type="button"
          className="chip"
          aria-pressed={filter.abnormalOnly}
          data-filter="abnormal"
          onClick={() => onChange({ ...filter, abnormalOnly: true })}
        >
          {t('filter.abnormal')} <kbd>A</kbd>
        </button>
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
      <span className="filters__count" data-shown={shown}>
        {t('filter.shown', { shown, total })}
      </span>
    </nav>
  );
}
