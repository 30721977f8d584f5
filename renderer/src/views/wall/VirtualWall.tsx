import { useWindowVirtualizer } from '@tanstack/react-virtual';
import {
  type CSSProperties,
  type ReactNode,
  useCallback,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { Device, Station } from '../../../../shared/api';
import { type FleetState, liveOf } from '../../state/fleet';
import type { Section } from './chargers';
import type { OutOfServiceMap } from './outOfService';
import { type HeadCount, StationHead } from './StationHead';

type Row<T> =
  | { kind: 'head'; key: string; station: Station; items: readonly T[] }
  | { kind: 'tiles'; key: string; items: readonly T[] }
  /** Small stations side by side, each with its own header, when they fit one row together. */
  | { kind: 'packed'; key: string; sections: Section<T>[] };

/** A station's header row in px, matching .vwall__row--head in wall.css; fixed, so scrolling never waits for a measurement. */
const HEAD_ROW_PX = 60;

/** Rows beyond the screen kept rendered, so arrow keys always find the next row to move to. */
const OVERSCAN_ROWS = 3;

/** What every wall is given: its station sections, the columns that fit, and who may control what. */
export type WallProps<T> = {
  fleet: FleetState;
  sections: readonly Section<T>[];
  columns: number;
  /** Devices an approved outage or decommission holds: their tiles are out of service, not faulted. */
  outOfService: OutOfServiceMap;
  controllable(device: Device): boolean;
  onControl(deviceId: string): void;
};

type Props<T> = {
  sections: readonly Section<T>[];
  columns: number;
  /** The height of a row of tiles in px, fixed like the header's. */
  rowHeight: number;
  /** The counts a station's header shows for its items on this wall. */
  headCounts(items: readonly T[]): readonly HeadCount[];
  renderItem(item: T): ReactNode;
  itemKey(item: T): string;
  /**
   * Stations with fewer devices than columns share a row (a carport's one
   * inverter need not take a whole screen row); stations stay in order.
   */
  pack?: boolean;
};

/**
 * Station sections cut into rows of tiles, and only the rows on screen in
 * the DOM: thousands of tiles cost what a screenful costs. The page itself
 * scrolls, as it does for every other view.
 */
export function VirtualWall<T>({
  sections,
  columns,
  rowHeight,
  headCounts,
  renderItem,
  itemKey,
  pack = false,
}: Props<T>) {
  const listRef = useRef<HTMLDivElement>(null);
  const [top, setTop] = useState(0);
  useLayoutEffect(() => {
    const element = listRef.current;
    if (!element) return;
    const measure = () => setTop(element.getBoundingClientRect().top + window.scrollY);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, []);

  const rows = useMemo(() => {
    const out: Row<T>[] = [];
    let packed: { sections: Section<T>[]; span: number } | null = null;
    const flush = () => {
      const first = packed?.sections[0];
      if (packed && first)
        out.push({ kind: 'packed', key: `p:${first.station.id}`, sections: packed.sections });
      packed = null;
    };
    for (const section of sections) {
      const { station, items } = section;
      if (pack && items.length < columns) {
        if (packed && packed.span + items.length > columns) flush();
        packed ??= { sections: [], span: 0 };
        packed.sections.push(section);
        packed.span += items.length;
        continue;
      }
      flush();
      out.push({ kind: 'head', key: `h:${station.id}`, station, items });
      for (let i = 0; i < items.length; i += columns)
        out.push({
          kind: 'tiles',
          key: `r:${station.id}:${i / columns}`,
          items: items.slice(i, i + columns),
        });
    }
    flush();
    return out;
  }, [sections, columns, pack]);

  // A new key function whenever the rows change makes the virtualizer lay them out again.
  const getItemKey = useCallback((index: number) => rows[index]?.key ?? index, [rows]);
  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize: (index) => {
      const kind = rows[index]?.kind;
      return kind === 'head' ? HEAD_ROW_PX : kind === 'packed' ? HEAD_ROW_PX + rowHeight : rowHeight;
    },
    getItemKey,
    overscan: OVERSCAN_ROWS,
    scrollMargin: top,
  });

  return (
    <div
      ref={listRef}
      className="vwall"
      // Custom properties through the CSSOM, which the CSP's style-src 'self' allows.
      style={{ '--vwall-height': `${virtualizer.getTotalSize()}px`, '--columns': columns } as CSSProperties}
    >
      {virtualizer.getVirtualItems().map((item) => {
        const row = rows[item.index];
        if (!row) return null;
        const style = { '--row-y': `${item.start - top}px` } as CSSProperties;
        if (row.kind === 'packed')
          return (
            <div key={row.key} className="vwall__row vwall__row--packed" style={style}>
              {row.sections.map(({ station, items }) => (
                <div
                  key={station.id}
                  className="vwall__block"
                  style={{ '--span': items.length } as CSSProperties}
                >
                  <div className="vwall__blockhead">
                    <StationHead station={station} counts={headCounts(items)} />
                  </div>
                  <div className="vwall__blocktiles">
                    {items.map((entry) => (
                      <div key={itemKey(entry)} className="vwall__cell">
                        {renderItem(entry)}
                      </div>
                    ))}
                  </div>
                </div>
              ))}
            </div>
          );
        return row.kind === 'head' ? (
          <div key={row.key} className="vwall__row vwall__row--head" style={style}>
            <StationHead station={row.station} counts={headCounts(row.items)} />
          </div>
        ) : (
          <div key={row.key} className="vwall__row vwall__row--tiles" style={style}>
            {row.items.map((entry) => (
              <div key={itemKey(entry)} className="vwall__cell">
                {renderItem(entry)}
              </div>
            ))}
          </div>
        );
      })}
    </div>
  );
}

/** Device walls key their tiles by device id. */
export function deviceKey(device: Device): string {
  return device.id;
}

/**
 * What every device tile is given: the device, its profile and live values,
 * the outage holding it if any, and its controls when this operator may use them.
 */
export function deviceTileProps(
  { fleet, outOfService, controllable, onControl }: Omit<WallProps<unknown>, 'sections' | 'columns'>,
  device: Device,
) {
  return {
    device,
    profile: fleet.profiles[device.profile],
    live: liveOf(fleet, device.id),
    outOfService: outOfService.get(device.id),
    onControl: controllable(device) ? onControl : undefined,
  };
}

/** Device walls' items are the devices themselves. */
export function itself(device: Device): Device {
  return device;
}
