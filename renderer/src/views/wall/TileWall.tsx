import type { ReactNode } from 'react';
import type { Device } from '../../../../shared/api';
import { useI18n } from '../../i18n/context';
import type { Translate } from '../../i18n/lang';
import { type HeadCount, type Trouble, troubleCounts } from './StationHead';
import { deviceTileProps, VirtualWall, type WallProps } from './VirtualWall';

/** What sets a wall apart from the others besides its counts and tiles. */
export type WallKind<T> = {
  /** The height of a row of tiles in px, matching wall.css. */
  rowHeight: number;
  itemKey(item: T): string;
  /** Small stations share a row (VirtualWall's pack). */
  pack?: boolean;
  /** The device an item's tile shows (a gun's charger). */
  deviceOf(item: T): Device;
};

type Props<T> = WallProps<T> &
  WallKind<T> & {
    /** A station head's own counts for its items, and their trouble, which every head ends with. */
    headCounts(
      items: readonly T[],
      on: Pick<WallProps<T>, 'fleet' | 'outOfService'> & { t: Translate },
    ): { own: readonly HeadCount[]; trouble: Trouble };
    /** An item's tile, given what every device tile takes. */
    renderTile(item: T, tile: ReturnType<typeof deviceTileProps>): ReactNode;
  };

/** A wall of device tiles on VirtualWall: each station head ends with its trouble counts, each tile is given its device's live values and controls. */
export function TileWall<T>({ deviceOf, headCounts, renderTile, ...wall }: Props<T>) {
  const { t } = useI18n();
  const counts = (items: readonly T[]) => {
    const { own, trouble } = headCounts(items, { t, fleet: wall.fleet, outOfService: wall.outOfService });
    return [...own, ...troubleCounts(t, trouble)];
  };
  const tile = (item: T) => renderTile(item, deviceTileProps(wall, deviceOf(item)));
  // VirtualWall takes what it lays out (sections, columns, row height, keys, packing) and passes over the rest.
  return <VirtualWall {...wall} headCounts={counts} renderItem={tile} />;
}
