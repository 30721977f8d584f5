import type { Device } from '../../../../shared/api';
import { type GunRef, gunCounts } from './chargers';
import { GunTile } from './GunTile';
import { TileWall, type WallKind } from './TileWall';
import type { WallProps } from './VirtualWall';

/** Matches .wall--chargers .vwall__row--tiles in wall.css, with the gap. */
export const GUN_ROW_PX = 206;

const GUN_WALL: WallKind<GunRef> = { rowHeight: GUN_ROW_PX, itemKey: gunKey, deviceOf: gunDevice };

export function ChargerWall(props: WallProps<GunRef>) {
  return (
    <TileWall
      {...props}
      {...GUN_WALL}
      headCounts={(guns, { t, fleet, outOfService }) => {
        const counts = gunCounts(fleet, guns, outOfService);
        const own = [
          { label: t('wall.count.guns'), value: counts.guns },
          { label: t('wall.count.charging'), value: counts.charging },
        ];
        return { own, trouble: counts };
      }}
      renderTile={({ n }, tile) => <GunTile n={n} {...tile} />}
    />
  );
}

function gunKey({ device, n }: GunRef): string {
  return `${device.id}#${n}`;
}

function gunDevice({ device }: GunRef): Device {
  return device;
}
