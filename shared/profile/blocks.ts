import { type ProfilePoint, wordCount } from './schema';

/** One Modbus read request and the points it carries. */
export type Block = {
  table: ProfilePoint['table'];
  start: number;
  count: number;
  points: ProfilePoint[];
};

/** Modbus caps a register read at 125 words. */
export const MAX_BLOCK_WORDS = 125;

/**
 * Coalesces points into as few reads as possible: adjacent points, or points
 * separated by at most `maxGap` unused registers, share one read up to
 * `maxWords`. Reading a few unused registers is far cheaper than another
 * round trip, but gaps too wide risk hitting unmapped registers.
 */
export function planBlocks(points: readonly ProfilePoint[], maxGap = 8, maxWords = MAX_BLOCK_WORDS): Block[] {
  const sorted = [...points].sort((a, b) =>
    a.table === b.table ? a.address - b.address : a.table < b.table ? -1 : 1,
  );
  const blocks: Block[] = [];
  let current: Block | undefined;
  for (const point of sorted) {
    const end = point.address + wordCount(point);
    const fits =
      current &&
      current.table === point.table &&
      point.address - (current.start + current.count) <= maxGap &&
      end - current.start <= maxWords;
    if (current && fits) {
      current.count = Math.max(current.count, end - current.start);
      current.points.push(point);
    } else {
      current = { table: point.table, start: point.address, count: end - point.address, points: [point] };
      blocks.push(current);
    }
  }
  return blocks;
}

/**
 * Adds a point to an existing block when the block can take it within the
 * gap and size limits; a slower point riding along a faster read costs
 * nothing extra, where its own read would cost a round trip.
 */
export function joinBlock(
  block: Block,
  point: ProfilePoint,
  maxGap = 8,
  maxWords = MAX_BLOCK_WORDS,
): boolean {
  if (block.table !== point.table) return false;
  const pointEnd = point.address + wordCount(point);
  const blockEnd = block.start + block.count;
  const start = Math.min(block.start, point.address);
  const end = Math.max(blockEnd, pointEnd);
  const gap = Math.max(point.address - blockEnd, block.start - pointEnd, 0);
  if (gap > maxGap || end - start > maxWords) return false;
  block.start = start;
  block.count = end - start;
  block.points.push(point);
  return true;
}
