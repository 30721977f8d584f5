import { type RefObject, useEffect, useState } from 'react';
import { columnsFor } from './model';

/** Must match .wall's column gap in wall.css. */
const GAP_PX = 12;
const MIN_TILE_PX = 430;

/**
 * The wall is one grid shared by all stations (CSS subgrid), so a station
 * with one device takes one column and the next station can sit beside it.
 * CSS cannot tell a station how many columns exist; this measures them.
 */
export function useColumns(ref: RefObject<HTMLElement | null>): number {
  const [columns, setColumns] = useState(4);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => {
      const style = getComputedStyle(element);
      const inner =
        element.clientWidth - Number.parseFloat(style.paddingLeft) - Number.parseFloat(style.paddingRight);
      setColumns(columnsFor(inner, MIN_TILE_PX, GAP_PX));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return columns;
}
