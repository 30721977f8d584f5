import { memo } from 'react';
import type { ProfileInfo } from '../../../../shared/api';
import { useI18n } from '../../i18n/context';
import { dynamicKey } from '../../i18n/lang';
import { StateBadge } from '../../ui/tile/StateBadge';
import { BigValue, Mark } from '../../ui/tile/Value';
import { type GunTone, gunSeverity } from './chargers';
import { gunView } from './model';
import { wallTone } from './outOfService';
import type { WallTileProps } from './parts';
import { CommLostAlert, CommsLine, DeviceTileFrame, FaultAlert, stateWord, ValueCell } from './parts';

type Props = WallTileProps & { n: number; profile: ProfileInfo | undefined };

/**
 * One gun: what it is doing, at what power, for how long, and how sure the
 * desk is about it. Grey while normal; red for a fault, magenta for lost
 * communications, amber for unavailable or unknown.
 */
export const GunTile = memo(function GunTile(props: Props) {
  const { device, n, profile, live, outOfService } = props;
  const { t } = useI18n();
  const severity: GunTone = wallTone(gunSeverity(live, n), outOfService);
  const gun = gunView(profile, live, n);
  const status = live.status;
  const stateName = stateWord(t, severity, outOfService);
  const [power, ...rest] = gun.cells;
  return (
    <DeviceTileFrame
      of={props}
      tone={severity}
      className="gtile"
      label={`${device.name} ${t('wall.gun', { n })}: ${stateName}`}
      data-gun={n}
      data-severity={severity}
      head={<span className="gtile__gun">{t('wall.gun', { n })}</span>}
      foot={<CommsLine status={status} state={severity} worst={gun.worst} />}
    >
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
    </DeviceTileFrame>
  );
});
