import { useCallback } from 'react';
import type { Device } from '../../../../shared/api';
import { useI18n } from '../../i18n/context';
import { DeviceTile } from './DeviceTile';
import { deviceTrouble, troubleCounts } from './StationHead';
import { deviceKey, deviceTileProps, VirtualWall, type WallProps } from './VirtualWall';

/** Matches .vwall--grid .tile in wall.css. */
export const GRID_ROW_PX = 300;

/** Box transformers and meters: load, temperatures, voltages, breaker and door. */
export function GridWall(props: WallProps<Device>) {
  const { fleet, sections, columns, outOfService, controllable, onControl } = props;
  const { t } = useI18n();
  const headCounts = useCallback(
    (devices: readonly Device[]) => {
      const trouble = deviceTrouble(fleet, devices, outOfService);
      return [{ label: t('station.devices'), value: devices.length }, ...troubleCounts(t, trouble)];
    },
    [fleet, outOfService, t],
  );
  const renderItem = useCallback(
    (device: Device) => (
      <DeviceTile {...deviceTileProps({ fleet, outOfService, controllable, onControl }, device)} />
    ),
    [fleet, outOfService, controllable, onControl],
  );
  return (
    <VirtualWall
      sections={sections}
      columns={columns}
      rowHeight={GRID_ROW_PX}
      headCounts={headCounts}
      renderItem={renderItem}
      itemKey={deviceKey}
      pack
    />
  );
}
