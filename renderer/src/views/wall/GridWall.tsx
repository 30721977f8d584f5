import { useCallback } from 'react';
import type { Device, Station } from '../../../../shared/api';
import { useI18n } from '../../i18n/context';
import { type FleetState, liveOf } from '../../state/fleet';
import { HEAD_ROW_PX } from './ChargerWall';
import type { Section } from './chargers';
import { DeviceTile } from './DeviceTile';
import { deviceKey, deviceTrouble, StationHead, troubleCounts } from './StationHead';
import { VirtualWall } from './VirtualWall';

/** Matches .vwall--grid .tile in wall.css. */
export const GRID_ROW_PX = 300;

type Props = {
  fleet: FleetState;
  sections: readonly Section<Device>[];
  columns: number;
  controllable(device: Device): boolean;
  onControl(deviceId: string): void;
};

/** Box transformers and meters: load, temperatures, voltages, breaker and door. */
export function GridWall({ fleet, sections, columns, controllable, onControl }: Props) {
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
      headHeight={HEAD_ROW_PX}
      rowHeight={GRID_ROW_PX}
      renderHead={renderHead}
      renderItem={renderItem}
      itemKey={deviceKey}
      pack
    />
  );
}
