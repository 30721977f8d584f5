import { useCallback } from 'react';
import type { Station } from '../../../../shared/api';
import { useI18n } from '../../i18n/context';
import { liveOf } from '../../state/fleet';
import { type GunRef, gunCounts } from './chargers';
import { GunTile } from './GunTile';
import { StationHead, troubleCounts } from './StationHead';
import { VirtualWall, type WallProps } from './VirtualWall';

/** Matches .wall--chargers .vwall__row--tiles in wall.css, with the gap. */
export const GUN_ROW_PX = 206;

export function ChargerWall({ fleet, sections, columns, controllable, onControl }: WallProps<GunRef>) {
  const { t } = useI18n();
  const renderHead = useCallback(
    (station: Station, guns: readonly GunRef[]) => {
      const counts = gunCounts(fleet, guns);
      return (
        <StationHead
          station={station}
          counts={[
            { label: t('wall.count.guns'), value: counts.guns },
            { label: t('wall.count.charging'), value: counts.charging },
            ...troubleCounts(t, counts.faulted, counts.commLost),
          ]}
        />
      );
    },
    [fleet, t],
  );
  const renderItem = useCallback(
    ({ device, n }: GunRef) => (
      <GunTile
        device={device}
        n={n}
        profile={fleet.profiles[device.profile]}
        live={liveOf(fleet, device.id)}
        onControl={controllable(device) ? onControl : undefined}
      />
    ),
    [fleet, controllable, onControl],
  );
  return (
    <VirtualWall
      sections={sections}
      columns={columns}
      rowHeight={GUN_ROW_PX}
      renderHead={renderHead}
      renderItem={renderItem}
      itemKey={gunKey}
    />
  );
}

function gunKey({ device, n }: GunRef): string {
  return `${device.id}#${n}`;
}
