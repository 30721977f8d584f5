import { useEffect, useState } from 'react';
import type { DeskInfo } from '../../../../shared/api';
import { useI18n } from '../../i18n/context';
import { formatClock, formatDate, formatNumber } from '../../i18n/format';
import type { FleetSummary } from '../../state/fleet';
import type { LinkState } from '../../transport';

type Props = {
  summary: FleetSummary | null;
  link: LinkState;
  info: DeskInfo | null;
  onHelp(): void;
};

export function HeaderBar({ summary, link, info, onHelp }: Props) {
  const { t, toggle } = useI18n();
  return (
    <header className="topbar">
      <div className="topbar__brand">
        <h1>{t('app.name')}</h1>
        {info?.fleet === 'demo' && <span className="tag">{t('app.demo')}</span>}
      </div>
      {summary && (
        <dl className="topbar__summary">
          <Stat label={t('summary.stations')} value={String(summary.stations)} />
          <Stat label={t('summary.devices')} value={String(summary.devices)} />
          <Stat label={t('summary.gunsCharging')} value={String(summary.gunsCharging)} />
          <Stat
            label={t('summary.faults')}
            value={String(summary.faults)}
            tone={summary.faults ? 'fault' : null}
          />
          <Stat
            label={t('summary.commLost')}
            value={String(summary.commLost)}
            tone={summary.commLost ? 'comm-lost' : null}
          />
          <Stat label={t('summary.chargingKw')} value={formatNumber(summary.chargingKw, 0)} unit="kW" />
          <Stat label={t('summary.pvKw')} value={formatNumber(summary.pvKw, 0)} unit="kW" />
        </dl>
      )}
      <div className="topbar__side">
        <span className={`link link--${link}`} data-link={link} role="status">
          <span aria-hidden="true">{link === 'open' ? '●' : '⊘'} </span>
          {t(`link.${link}`)}
        </span>
        <Clock />
        <button type="button" className="button" onClick={toggle} title={t('lang.switchHint')}>
          {t('lang.switch')}
        </button>
        <button
          type="button"
          className="button"
          onClick={onHelp}
          title={t('help.open')}
          aria-label={t('help.open')}
        >
          ?
        </button>
      </div>
    </header>
  );
}

function Stat({
  label,
  value,
  unit,
  tone = null,
}: {
  label: string;
  value: string;
  unit?: string;
  tone?: string | null;
}) {
  return (
    <div className={`stat${tone ? ` stat--${tone}` : ''}`}>
      <dt>{label}</dt>
      <dd>
        {value}
        {unit && <span className="stat__unit">{unit}</span>}
      </dd>
    </div>
  );
}

/** Ticks on its own so the wall does not re-render every second for the clock. */
function Clock() {
  const { lang } = useI18n();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <div className="clock">
      <time className="clock__time" dateTime={new Date(now).toISOString()}>
        {formatClock(now)}
      </time>
      <span className="clock__date">{formatDate(now, lang)}</span>
    </div>
  );
}
