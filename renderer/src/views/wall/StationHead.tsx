import type { Station } from '../../../../shared/api';
import { useI18n } from '../../i18n/context';

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
