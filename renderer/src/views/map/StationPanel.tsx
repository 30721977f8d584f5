import type { Station, WorkOrderView } from '../../../../shared/api';
import { useI18n } from '../../i18n/context';
import { formatNumber } from '../../i18n/format';
import { dynamicKey } from '../../i18n/lang';
import { type FleetState, liveOf } from '../../state/fleet';
import { type AlarmView, isOpenAlarm, severityOf } from './model';
import { devicePowerKw } from './power';

type Props = {
  fleet: FleetState;
  station: Station;
  alarms: readonly AlarmView[];
  /** The station's open work orders; null until the desk's list has arrived. */
  workOrders: readonly WorkOrderView[] | null;
  pinned: boolean;
  onClose(): void;
};

/**
 * One station at a glance: its devices with state and power now, its open
 * alarms, worst first, and the work orders still open on it, so the monitor
 * sees at once whether a crew is already on the way.
 */
export function StationPanel({ fleet, station, alarms, workOrders, pinned, onClose }: Props) {
  const { t, lang } = useI18n();
  const devices = fleet.devices.filter((d) => d.stationId === station.id);
  const open = alarms
    .filter((a) => a.stationId === station.id && isOpenAlarm(a))
    .sort((a, b) => tierOrder(b) - tierOrder(a) || a.raisedAt - b.raisedAt);
  const totalKw = devices
    .filter((d) => d.guns > 0)
    .reduce((sum, d) => sum + (devicePowerKw(fleet, d) ?? 0), 0);
  const name = lang === 'en' ? (station.nameEn ?? station.name) : station.name;
  return (
    <aside
      className="station-panel"
      aria-labelledby="station-panel-title"
      data-testid="station-panel"
      data-station-id={station.id}
    >
      <header className="station-panel__head">
        <h2 id="station-panel-title">{name}</h2>
        {pinned && (
          <button type="button" className="button" onClick={onClose} aria-label={t('map.closePanel')}>
            ✕ <kbd>Esc</kbd>
          </button>
        )}
      </header>
      <p className="station-panel__where">
        {station.group} · {station.address}
      </p>
      <p className="station-panel__power">
        {t('map.chargingNow')} <strong>{formatNumber(totalKw, 0)}</strong> kW
      </p>
      <h3>{t('map.devices', { count: devices.length })}</h3>
      <ul className="station-panel__devices">
        {devices.map((device) => {
          const status = liveOf(fleet, device.id).status;
          const state = status?.state ?? 'unknown';
          const severe = severityOf(status?.state ?? null) > 0;
          const kw = devicePowerKw(fleet, device);
          return (
            <li
              key={device.id}
              data-device-id={device.id}
              data-state={state}
              className={severe ? 'is-abnormal' : ''}
            >
              <span className="station-panel__device">{device.name}</span>
              <span className={`mark-state mark-state--${state}`} data-state={state}>
                {t(dynamicKey('state', state, 'state.unknown'))}
              </span>
              <span className="station-panel__kw">{kw === null ? '—' : `${formatNumber(kw, 1)} kW`}</span>
            </li>
          );
        })}
      </ul>
      <h3>{t('map.openAlarms', { count: open.length })}</h3>
      {open.length === 0 ? (
        <p className="station-panel__none">{t('map.noAlarms')}</p>
      ) : (
        <ul className="station-panel__alarms">
          {open.map((alarm) => (
            <li key={alarm.id} data-alarm-id={alarm.id} data-tier={alarm.tier} data-priority={alarm.priority}>
              <span className={`tier tier--${alarm.tier}`}>
                {t(dynamicKey('map.tier', alarm.tier, 'map.tier.remote'))}
              </span>
              <span>{alarm.deviceId ?? station.id}</span>
              <span className="station-panel__cause">{alarm.cause}</span>
            </li>
          ))}
        </ul>
      )}
      <h3>{t('map.workOrders', { count: workOrders?.length ?? 0 })}</h3>
      {workOrders === null ? (
        <p className="station-panel__none">{t('wo.loading')}</p>
      ) : workOrders.length === 0 ? (
        <p className="station-panel__none">{t('map.noWorkOrders')}</p>
      ) : (
        <ul className="station-panel__orders" data-testid="station-panel-orders">
          {workOrders.map((order) => (
            <li key={order.id} data-wo-id={order.id} data-state={order.state} data-tier={order.tier}>
              <span className={`tier tier--${order.tier}`}>
                {t(dynamicKey('wo.state', order.state, 'wo.state.created'))}
              </span>
              <span className="station-panel__order-id">{order.id}</span>
              <span className="station-panel__cause">
                {order.title}
                {order.crew.length > 0 ? ` · ${order.crew.join('、')}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}

function tierOrder(alarm: AlarmView): number {
  return ['remote', 'on-site', 'emergency'].indexOf(alarm.tier);
}
