import { type KeyboardEvent, useCallback, useMemo, useRef, useState } from 'react';
import type { Device, ProfileInfo } from '../../../../shared/api';
import { useI18n } from '../../i18n/context';
import { useFleetTime } from '../../i18n/fleetTime';
import { type FleetState, liveOf } from '../../state/fleet';
import { type DeskState, mayDo } from '../../state/session';
import type { DeskClient } from '../../transport';
import { useViewKeys } from '../../ui/list/useViewKeys';
import { ControlDialog } from '../control/ControlDialog';
import { isControllable } from '../control/model';
import { ChargerWall } from './ChargerWall';
import { chargerSections, gunTotal, WALL_SORTS, type WallSort } from './chargers';
import { FilterBar, type SubWall, type WallControls } from './FilterBar';
import { GridWall } from './GridWall';
import { gridSections } from './grid';
import { type Direction, groupsOf, neighbour } from './model';
import type { OutOfServiceMap } from './outOfService';
import { PvWall } from './PvWall';
import { pvSections } from './pv';
import { useColumns } from './useColumns';
import { useDayStart, usePvState } from './usePv';

const ARROWS: Readonly<Record<string, Direction>> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
};

/** Narrowest tile that stays readable from 3 m, per wall. */
const MIN_TILE_PX: Readonly<Record<SubWall, number>> = { chargers: 290, pv: 400, grid: 400 };

const SUB_KEYS: Readonly<Record<string, SubWall>> = { '1': 'chargers', '2': 'pv', '3': 'grid' };

type Props = {
  fleet: FleetState;
  desk: DeskState;
  client: DeskClient;
  /** Devices approved outages and decommissions hold: their tiles are out of service. */
  outOfService: OutOfServiceMap;
  active: boolean;
  /** Opens the trends of a device (T on a tile). */
  onTrend(deviceId: string): void;
};

export function WallView({ fleet, desk, client, outOfService, active, onTrend }: Props) {
  const { t } = useI18n();
  const [sub, setSub] = useState<SubWall>('chargers');
  const [filter, setFilter] = useState<WallControls>({
    abnormalOnly: false,
    group: null,
    query: '',
    state: 'all',
  });
  const [sort, setSort] = useState<WallSort>('station');
  const [controlId, setControlId] = useState<string | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const tilesRef = useRef<HTMLElement>(null);
  const columns = useColumns(tilesRef, MIN_TILE_PX[sub]);
  const pv = usePvState(fleet);
  const { timeZone } = useFleetTime();
  const dayStarts = useDayStart(client, fleet, active && sub === 'pv', timeZone);

  const groups = useMemo(() => groupsOf(fleet.stations), [fleet.stations]);
  const chargers = useMemo(
    () => (sub === 'chargers' ? chargerSections(fleet, filter, sort, outOfService) : []),
    [sub, fleet, filter, sort, outOfService],
  );
  const inverters = useMemo(
    () => (sub === 'pv' ? pvSections(fleet, filter, sort, pv.verdicts, pv.assessments, outOfService) : []),
    [sub, fleet, filter, sort, pv, outOfService],
  );
  const grid = useMemo(
    () => (sub === 'grid' ? gridSections(fleet, filter, sort, outOfService) : []),
    [sub, fleet, filter, sort, outOfService],
  );
  const sections = sub === 'chargers' ? chargers : sub === 'pv' ? inverters : grid;
  const shown = sections.reduce((n, s) => n + s.items.length, 0);
  const total = useMemo(() => totalOf(fleet, sub), [fleet, sub]);

  const mayControl = mayDo(desk, 'device.control');
  const writableProfiles = useMemo(() => writableProfileIds(fleet.profiles), [fleet.profiles]);
  const controllable = useCallback(
    (device: Device) => mayControl && writableProfiles.has(device.profile),
    [mayControl, writableProfiles],
  );
  const openControl = useCallback((deviceId: string) => setControlId(deviceId), []);
  const closeControl = useCallback(() => setControlId(null), []);
  const wall = { fleet, columns, outOfService, controllable, onControl: openControl };

  const focusFirstTile = useCallback(() => {
    tilesRef.current?.querySelector<HTMLElement>('[data-device-id]')?.focus();
  }, []);

  useViewKeys(active, (key, event) => {
    const bySub = SUB_KEYS[key];
    if (bySub) {
      setSub(bySub);
      return;
    }
    switch (key) {
      case '/':
        searchRef.current?.focus();
        break;
      case 'a':
        setFilter((f) => ({ ...f, abnormalOnly: !f.abnormalOnly, state: 'all' }));
        break;
      case 'g':
        setFilter((f) => ({ ...f, group: nextGroup(groups, f.group) }));
        break;
      case 'o':
        setSort((s) => WALL_SORTS[(WALL_SORTS.indexOf(s) + 1) % WALL_SORTS.length] ?? 'station');
        break;
      default:
        return;
    }
    event.preventDefault();
  });

  const onTileKey = (event: KeyboardEvent<HTMLElement>) => {
    const container = tilesRef.current;
    const tile = event.target;
    if (!container || !(tile instanceof HTMLElement) || !tile.dataset.deviceId) return;
    if (event.key === 'Enter') {
      const device = fleet.devices.find((d) => d.id === tile.dataset.deviceId);
      if (device && controllable(device)) {
        event.preventDefault();
        setControlId(device.id);
      }
      return;
    }
    if (event.key.toLowerCase() === 't' && !event.ctrlKey && !event.metaKey && !event.altKey) {
      // Handled here so the desk's own T (the trends view, no device) does not also act.
      event.preventDefault();
      onTrend(tile.dataset.deviceId);
      return;
    }
    const direction = ARROWS[event.key];
    if (!direction) return;
    const tiles = [...container.querySelectorAll<HTMLElement>('[data-device-id]')];
    const from = tiles.indexOf(tile);
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

  // A device taken away by a configuration change takes its open dialog with it.
  const controlled = controlId === null ? undefined : fleet.devices.find((d) => d.id === controlId);

  return (
    <div className="view view--wall" hidden={!active} data-sub-wall={sub}>
      <FilterBar
        sub={sub}
        filter={filter}
        sort={sort}
        groups={groups}
        shown={shown}
        total={total}
        searchRef={searchRef}
        onSub={setSub}
        onChange={setFilter}
        onSort={setSort}
        onSearchDone={() => {
          searchRef.current?.blur();
          focusFirstTile();
        }}
      />
      {/* Arrow keys, Enter and T are handled here, where focus is on a tile; the wall itself is not a tab stop. */}
      <main className={`wall wall--${sub}`} ref={tilesRef} onKeyDown={onTileKey}>
        {!fleet.loaded && (
          <p className="wall__empty">{t(desk.link === 'lost' ? 'link.lost' : 'app.loading')}</p>
        )}
        {fleet.loaded && total === 0 && <p className="wall__empty">{t('wall.noDevices')}</p>}
        {fleet.loaded && total > 0 && shown === 0 && (
          <p className="wall__empty">
            {t(filter.abnormalOnly && !filter.query ? 'filter.noneAbnormal' : 'filter.noMatch')}
          </p>
        )}
        {active && sub === 'chargers' && <ChargerWall {...wall} sections={chargers} />}
        {active && sub === 'pv' && <PvWall {...wall} sections={inverters} pv={pv} dayStarts={dayStarts} />}
        {active && sub === 'grid' && <GridWall {...wall} sections={grid} />}
      </main>
      {controlled && (
        <ControlDialog
          key={controlled.id}
          device={controlled}
          station={fleet.stations.find((s) => s.id === controlled.stationId)}
          profile={fleet.profiles[controlled.profile]}
          live={liveOf(fleet, controlled.id)}
          session={desk.session}
          client={client}
          onClose={closeControl}
        />
      )}
    </div>
  );
}

function totalOf(fleet: FleetState, sub: SubWall): number {
  if (sub === 'chargers') return gunTotal(fleet);
  const kinds = sub === 'pv' ? ['pv-inverter'] : ['box-transformer', 'meter'];
  return fleet.devices.filter((d) => kinds.includes(d.kind)).length;
}

function writableProfileIds(profiles: Readonly<Record<string, ProfileInfo>>): ReadonlySet<string> {
  return new Set(
    Object.values(profiles)
      .filter(isControllable)
      .map((p) => p.id),
  );
}

function nextGroup(groups: readonly string[], current: string | null): string | null {
  if (groups.length === 0) return null;
  const at = current === null ? -1 : groups.indexOf(current);
  return at + 1 < groups.length ? (groups[at + 1] ?? null) : null;
}
