import { useCallback, useMemo } from 'react';
import type { Device } from '../../../../shared/api';
import { useI18n } from '../../i18n/context';
import { PvTile } from './PvTile';
import { deviceTrouble, type HeadCount, troubleCounts } from './StationHead';
import type { DayStart, PvState } from './usePv';
import { deviceKey, deviceTileProps, VirtualWall, type WallProps } from './VirtualWall';

/** Matches .pvtile in wall.css. */
export const PV_ROW_PX = 290;

type Props = WallProps<Device> & { pv: PvState; dayStarts: ReadonlyMap<string, DayStart> };

export function PvWall(props: Props) {
  const { fleet, sections, pv, dayStarts, columns, outOfService, controllable, onControl } = props;
  const { t } = useI18n();
  const names = useMemo(() => new Map(fleet.devices.map((d) => [d.id, d.name])), [fleet.devices]);
  const headCounts = useCallback(
    (devices: readonly Device[]) => {
      const flagged = devices.filter(
        (d) => !outOfService.has(d.id) && pv.verdicts.get(d.id)?.kind === 'flagged',
      ).length;
      const trouble = deviceTrouble(fleet, devices, outOfService);
      const counts: HeadCount[] = [
        { label: t('wall.count.inverters'), value: devices.length },
        { label: t('wall.count.flagged'), value: flagged, tone: flagged > 0 ? 'amber' : null },
      ];
      return [...counts, ...troubleCounts(t, trouble)];
    },
    [fleet, outOfService, pv.verdicts, t],
  );
  const renderItem = useCallback(
    (device: Device) => {
      const assessment = pv.assessments.get(device.id);
      const referenceId = assessment?.expected.referenceId;
      return (
        <PvTile
          {...deviceTileProps({ fleet, outOfService, controllable, onControl }, device)}
          assessment={assessment}
          verdict={pv.verdicts.get(device.id)}
          dayStart={dayStarts.get(device.id)}
          referenceName={referenceId ? (names.get(referenceId) ?? null) : null}
        />
      );
    },
    [fleet, outOfService, pv, dayStarts, names, controllable, onControl],
  );
  return (
    <VirtualWall
      sections={sections}
      columns={columns}
      rowHeight={PV_ROW_PX}
      headCounts={headCounts}
      renderItem={renderItem}
      itemKey={deviceKey}
      pack
    />
  );
}
