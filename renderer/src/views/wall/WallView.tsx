import {
  type CSSProperties,
  type KeyboardEvent,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useI18n } from '../../i18n/context';
import { type FleetState, fleetSummary } from '../../state/fleet';
import type { DeskState } from '../../state/session';
import { FilterBar } from './FilterBar';
import { HeaderBar } from './HeaderBar';
import { HelpOverlay } from './HelpOverlay';
import { type Direction, groupsOf, neighbour, visibleStations, type WallFilter } from './model';
import { StationSection } from './StationSection';
import { useColumns } from './useColumns';

const ARROWS: Readonly<Record<string, Direction>> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
};

type Props = { fleet: FleetState; desk: DeskState };

export function WallView({ fleet, desk }: Props) {
  const { t, toggle: toggleLang } = useI18n();
  const [filter, setFilter] = useState<WallFilter>({ abnormalOnly: false, group: null, query: '' });
  const [helpOpen, setHelpOpen] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const tilesRef = useRef<HTMLElement>(null);
  const columns = useColumns(tilesRef);

  const groups = useMemo(() => groupsOf(fleet.stations), [fleet.stations]);
  const stations = useMemo(() => visibleStations(fleet, filter), [fleet, filter]);
  const summary = useMemo(() => (fleet.loaded ? fleetSummary(fleet) : null), [fleet]);
  const shown = stations.reduce((n, s) => n + s.devices.length, 0);

  const focusFirstTile = useCallback(() => {
    tilesRef.current?.querySelector<HTMLElement>('[data-device-id]')?.focus();
  }, []);

  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing || event.defaultPrevented)
        return;
      if (isTextEntry(event.target)) return;
      if (event.key === '?') {
        event.preventDefault();
        setHelpOpen((open) => !open);
        return;
      }
      // While the help dialog is up, the keys below would act on a wall the operator cannot see.
      if (helpOpen) return;
      switch (event.key.toLowerCase()) {
        case '/':
          event.preventDefault();
          searchRef.current?.focus();
          break;
        case 'a':
          setFilter((f) => ({ ...f, abnormalOnly: !f.abnormalOnly }));
          break;
        case 'g':
          setFilter((f) => ({ ...f, group: nextGroup(groups, f.group) }));
          break;
        case 'l':
          toggleLang();
          break;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [groups, helpOpen, toggleLang]);

  const onTileKey = (event: KeyboardEvent<HTMLElement>) => {
    const direction = ARROWS[event.key];
    const container = tilesRef.current;
    if (!direction || !container || !(event.target instanceof HTMLElement)) return;
    const tiles = [...container.querySelectorAll<HTMLElement>('[data-device-id]')];
    const from = tiles.indexOf(event.target);
    if (from < 0) return;
    event.preventDefault();
    const next =
      tiles[
        neighbour(
          tiles.map((tile) => tile.getBoundingClientRect()),
          from,
          direction,
        )
      ];
    next?.focus();
    next?.scrollIntoView({ block: 'nearest' });
  };

  return (
    <div className={`app app--link-${desk.link}`}>
      <HeaderBar summary={summary} link={desk.link} info={desk.info} onHelp={() => setHelpOpen(true)} />
      {desk.link === 'lost' && (
        <div className="banner banner--link" role="alert">
          <strong>⊘ {t('link.lost')}</strong> {t('link.lostDetail')}
        </div>
      )}
      {desk.loadError && desk.link === 'open' && (
        <div className="banner banner--warn" role="alert">
          {t('app.loadError', { message: desk.loadError })}
        </div>
      )}
      <FilterBar
        filter={filter}
        groups={groups}
        shown={shown}
        total={fleet.devices.length}
        searchRef={searchRef}
        onChange={setFilter}
        onSearchDone={() => {
          searchRef.current?.blur();
          focusFirstTile();
        }}
      />
      {/* Arrow keys are handled here, where focus is on a tile; the wall itself is not a tab stop. */}
      <main
        className="wall"
        ref={tilesRef}
        onKeyDown={onTileKey}
        // A custom property set through the CSSOM, which the CSP's style-src 'self' allows.
        style={{ '--columns': columns } as CSSProperties}
      >
        {!fleet.loaded && (
          <p className="wall__empty">{t(desk.link === 'lost' ? 'link.lost' : 'app.loading')}</p>
        )}
        {fleet.loaded && stations.length === 0 && (
          <p className="wall__empty">
            {t(filter.abnormalOnly && !filter.query ? 'filter.noneAbnormal' : 'filter.noMatch')}
          </p>
        )}
        {stations.map(({ station, devices }) => (
          <StationSection
            key={station.id}
            fleet={fleet}
            station={station}
            devices={devices}
            span={Math.min(devices.length, columns)}
          />
        ))}
      </main>
      {desk.badFrames && (
        <footer className="notice" role="status">
          {t('app.badFrames', { count: desk.badFrames.count, message: desk.badFrames.last })}
        </footer>
      )}
      <HelpOverlay open={helpOpen} onClose={() => setHelpOpen(false)} />
    </div>
  );
}

function isTextEntry(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement)
  );
}

function nextGroup(groups: readonly string[], current: string | null): string | null {
  if (groups.length === 0) return null;
  const at = current === null ? -1 : groups.indexOf(current);
  return at + 1 < groups.length ? (groups[at + 1] ?? null) : null;
}
