import type { Device, Station } from '../../../../shared/api';
import { useI18n } from '../../i18n/context';
import type { Translate } from '../../i18n/lang';
import { type FleetState, liveOf } from '../../state/fleet';
import type { OutOfServiceMap } from './outOfService';

export type HeadCount = { label: string; value: number; tone?: 'fault' | 'comm-lost' | 'amber' | null };

/** A station's name, area and the counts that matter on this wall, above its tiles. */
export function StationHead({ station, counts }: { station: Station; counts: readonly HeadCount[] }) {
  const { lang, t } = useI18n();
  const name = lang === 'en' && station.nameEn ? station.nameEn : station.name;
  return (
    <div className="station station__head" data-station-id={station.id}>
      <h2 className="station__name" id={`station-${station.id}`}>
        {name}
      </h2>
      <span className="station__tag">{station.group}</span>
      <span className="station__tag">{t(station.urban ? 'station.urban' : 'station.rural')}</span>
      <dl className="station__counts">
        {counts.map((c) => (
          <div key={c.label} className={`count${c.tone ? ` count--${c.tone}` : ''}`}>
            <dt>{c.label}</dt>
            <dd>{c.value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

export type Trouble = { faulted: number; commLost: number; outOfService: number };

/**
 * The faulted and comms-lost counts every wall's station head ends with: red
 * and magenta only when not zero; then, grey and only when there are any,
 * the tiles out of service, which count as neither.
 */
export function troubleCounts(t: Translate, { faulted, commLost, outOfService }: Trouble): HeadCount[] {
  return [
    { label: t('station.faulted'), value: faulted, tone: faulted > 0 ? 'fault' : null },
    { label: t('station.commLost'), value: commLost, tone: commLost > 0 ? 'comm-lost' : null },
    ...(outOfService > 0 ? [{ label: t('wall.count.outOfService'), value: outOfService }] : []),
  ];
}

/** How many of these devices are in fault, have lost communications, or are out of service. */
export function deviceTrouble(fleet: FleetState, devices: readonly Device[], held: OutOfServiceMap): Trouble {
  const trouble: Trouble = { faulted: 0, commLost: 0, outOfService: 0 };
  for (const device of devices) {
    const state = liveOf(fleet, device.id).status?.state;
    if (held.has(device.id)) trouble.outOfService += 1;
    else if (state === 'fault') trouble.faulted += 1;
    else if (state === 'comm-lost') trouble.commLost += 1;
  }
  return trouble;
}
