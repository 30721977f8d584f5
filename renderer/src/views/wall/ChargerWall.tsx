import { useCallback } from 'react';
import { useI18n } from '../../i18n/context';
import { type GunRef, gunCounts } from './chargers';
import { GunTile } from './GunTile';
import { troubleCounts } from './StationHead';
import { deviceTileProps, VirtualWall, type WallProps } from './VirtualWall';

/** Matches .wall--chargers .vwall__row--tiles in wall.css, with the gap. */
export const GUN_ROW_PX = 206;

export function ChargerWall(props: WallProps<GunRef>) {
  const { fleet, sections, columns, outOfService, controllable, onControl } = props;
  const { t } = useI18n();
  const headCounts = useCallback(
    (guns: readonly GunRef[]) => {
      const counts = gunCounts(fleet, guns, outOfService);
      return [
        { label: t('wall.count.guns'), value: counts.guns },
        { label: t('wall.count.charging'), value: counts.charging },
        ...troubleCounts(t, counts),
      ];
    },
    [fleet, outOfService, t],
  );
  const renderItem = useCallback(
    ({ device, n }: GunRef) => (
      <GunTile n={n} {...deviceTileProps({ fleet, outOfService, controllable, onControl }, device)} />
    ),
    [fleet, outOfService, controllable, onControl],
  );
  return (
    <VirtualWall
      sections={sections}
      columns={columns}
      rowHeight={GUN_ROW_PX}
      headCounts={headCounts}
      renderItem={renderItem}
      itemKey={gunKey}
    />
  );
}

function gunKey({ device, n }: GunRef): string {
  return `${device.id}#${n}`;
}
