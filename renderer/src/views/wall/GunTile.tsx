import { memo } from 'react';
import type { Device, ProfileInfo } from '../../../../shared/api';
import { useI18n } from '../../i18n/context';
import { formatClock } from '../../i18n/format';
import { dynamicKey } from '../../i18n/lang';
import type { DeviceLive } from '../../state/fleet';
import { type GunSeverity, gunSeverity } from './chargers';
import { type Cell, describeFaults, gunView } from './model';
import { Mark, STATE_ICON, ValueCell } from './parts';

type Props = {
  device: Device;
  n: number;
  profile: ProfileInfo | undefined;
  /** The charger's live values; a new object only when one of them changed, which is what memo compares. */
  live: DeviceLive;
  controllable: boolean;
  onControl(deviceId: string): void;
};

/**
 * One gun: what it is doing, at what power, for how long, and how sure the
 * desk is about it. Grey while normal; red for a fault, magenta for lost
 * communications, amber for unavailable or unknown.
 */
export const GunTile = memo(function GunTile({ device, n, profile, live, controllable, onControl }: Props) {
  const { t } = useI18n();
  const severity: GunSeverity = gunSeverity(live, n);
  const gun = gunView(profile, live, n);
  const status = live.status;
  const stateName = t(dynamicKey('state', severity, 'state.unknown'));
  const [power, ...rest] = gun.cells;
  return (
    <article
      className={`tile gtile tile--${severity}`}
      data-device-id={device.id}
      data-gun={n}
      data-kind={device.kind}
      data-severity={severity}
      data-controllable={controllable ? 'true' : undefined}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the wall is read by walking its tiles with Tab and the arrow keys.
      tabIndex={0}
      aria-label={`${device.name} ${t('wall.gun', { n })}: ${stateName}`}
    >
      <header className="tile__head">
        <h3 className="tile__name">{device.name}</h3>
        <span className="gtile__gun">{t('wall.gun', { n })}</span>
      </header>
      <div className="gtile__main">
        <span
          className={`badge badge--${severity} quality--${gun.quality}`}
          data-state={severity}
          data-point={gun.stateKey}
          data-gun-state={gun.state ?? 'unknown'}
          data-quality={gun.quality}
        >
          {STATE_ICON[severity] && (
            <span className="badge__icon" aria-hidden="true">
              {STATE_ICON[severity]}
            </span>
          )}
          {severity === 'comm-lost' ? stateName : t(dynamicKey('gun', gun.state, 'gun.unknown'))}
          <Mark mark={gun.mark} />
        </span>
        {power && <BigPower cell={power} />}
      </div>
      {severity === 'fault' && status && status.faults.length > 0 && (
        <div className="tile__alert tile__alert--fault">
          <span aria-hidden="true">▲ </span>
          {describeFaults(status.faults, t)}
        </div>
      )}
      {severity === 'comm-lost' && (
        <div className="tile__alert tile__alert--comm-lost" role="status">
          <span aria-hidden="true">⊘ </span>
          {t('comms.comm-lost')}
          {status && ` · ${t('comms.since', { time: formatClock(status.since) })}`}
        </div>
      )}
      {severity !== 'fault' && severity !== 'comm-lost' && (
        <div className="values values--captioned gtile__values">
          {rest.map((c) => (
            <ValueCell key={c.key} cell={c} caption />
          ))}
        </div>
      )}
      <footer className="tile__foot">
        <span className="tile__comms" data-comms={status?.comms ?? 'connecting'}>
          {t(dynamicKey('comms', status?.comms, 'comms.connecting'))}
          {severity !== 'comm-lost' &&
            gun.worst !== 'good' &&
            ` · ${t(gun.worst === 'stale' ? 'comms.stale' : 'comms.bad')}`}
        </span>
        {controllable && (
          <button
            type="button"
            className="tile__control"
            data-testid="tile-control"
            title={t('control.openHint')}
            onClick={() => onControl(device.id)}
          >
            {t('control.open')}
          </button>
        )}
      </footer>
    </article>
  );
});

function BigPower({ cell }: { cell: Cell }) {
  return (
    <span className={`gtile__power quality--${cell.quality}`}>
      <span className="gtile__kw" data-point={cell.key} data-quality={cell.quality}>
        {cell.text}
      </span>
      <span className="value__unit">{cell.unit}</span>
      <Mark mark={cell.mark} />
    </span>
  );
}
