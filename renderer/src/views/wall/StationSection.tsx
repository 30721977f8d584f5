import type { CSSProperties } from 'react';
import type { Device, Station } from '../../../../shared/api';
import { useI18n } from '../../i18n/context';
import { type FleetState, liveOf, stationCounts } from '../../state/fleet';
import { DeviceTile } from './DeviceTile';

type Props = {
  fleet: FleetState;
  station: Station;
  devices: readonly Device[];
  span: number;
  /** Whether this operator may control this device; the tile offers it only then. */
  controllable(device: Device): boolean;
  onControl(deviceId: string): void;
};

export function StationSection({ fleet, station, devices, span, controllable, onControl }: Props) {
  const { lang, t } = useI18n();
  const counts = stationCounts(fleet, station.id);
  const name = lang === 'en' && station.nameEn ? station.nameEn : station.name;
  return (
    <section
      className="station"
      data-station-id={station.id}
      aria-labelledby={`station-${station.id}`}
      style={{ '--span': span } as CSSProperties}
    >
      <header className="station__head">
        <h2 className="station__name" id={`station-${station.id}`}>
          {name}
        </h2>
        <span className="station__tag">{station.group}</span>
        <span className="station__tag">{t(station.urban ? 'station.urban' : 'station.rural')}</span>
        <dl className="station__counts">
          <Count label={t('station.devices')} value={counts.devices} />
          <Count label={t('station.online')} value={counts.online} />
          <Count
            label={t('station.faulted')}
            value={counts.faulted}
            tone={counts.faulted > 0 ? 'fault' : null}
          />
          <Count
            label={t('station.commLost')}
            value={counts.commLost}
            tone={counts.commLost > 0 ? 'comm-lost' : null}
          />
        </dl>
      </header>
      {devices.map((device) => (
        <DeviceTile
          key={device.id}
          device={device}
          profile={fleet.profiles[device.profile]}
          live={liveOf(fleet, device.id)}
          onControl={controllable(device) ? onControl : undefined}
        />
      ))}
    </section>
  );
}

export function Count({ label, value, tone = null }: { label: string; value: number; tone?: string | null }) {
  return (
    <div className={`count${tone ? ` count--${tone}` : ''}`}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
