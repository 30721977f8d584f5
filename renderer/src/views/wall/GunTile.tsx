import { memo } from 'react';
import type { Device, ProfileInfo } from '../../../../shared/api';
import { useI18n } from '../../i18n/context';
import { dynamicKey } from '../../i18n/lang';
import type { DeviceLive } from '../../state/fleet';
import { StateBadge } from '../../ui/tile/StateBadge';
import { Tile, TileFoot, TileHead } from '../../ui/tile/Tile';
import { BigValue, Mark } from '../../ui/tile/Value';
import { type GunTone, gunSeverity } from './chargers';
import { gunView } from './model';
import { type OutOfService, wallTone } from './outOfService';
import { CommLostAlert, CommsLine, FaultAlert, OutOfServiceBand, stateWord, ValueCell } from './parts';

type Props = {
  device: Device;
  n: number;
  profile: ProfileInfo | undefined;
  /** The charger's live values; a new object only when one of them changed, which is what memo compares. */
  live: DeviceLive;
  /** The outage or decommission holding the device, if any. */
  outOfService?: OutOfService;
  /** Given only when this operator may control this device. */
  onControl?: (deviceId: string) => void;
};

/**
 * One gun: what it is doing, at what power, for how long, and how sure the
 * desk is about it. Grey while normal; red for a fault, magenta for lost
 * communications, amber for unavailable or unknown.
 */
export const GunTile = memo(function GunTile({ device, n, profile, live, outOfService, onControl }: Props) {
  const { t } = useI18n();
  const severity: GunTone = wallTone(gunSeverity(live, n), outOfService);
  const gun = gunView(profile, live, n);
  const status = live.status;
  const stateName = stateWord(t, severity, outOfService);
  const [power, ...rest] = gun.cells;
  return (
    <Tile
      tone={severity}
      className="gtile"
      label={`${device.name} ${t('wall.gun', { n })}: ${stateName}`}
      data-device-id={device.id}
      data-gun={n}
      data-kind={device.kind}
      data-severity={severity}
      data-controllable={onControl ? 'true' : undefined}
      outOfService={outOfService && <OutOfServiceBand held={outOfService} />}
    >
      <TileHead name={device.name}>
        <span className="gtile__gun">{t('wall.gun', { n })}</span>
      </TileHead>
      <div className="gtile__main">
        <StateBadge
          state={severity}
          className={`quality--${gun.quality}`}
          data-point={gun.stateKey}
          data-gun-state={gun.state ?? 'unknown'}
          data-quality={gun.quality}
        >
          {severity === 'comm-lost' || outOfService
            ? stateName
            : t(dynamicKey('gun', gun.state, 'gun.unknown'))}
          <Mark mark={gun.mark} />
        </StateBadge>
        {power && (
          <BigValue
            point={power.key}
            text={power.text}
            unit={power.unit}
            quality={power.quality}
            mark={power.mark}
          />
        )}
      </div>
      <FaultAlert state={severity} status={status} />
      {severity === 'comm-lost' && <CommLostAlert status={status} message="comms.comm-lost" />}
      {severity !== 'fault' && severity !== 'comm-lost' && (
        <div className="values values--captioned gtile__values">
          {rest.map((c) => (
            <ValueCell key={c.key} cell={c} caption />
          ))}
        </div>
      )}
      <TileFoot onControl={onControl && (() => onControl(device.id))}>
        <CommsLine status={status} state={severity} worst={gun.worst} />
      </TileFoot>
    </Tile>
  );
});
