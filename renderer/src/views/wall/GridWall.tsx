import { useCallback } from 'react';
import type { Device, Station } from '../../../../shared/api';
import { useI18n } from '../../i18n/context';
import { type FleetState, liveOf } from '../../state/fleet';
import { HEAD_ROW_PX } from './ChargerWall';
import type { Section } from './chargers';
import { DeviceTile } from './DeviceTile';
import { StationHead } from './StationHead';
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
      const states = devices.map((d) => liveOf(fleet, d.id).status?.state);
      const faulted = states.filter((s) => s === 'fault').length;
      const lost = states.filter((s) => s === 'comm-lost').length;
      return (
        <StationHead
          station={station}
          counts={[
            { label: t('station.devices'), value: devices.length },
            { label: t('station.faulted'), value: faulted, tone: faulted > 0 ? 'fault' : null },
            { label: t('station.commLost'), value: lost, tone: lost > 0 ? 'comm-lost' : null },
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

function deviceKey(device: Device): string {
  return device.id;
}
