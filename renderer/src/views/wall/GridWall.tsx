import type { Device } from '../../../../shared/api';
import { DeviceTile } from './DeviceTile';
import { deviceTrouble } from './StationHead';
import { TileWall, type WallKind } from './TileWall';
import { deviceKey, itself, type WallProps } from './VirtualWall';

/** Matches .vwall--grid .tile in wall.css. */
export const GRID_ROW_PX = 300;

const GRID_WALL: WallKind<Device> = {
  rowHeight: GRID_ROW_PX,
  itemKey: deviceKey,
  deviceOf: itself,
  pack: true,
};

/** Box transformers and meters: load, temperatures, voltages, breaker and door. */
export function GridWall(props: WallProps<Device>) {
  return (
    <TileWall
      {...props}
      {...GRID_WALL}
      headCounts={(devices, { t, fleet, outOfService }) => ({
        own: [{ label: t('station.devices'), value: devices.length }],
        trouble: deviceTrouble(fleet, devices, outOfService),
      })}
      renderTile={(_, tile) => <DeviceTile {...tile} />}
    />
  );
}
