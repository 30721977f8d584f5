import { type RefObject, useEffect, useState } from 'react';
import { columnsFor } from './model';

/** Must match .vwall's column gap in wall.css. */
const GAP_PX = 12;

/** Tile columns that fit the wall's width; rows of the virtual wall are cut to this many tiles. */
export function useColumns(ref: RefObject<HTMLElement | null>, minTilePx: number): number {
  const [columns, setColumns] = useState(4);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => {
      const style = getComputedStyle(element);
      const inner =
        element.clientWidth - Number.parseFloat(style.paddingLeft) - Number.parseFloat(style.paddingRight);
      setColumns(columnsFor(inner, minTilePx, GAP_PX));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, minTilePx]);
  return columns;
}
