import { useMemo } from 'react';
import type { Device } from '../../../../shared/api';
import { PvTile } from './PvTile';
import { deviceTrouble } from './StationHead';
import { TileWall, type WallKind } from './TileWall';
import type { DayStart, PvState } from './usePv';
import { deviceKey, itself, type WallProps } from './VirtualWall';

/** Matches .pvtile in wall.css. */
export const PV_ROW_PX = 290;

const PV_WALL: WallKind<Device> = { rowHeight: PV_ROW_PX, itemKey: deviceKey, deviceOf: itself, pack: true };

type Props = WallProps<Device> & { pv: PvState; dayStarts: ReadonlyMap<string, DayStart> };

export function PvWall({ pv, dayStarts, ...props }: Props) {
  const fleetDevices = props.fleet.devices;
  const names = useMemo(() => new Map(fleetDevices.map((d) => [d.id, d.name])), [fleetDevices]);
  return (
    <TileWall
      {...props}
      {...PV_WALL}
      headCounts={(devices, { t, fleet, outOfService }) => {
        const flagged = devices.filter(
          (d) => !outOfService.has(d.id) && pv.verdicts.get(d.id)?.kind === 'flagged',
        ).length;
        const own = [
          { label: t('wall.count.inverters'), value: devices.length },
          { label: t('wall.count.flagged'), value: flagged, tone: flagged > 0 ? ('amber' as const) : null },
        ];
        return { own, trouble: deviceTrouble(fleet, devices, outOfService) };
      }}
      renderTile={(device, tile) => {
        const assessment = pv.assessments.get(device.id);
        const referenceId = assessment?.expected.referenceId;
        return (
          <PvTile
            {...tile}
            assessment={assessment}
            verdict={pv.verdicts.get(device.id)}
            dayStart={dayStarts.get(device.id)}
            referenceName={referenceId ? (names.get(referenceId) ?? null) : null}
          />
        );
      }}
    />
  );
}
