import { useCallback } from 'react';
import type { Device, Station } from '../../../../shared/api';
import { useI18n } from '../../i18n/context';
import { liveOf } from '../../state/fleet';
import { DeviceTile } from './DeviceTile';
import { deviceKey, deviceTrouble, StationHead, troubleCounts } from './StationHead';
import { VirtualWall, type WallProps } from './VirtualWall';

/** Matches .vwall--grid .tile in wall.css. */
export const GRID_ROW_PX = 300;

/** Box transformers and meters: load, temperatures, voltages, breaker and door. */
export function GridWall({ fleet, sections, columns, controllable, onControl }: WallProps<Device>) {
  const { t } = useI18n();
  const renderHead = useCallback(
    (station: Station, devices: readonly Device[]) => {
      const { faulted, commLost } = deviceTrouble(fleet, devices);
      return (
        <StationHead
          station={station}
          counts={[
            { label: t('station.devices'), value: devices.length },
            ...troubleCounts(t, faulted, commLost),
          ]}
        />
      );
    },
    [fleet, t],
  );
  const renderItem = useCallback(
    (device: Device) => (
      <DeviceTile
        device={device}
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
      rowHeight={GRID_ROW_PX}
      renderHead={renderHead}
      renderItem={renderItem}
      itemKey={deviceKey}
      pack
    />
  );
}
