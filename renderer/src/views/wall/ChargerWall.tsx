import { useCallback } from 'react';
import type { Device, Station } from '../../../../shared/api';
import { useI18n } from '../../i18n/context';
import { type FleetState, liveOf } from '../../state/fleet';
import { type GunRef, gunCounts, type Section } from './chargers';
import { GunTile } from './GunTile';
import { StationHead, troubleCounts } from './StationHead';
import { VirtualWall } from './VirtualWall';

type Props = {
  fleet: FleetState;
  sections: readonly Section<GunRef>[];
  columns: number;
  controllable(device: Device): boolean;
  onControl(deviceId: string): void;
};

/** Tile and header heights in px, matching wall.css. */
export const GUN_ROW_PX = 206;
export const HEAD_ROW_PX = 60;

export function ChargerWall({ fleet, sections, columns, controllable, onControl }: Props) {
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
        controllable={controllable(device)}
        onControl={onControl}
      />
    ),
    [fleet, controllable, onControl],
  );
  return (
    <VirtualWall
      sections={sections}
      columns={columns}
      headHeight={HEAD_ROW_PX}
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
