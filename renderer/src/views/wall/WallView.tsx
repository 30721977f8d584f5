import {
  type CSSProperties,
  type KeyboardEvent,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { Device, ProfileInfo } from '../../../../shared/api';
import { useI18n } from '../../i18n/context';
import { type FleetState, liveOf } from '../../state/fleet';
import { type DeskState, mayDo } from '../../state/session';
import type { DeskClient } from '../../transport';
import { inDialog, isTextEntry } from '../common/dialog';
import { ControlDialog } from '../control/ControlDialog';
import { isControllable } from '../control/model';
import { FilterBar } from './FilterBar';
import { type Direction, groupsOf, neighbour, visibleStations, type WallFilter } from './model';
import { StationSection } from './StationSection';
import { useColumns } from './useColumns';

const ARROWS: Readonly<Record<string, Direction>> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
};

type Props = { fleet: FleetState; desk: DeskState; client: DeskClient; active: boolean };

export function WallView({ fleet, desk, client, active }: Props) {
  const { t } = useI18n();
  const [filter, setFilter] = useState<WallFilter>({ abnormalOnly: false, group: null, query: '' });
  const [controlId, setControlId] = useState<string | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const tilesRef = useRef<HTMLElement>(null);
  const columns = useColumns(tilesRef);

  const groups = useMemo(() => groupsOf(fleet.stations), [fleet.stations]);
  const stations = useMemo(() => visibleStations(fleet, filter), [fleet, filter]);
  const shown = stations.reduce((n, s) => n + s.devices.length, 0);

  const mayControl = mayDo(desk, 'device.control');
  const writableProfiles = useMemo(() => writableProfileIds(fleet.profiles), [fleet.profiles]);
  const controllable = useCallback(
    (device: Device) => mayControl && writableProfiles.has(device.profile),
    [mayControl, writableProfiles],
  );
  const openControl = useCallback((deviceId: string) => setControlId(deviceId), []);
  const closeControl = useCallback(() => setControlId(null), []);

  const focusFirstTile = useCallback(() => {
    tilesRef.current?.querySelector<HTMLElement>('[data-device-id]')?.focus();
  }, []);

  useEffect(() => {
    if (!active) return;
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing || event.defaultPrevented)
        return;
      if (isTextEntry(event.target) || inDialog(event.target)) return;
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
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active, groups]);

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
    <div className="view view--wall" hidden={!active}>
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
      {/* Arrow keys and Enter are handled here, where focus is on a tile; the wall itself is not a tab stop. */}
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
            controllable={controllable}
            onControl={openControl}
          />
        ))}
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
