import { useEffect, useMemo, useState } from 'react';
import { useI18n } from '../../i18n/context';
import { formatClock, formatDate, formatNumber } from '../../i18n/format';
import type { AlarmStore } from '../../state/alarmsStore';
import { type DutyState, exclusionsNow } from '../../state/duty';
import { type FleetState, fleetSummary } from '../../state/fleet';
import type { DeskState } from '../../state/session';
import { useStore } from '../../state/store';
import { useDeskNow } from '../../state/useDeskClock';
import type { DeskClient } from '../../transport';
import { DataTable, textColumn } from '../../ui/report/DataTable';
import { useShiftTimeZone } from '../common/useShiftTimeZone';
import { DemoBand, isDemoDesk } from '../demo/DemoBand';
import { LazyStationMap } from '../map/LazyStationMap';
import { stationMarks } from '../map/model';
import { useMapSource } from '../map/useMapSource';
import { useStationGeoJson } from '../map/useStationGeoJson';
import { DrillBand } from '../training/DrillBand';
import {
  alarmsByTier,
  availability,
  type Baselines,
  type Breach,
  energySince,
  rotateSeconds,
  slaBreaches,
  startOfDay,
  WALLBOARD_PAGES,
  type WallboardPage,
} from './model';
import { useBaselines } from './useBaselines';

type Props = { fleet: FleetState; desk: DeskState; client: DeskClient; alarms: AlarmStore; duty: DutyState };

/**
 * The TV view: read-only, large type, pages that turn by themselves. It
 * offers no control at all, whatever the role of whoever opened it.
 */
export function Wallboard({ fleet, desk, client, alarms: alarmStore, duty }: Props) {
  const { t, lang } = useI18n();
  const now = useDeskNow(true, 1000);
  const seconds = useMemo(() => rotateSeconds(window.location.search), []);
  const [index, setIndex] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setIndex((i) => (i + 1) % WALLBOARD_PAGES.length), seconds * 1000);
    return () => clearInterval(timer);
  }, [seconds]);
  const page: WallboardPage = WALLBOARD_PAGES[index] ?? 'map';

  // The app's one alarm store: it loads the queue in pages, which a storm's queue needs.
  const book = useStore(alarmStore);
  const alarms = useMemo(() => [...book.alarms.values()], [book.alarms]);
  const summary = useMemo(() => fleetSummary(fleet), [fleet]);
  // Held here, not on the energy page: the page comes and goes with every turn, the baseline must not.
  const timeZone = useShiftTimeZone(client);
  const baselines = useBaselines(client, fleet, now, timeZone);

  return (
    <div className="wallboard" data-testid="wallboard" data-page={page} data-link={desk.link}>
      <DrillBand info={desk.info} />
      <header className="wallboard__head">
        <h1>{t('wallboard.title')}</h1>
        <ol className="wallboard__pages" aria-label={t('wallboard.pages')}>
          {WALLBOARD_PAGES.map((name) => (
            <li key={name} aria-current={name === page ? 'step' : undefined} data-page={name}>
              {t(`wallboard.page.${name}`)}
            </li>
          ))}
        </ol>
        <div className="wallboard__clock">
          <time dateTime={new Date(now).toISOString()}>{formatClock(now, timeZone)}</time>
          <span>{formatDate(now, lang, timeZone)}</span>
        </div>
      </header>
      {isDemoDesk(desk.info) && <DemoBand />}
      {desk.link !== 'open' && (
        <p className="wallboard__link" role="alert">
          ⊘ {t('link.lost')}
        </p>
      )}
      <section className="wallboard__page" aria-live="polite" aria-label={t(`wallboard.page.${page}`)}>
        {/* Kept while hidden: rebuilding the map on every turn would cost the TV seconds of an empty page. */}
        <MapPage fleet={fleet} client={client} alarms={alarms} hidden={page !== 'map'} />
        {page === 'availability' && <AvailabilityPage fleet={fleet} duty={duty} now={now} />}
        {page === 'alarms' && <AlarmsPage alarms={alarms} loaded={book.loaded} />}
        {page === 'sla' && <SlaPage alarms={alarms} now={now} fleet={fleet} />}
        {page === 'energy' && (
          <EnergyPage fleet={fleet} baselines={baselines} now={now} timeZone={timeZone} />
        )}
      </section>
      <footer className="wallboard__foot">
        <Figure label={t('summary.faults')} value={summary.faults} tone={summary.faults ? 'fault' : null} />
        <Figure
          label={t('summary.commLost')}
          value={summary.commLost}
          tone={summary.commLost ? 'comm-lost' : null}
        />
        <Figure label={t('summary.gunsCharging')} value={summary.gunsCharging} />
        <Figure label={t('summary.chargingKw')} value={formatNumber(summary.chargingKw, 0)} unit="kW" />
        <Figure label={t('summary.pvKw')} value={formatNumber(summary.pvKw, 0)} unit="kW" />
      </footer>
    </div>
  );
}

function Figure({
  label,
  value,
  unit,
  tone = null,
}: {
  label: string;
  value: number | string;
  unit?: string;
  tone?: string | null;
}) {
  return (
    <div className={`wb-figure${tone ? ` wb-figure--${tone}` : ''}`}>
      <span className="wb-figure__label">{label}</span>
      <span className="wb-figure__value">
        {value}
        {unit && <small>{unit}</small>}
      </span>
    </div>
  );
}

function MapPage({
  fleet,
  client,
  alarms,
  hidden,
}: {
  fleet: FleetState;
  client: DeskClient;
  alarms: Parameters<typeof stationMarks>[1];
  hidden: boolean;
}) {
  const mapSource = useMapSource(client);
  const marks = useMemo(() => stationMarks(fleet, alarms), [fleet, alarms]);
  const geojson = useStationGeoJson(marks);
  return (
    <div className="wb-map" hidden={hidden}>
      <LazyStationMap stations={geojson} mapSource={mapSource} selectedId={null} interactive={false} />
    </div>
  );
}

function AvailabilityPage({ fleet, duty, now }: { fleet: FleetState; duty: DutyState; now: number }) {
  const { t } = useI18n();
  const excluded = useMemo(() => exclusionsNow(duty, now), [duty, now]);
  const figures = useMemo(() => availability(fleet, excluded), [fleet, excluded]);
  const share = (a: { available: number; total: number }) => (a.total ? (100 * a.available) / a.total : 0);
  return (
    <div className="wb-availability">
      <Figure
        label={t('wallboard.availability.fleet', {
          available: figures.fleet.available,
          total: figures.fleet.total,
        })}
        value={formatNumber(share(figures.fleet), 1)}
        unit="%"
      />
      {figures.fleet.excluded > 0 && (
        <p
          className="wb-availability__excluded"
          data-testid="wb-excluded"
          data-count={figures.fleet.excluded}
        >
          {t('wallboard.availability.excluded', { count: figures.fleet.excluded })}
        </p>
      )}
      <ul className="wb-bars">
        {figures.groups.map((group) => {
          const pct = share(group);
          return (
            <li
              key={group.group}
              data-group={group.group}
              className={pct < 100 ? 'wb-bars__row is-short' : 'wb-bars__row'}
            >
              <span className="wb-bars__name">{group.group}</span>
              <meter min={0} max={100} value={pct} aria-label={group.group} />
              <span className="wb-bars__value">
                {formatNumber(pct, 0)}%{' '}
                <small>
                  ({group.available}/{group.total})
                </small>
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function AlarmsPage({ alarms, loaded }: { alarms: Parameters<typeof alarmsByTier>[0]; loaded: boolean }) {
  const { t } = useI18n();
  const counts = alarmsByTier(alarms);
  if (!loaded) return <p className="wb-empty">{t('wallboard.waiting')}</p>;
  return (
    <div className="wb-tiers">
      {(['emergency', 'on-site', 'remote'] as const).map((tier) => (
        <div
          key={tier}
          className={`wb-tier wb-tier--${tier}${counts[tier] ? ' is-open' : ''}`}
          data-tier={tier}
        >
          <span className="wb-tier__count">{counts[tier]}</span>
          <span className="wb-tier__name">{t(`map.tier.${tier}`)}</span>
        </div>
      ))}
      <p className="wb-tiers__unacked">{t('wallboard.unacknowledged', { count: counts.unacknowledged })}</p>
    </div>
  );
}

function SlaPage({
  alarms,
  now,
  fleet,
}: {
  alarms: Parameters<typeof slaBreaches>[0];
  now: number;
  fleet: FleetState;
}) {
  const { t, lang } = useI18n();
  const breaches = slaBreaches(alarms, now);
  const names = new Map(fleet.stations.map((s) => [s.id, lang === 'en' ? (s.nameEn ?? s.name) : s.name]));
  if (breaches.length === 0)
    return (
      <p className="wb-empty" data-testid="wb-no-breach">
        {t('wallboard.noBreaches')}
      </p>
    );
  return (
    <DataTable<Breach>
      className="wb-breaches"
      rows={breaches.slice(0, 10)}
      rowKey={(b) => `${b.alarmId}/${b.clock}`}
      columns={[
        textColumn('station', t('wallboard.station'), (b) => names.get(b.stationId) ?? b.stationId),
        textColumn('tier', t('wallboard.tier'), (b) => t(`map.tier.${b.tier}`)),
        textColumn('clock', t('wallboard.clock'), (b) => b.clock),
        textColumn('late', t('wallboard.late'), (b) => `${formatNumber(b.lateMs / 60_000, 0)} min`, {
          className: 'wb-breaches__late',
        }),
      ]}
    />
  );
}

function EnergyPage({
  fleet,
  baselines,
  now,
  timeZone,
}: {
  fleet: FleetState;
  baselines: Baselines;
  now: number;
  timeZone: string;
}) {
  const { t } = useI18n();
  const energy = energySince(fleet, baselines);
  const fromMidnight = baselines.since === startOfDay(now, timeZone);
  return (
    <div className="wb-energy">
      <Figure label={t('wallboard.energy.charged')} value={formatNumber(energy.chargedKwh, 0)} unit="kWh" />
      <Figure
        label={t('wallboard.energy.generated')}
        value={formatNumber(energy.generatedKwh, 0)}
        unit="kWh"
      />
      <p className="wb-energy__since">
        {fromMidnight
          ? t('wallboard.energy.today')
          : t('wallboard.energy.since', { time: formatClock(baselines.since, timeZone) })}
      </p>
    </div>
  );
}
