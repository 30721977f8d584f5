import type { ReactNode } from 'react';
import type { DeskInfo, SessionInfo } from '../../../shared/api';
import { useI18n } from '../i18n/context';
import { useFleetTime } from '../i18n/fleetTime';
import { browserTimeZone, formatNumber, formatTime, formatUtcOffset, sameWallClock } from '../i18n/format';
import type { MessageKey } from '../i18n/messages';
import type { FleetSummary } from '../state/fleet';
import { useDeskNow } from '../state/useDeskClock';
import type { LinkState } from '../transport';
import { isDemoDesk } from './demo/DemoBand';

export type ViewName =
  | 'wall'
  | 'config'
  | 'map'
  | 'alarms'
  | 'workorders'
  | 'applications'
  | 'warnings'
  | 'trends'
  | 'handover'
  | 'reports'
  | 'drills';

/** The views in the order of their tabs, each with the function key that opens it. */
const TABS: readonly { view: ViewName; label: MessageKey; key: string }[] = [
  { view: 'wall', label: 'view.wall', key: 'F1' },
  { view: 'alarms', label: 'view.alarms', key: 'F3' },
  { view: 'workorders', label: 'view.workorders', key: 'F7' },
  { view: 'applications', label: 'view.applications', key: 'F8' },
  { view: 'warnings', label: 'view.warnings', key: 'F10' },
  { view: 'map', label: 'view.map', key: 'F5' },
  { view: 'trends', label: 'view.trends', key: 'F6' },
  { view: 'handover', label: 'view.handover', key: 'F4' },
  { view: 'reports', label: 'view.reports', key: 'F9' },
  // 演练 (yǎnliàn): a letter, since F11 and F12 belong to the browser.
  { view: 'drills', label: 'view.drills', key: 'Y' },
  { view: 'config', label: 'view.config', key: 'F2' },
];

type Props = {
  summary: FleetSummary | null;
  link: LinkState;
  info: DeskInfo | null;
  session: SessionInfo | null;
  view: ViewName;
  configDirty: boolean;
  onView(view: ViewName): void;
  onHelp(): void;
  /** Unacknowledged alarms and the annunciator, visible whatever the view. */
  alarmIndicator?: ReactNode;
  /** Who is signed in, with sign in, lock, switch user, sign out, accounts; replaces the plain session line. */
  authControls?: ReactNode;
  /** Whether the records reach the sync server. */
  syncIndicator?: ReactNode;
  /** The notifications waiting, retried or refused in the outbox. */
  outboxIndicator?: ReactNode;
  /** The local records: journal integrity and backups. */
  storeIndicator?: ReactNode;
};

export function HeaderBar({
  summary,
  link,
  info,
  session,
  view,
  configDirty,
  onView,
  onHelp,
  alarmIndicator,
  authControls,
  syncIndicator,
  outboxIndicator,
  storeIndicator,
}: Props) {
  const { t, toggle } = useI18n();
  return (
    <header className="topbar">
      <div className="topbar__brand">
        <h1>{t('app.name')}</h1>
        {isDemoDesk(info) && <span className="tag">{t('app.demo')}</span>}
      </div>
      <nav className="tabs" aria-label={t('view.label')}>
        {TABS.map(({ view: name, label, key }) => (
          <button
            key={name}
            type="button"
            className="tab"
            data-testid={`tab-${name}`}
            aria-current={view === name ? 'page' : undefined}
            onClick={() => onView(name)}
          >
            {t(label)}
            {name === 'config' && configDirty && t('view.unsaved')} <kbd>{key}</kbd>
          </button>
        ))}
      </nav>
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
        {alarmIndicator}
        {storeIndicator}
        <span className={`link link--${link}`} data-link={link} role="status">
          <span aria-hidden="true">{link === 'open' ? '●' : '⊘'} </span>
          {t(`link.${link}`)}
        </span>
        {syncIndicator}
        {outboxIndicator}
        {authControls ?? (
          <div className="who" data-testid="session" title={t('session.label')}>
            {session ? (
              <>
                <span className="who__user" data-testid="session-user">
                  {session.user}
                </span>
                <span className="who__role" data-testid="session-role" data-role={session.role}>
                  {t(`role.${session.role}`)}
                </span>
              </>
            ) : (
              <span className="who__role">{t('session.unknown')}</span>
            )}
          </div>
        )}
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

/**
 * Ticks on its own so the wall does not re-render every second for the clock.
 * The fleet's time leads, since shifts, reports and "today" follow it; a
 * workstation in another zone also shows its own time, labelled, so neither
 * is mistaken for the other.
 */
function Clock() {
  const { t } = useI18n();
  const fleet = useFleetTime();
  const now = useDeskNow(true, 1000);
  const local = browserTimeZone();
  const fleetOffset = formatUtcOffset(now, fleet.timeZone);
  return (
    <div className="clock" data-testid="clock">
      <time
        className="clock__time"
        dateTime={new Date(now).toISOString()}
        data-zone={fleet.timeZone}
        title={t('clock.fleetHint', { zone: `${fleet.timeZone}, ${fleetOffset}` })}
      >
        {fleet.clock(now)}
      </time>
      <span className="clock__date">
        {fleet.date(now)} · {t('clock.fleet')} {fleetOffset}
      </span>
      {!sameWallClock(now, fleet.timeZone, local) && (
        <span
          className="clock__local"
          data-testid="clock-local"
          data-zone={local}
          title={t('clock.localHint', { zone: local })}
        >
          {t('clock.local')} {formatTime(now, local)} {formatUtcOffset(now, local)}
        </span>
      )}
    </div>
  );
}
