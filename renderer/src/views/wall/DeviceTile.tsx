import { memo } from 'react';
import type { ProfileInfo } from '../../../../shared/api';
import { useI18n } from '../../i18n/context';
import { dynamicKey } from '../../i18n/lang';
import { StateBadge } from '../../ui/tile/StateBadge';
import { Mark } from '../../ui/tile/Value';
import { type GunView, tileView } from './model';
import { wallTone } from './outOfService';
import type { WallTileProps } from './parts';
import { CommLostAlert, CommsLine, DeviceTileFrame, FaultAlert, stateWord, ValueCell } from './parts';

const ABNORMAL_GUN = new Set(['faulted', 'unavailable']);

type Props = WallTileProps & { profile: ProfileInfo | undefined };

export const DeviceTile = memo(function DeviceTile(props: Props) {
  const { device, profile, live, outOfService } = props;
  const { t } = useI18n();
  const view = tileView(device, profile, live);
  const state = wallTone(view.state, outOfService);
  const status = live.status;
  const stateName = stateWord(t, state, outOfService);
  return (
    <DeviceTileFrame
      of={props}
      tone={state}
      label={`${device.name}: ${stateName}`}
      head={<StateBadge state={state}>{stateName}</StateBadge>}
      foot={<CommsLine status={status} state={state} worst={view.worst} />}
    >
      <div className="tile__meta">
        {t(dynamicKey('kind', device.kind, 'kind.meter'))} · {t('value.rated', { kw: device.ratedKw })}
      </div>
      {state === 'comm-lost' && (
        <CommLostAlert status={status} message="comms.lostBanner" endpoint={device.endpoint} />
      )}
      <FaultAlert state={state} status={status} />
      {view.guns.map((gun) => (
        <GunRow key={gun.n} gun={gun} />
      ))}
      {view.cells.length > 0 && (
        <div className="values values--captioned">
          {view.cells.map((c) => (
            <ValueCell key={c.key} cell={c} caption />
          ))}
        </div>
      )}
      {view.inverterState && (
        <div
          className={`line quality--${view.inverterState.quality}`}
          data-point="state"
          data-quality={view.inverterState.quality}
        >
          {t(dynamicKey('inverter', view.inverterState.value, 'inverter.unknown'))}
          <Mark mark={view.inverterState.mark} />
        </div>
      )}
      {view.switches.length > 0 && (
        <div className="switches">
          {view.switches.map((sw) => (
            <div
              key={sw.key}
              className={`line switch switch--${sw.value ?? 'unknown'} quality--${sw.quality}`}
              data-point={sw.key}
              data-switch={sw.value ?? 'unknown'}
              data-quality={sw.quality}
            >
              <span className="switch__label">{t(sw.label)}</span>{' '}
              {t(dynamicKey(sw.key, sw.value, sw.key === 'door' ? 'door.unknown' : 'breaker.unknown'))}
              <Mark mark={sw.mark} />
            </div>
          ))}
        </div>
      )}
    </DeviceTileFrame>
  );
});

function GunRow({ gun }: { gun: GunView }) {
  const { t } = useI18n();
  const abnormal = gun.state !== null && ABNORMAL_GUN.has(gun.state);
  return (
    <div className={`gun${gun.state === 'idle' ? ' gun--idle' : ''}`} data-gun={gun.n}>
      <div className="gun__head">
        <span className="gun__name">{t('gun.name', { n: gun.n })}</span>
        <span
          className={`gun__state gun__state--${abnormal ? gun.state : 'normal'} quality--${gun.quality}`}
          data-point={gun.stateKey}
          data-gun-state={gun.state ?? 'unknown'}
          data-quality={gun.quality}
        >
          {t(dynamicKey('gun', gun.state, 'gun.unknown'))}
        </span>
        <Mark mark={gun.mark} />
      </div>
      <div className="values">
        {gun.cells.map((c) => (
          <ValueCell key={c.key} cell={c} />
        ))}
      </div>
    </div>
  );
}
