import { type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useI18n } from '../../i18n/context';
import type { AlarmStore } from '../../state/alarmsStore';
import type { DutyState } from '../../state/duty';
import type { FleetState } from '../../state/fleet';
import { useStore } from '../../state/store';
import type { DeskClient } from '../../transport';
import { inDialog, isTextEntry } from '../../ui/dialog/modal';
import { LazyStationMap } from './LazyStationMap';
import { byUrgency, MARK_STATES, matchesQuery, stationMarks, stationWorkOrders } from './model';
import type { MapHandle, RenderedMark } from './StationMap';
import { StationPanel } from './StationPanel';
import { useMapSource } from './useMapSource';
import { useStationGeoJson } from './useStationGeoJson';

type Props = { fleet: FleetState; client: DeskClient; alarms: AlarmStore; duty: DutyState; active: boolean };

/** Pixels an arrow key pans the map by. */
const PAN_PX = 120;
const PAN: Readonly<Record<string, [number, number]>> = {
  ArrowLeft: [-PAN_PX, 0],
  ArrowRight: [PAN_PX, 0],
  ArrowUp: [0, -PAN_PX],
  ArrowDown: [0, PAN_PX],
};

export function MapView({ fleet, client, alarms: alarmStore, duty, active }: Props) {
  const { t, lang } = useI18n();
  const mapSource = useMapSource(client);
  const { alarms: byId } = useStore(alarmStore);
  const alarms = useMemo(() => [...byId.values()], [byId]);
  const marks = useMemo(() => stationMarks(fleet, alarms), [fleet, alarms]);
  const drawn = useStationGeoJson(marks);

  const [query, setQuery] = useState('');
  const [cursor, setCursor] = useState(0);
  const [selected, setSelected] = useState<string | null>(null);
  const [hovered, setHovered] = useState<string | null>(null);
  const [choices, setChoices] = useState<string[] | null>(null);
  const [rendered, setRendered] = useState<RenderedMark[]>([]);
  const handle = useRef<MapHandle | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const choicesRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLUListElement>(null);

  const listed = useMemo(
    () => marks.filter((m) => matchesQuery(m.station, query)).sort(byUrgency),
    [marks, query],
  );
  const shownId = selected ?? hovered;
  const shown = shownId ? fleet.stations.find((s) => s.id === shownId) : undefined;

  const open = useCallback(
    (stationId: string) => {
      setSelected(stationId);
      setChoices(null);
      const station = fleet.stations.find((s) => s.id === stationId);
      const map = handle.current?.map;
      if (station && map)
        map.easeTo({ center: [station.lng, station.lat], zoom: Math.max(map.getZoom(), 12) });
    },
    [fleet.stations],
  );

  const onPick = useCallback(
    (ids: string[]) => {
      const [only] = ids;
      if (ids.length === 1 && only) open(only);
      else setChoices(ids);
    },
    [open],
  );

  useEffect(() => {
    if (active) handle.current?.map.resize();
  }, [active]);

  // The list of stations at one spot takes the keyboard at once: Tab through it, Enter opens, Esc closes.
  useEffect(() => {
    if (choices) choicesRef.current?.querySelector<HTMLElement>('button')?.focus();
  }, [choices]);

  useEffect(() => {
    if (!active) return;
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing || event.defaultPrevented)
        return;
      if (inDialog(event.target)) return;
      if (event.key === 'Escape') {
        setChoices(null);
        setSelected(null);
        return;
      }
      if (isTextEntry(event.target)) return;
      const map = handle.current?.map;
      // The canvas has maplibre's own keys while it has focus; these work from the list and the panel too.
      if (map && !map.getCanvas().contains(event.target as Node)) {
        if (event.key === '+' || event.key === '=') map.zoomIn();
        else if (event.key === '-') map.zoomOut();
        else if (event.key.startsWith('Arrow') && !listRef.current?.contains(event.target as Node)) {
          const by = PAN[event.key];
          if (by) map.panBy(by);
        }
      }
      if (event.key === '/') {
        event.preventDefault();
        searchRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active]);

  const focusItem = (index: number) => {
    const bounded = Math.max(0, Math.min(listed.length - 1, index));
    setCursor(bounded);
    listRef.current?.querySelectorAll<HTMLElement>('.map-list__item')[bounded]?.focus();
  };

  // Enter and Space are the button's own: they click it, which opens the station.
  const onListKey = (event: KeyboardEvent<HTMLElement>, index: number) => {
    if (event.key === 'ArrowDown') focusItem(index + 1);
    else if (event.key === 'ArrowUp') focusItem(index - 1);
    else if (event.key === 'Home') focusItem(0);
    else if (event.key === 'End') focusItem(listed.length - 1);
    else return;
    event.preventDefault();
  };

  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      focusItem(0);
    } else if (event.key === 'Enter' && listed[0]) {
      event.preventDefault();
      open(listed[0].station.id);
    } else if (event.key === 'Escape') {
      setQuery('');
      event.currentTarget.blur();
    }
  };

  const stationName = (id: string) => {
    const station = fleet.stations.find((s) => s.id === id);
    if (!station) return id;
    return lang === 'en' ? (station.nameEn ?? station.name) : station.name;
  };

  return (
    <main className="map-view" hidden={!active} aria-label={t('view.map')} data-testid="map-view">
      <nav className="map-list" aria-label={t('map.stations')}>
        <input
          ref={searchRef}
          className="map-list__search"
          type="search"
          value={query}
          placeholder={t('map.search')}
          aria-label={t('map.search')}
          onChange={(event) => {
            setQuery(event.target.value);
            setCursor(0);
          }}
          onKeyDown={onSearchKey}
          data-testid="map-search"
        />
        <ul ref={listRef} className="map-list__items" aria-label={t('map.stations')}>
          {listed.map((mark, index) => {
            const state = MARK_STATES[mark.severity] ?? 'unknown';
            return (
              <li key={mark.station.id}>
                <button
                  type="button"
                  tabIndex={index === cursor ? 0 : -1}
                  aria-current={mark.station.id === selected ? 'true' : undefined}
                  data-station-id={mark.station.id}
                  data-mark={state}
                  className={`map-list__item mark--${state}`}
                  onClick={() => open(mark.station.id)}
                  onKeyDown={(event) => onListKey(event, index)}
                  onFocus={() => setCursor(index)}
                >
                  <span className={`map-list__dot mark-dot--${state}`} aria-hidden="true" />
                  <span className="map-list__name">{stationName(mark.station.id)}</span>
                  <span className="map-list__state">
                    {mark.severity > 0 ? t(`map.mark.${state}`) : ''}
                    {mark.openAlarms > 0 ? ` · ${t('map.alarmCount', { count: mark.openAlarms })}` : ''}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      </nav>
      <div className="map-view__map">
        <LazyStationMap
          stations={drawn}
          mapSource={mapSource}
          selectedId={selected}
          interactive
          onReady={(h) => {
            handle.current = h;
          }}
          onPick={onPick}
          onHover={setHovered}
          onRendered={setRendered}
        />
        <Legend />
        <ul className="visually-hidden" data-testid="map-rendered" aria-label={t('map.onScreen')}>
          {rendered.map((mark) => (
            <li
              key={mark.id}
              data-kind={mark.kind}
              data-id={mark.id}
              data-mark={MARK_STATES[mark.severity] ?? 'unknown'}
              data-tier={mark.tier}
              data-count={mark.count}
              data-x={mark.x}
              data-y={mark.y}
            >
              {mark.kind === 'cluster'
                ? t('map.clusterSummary', {
                    count: mark.count,
                    state: t(`map.mark.${MARK_STATES[mark.severity] ?? 'unknown'}`),
                  })
                : stationName(mark.id)}
            </li>
          ))}
        </ul>
        {choices && (
          <div
            ref={choicesRef}
            className="map-choices"
            role="dialog"
            aria-label={t('map.sameSpot')}
            data-testid="map-choices"
          >
            <h2>{t('map.sameSpot')}</h2>
            <ul>
              {choices.map((id) => (
                <li key={id}>
                  <button type="button" className="button" onClick={() => open(id)} data-station-id={id}>
                    {stationName(id)}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
      {/* The panel's column is always there: a map that narrowed under the pointer on hover would flicker. */}
      {shown ? (
        <StationPanel
          fleet={fleet}
          station={shown}
          alarms={alarms}
          workOrders={duty.workOrdersLoaded ? stationWorkOrders(duty.workOrders.values(), shown.id) : null}
          pinned={selected !== null}
          onClose={() => setSelected(null)}
        />
      ) : (
        <aside className="station-panel station-panel--empty">{t('map.panelHint')}</aside>
      )}
    </main>
  );
}

function Legend() {
  const { t } = useI18n();
  return (
    <dl className="map-legend" aria-label={t('map.legend')}>
      {(['fault', 'comm-lost', 'unavailable', 'normal'] as const).map((state) => (
        <div key={state} className="map-legend__row">
          <dt className={`map-list__dot mark-dot--${state}`} aria-hidden="true" />
          <dd>{t(`map.mark.${state}`)}</dd>
        </div>
      ))}
      <div className="map-legend__row">
        <dt className="map-legend__ring" aria-hidden="true" />
        <dd>{t('map.legend.tier')}</dd>
      </div>
    </dl>
  );
}
