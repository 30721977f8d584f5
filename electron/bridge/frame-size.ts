/** Roughly what a value adds to its JSON text, children aside. */
function ownSize(item: unknown): { bytes: number; children: number } {
  if (typeof item === 'string') return { bytes: Buffer.byteLength(item, 'utf8') + 2, children: 0 };
  if (item === null || typeof item !== 'object') return { bytes: 24, children: 0 };
  // Binary data would be written as a list of numbers: several bytes per byte.
  if (ArrayBuffer.isView(item) || item instanceof ArrayBuffer)
    return { bytes: item.byteLength * 4 + 2, children: 0 };
  if (item instanceof Map) return { bytes: 2, children: item.size * 2 };
  if (item instanceof Set) return { bytes: 2, children: item.size };
  if (Array.isArray(item)) return { bytes: 2, children: item.length };
  return { bytes: 2, children: Object.keys(item).length };
}

/**
 * Whether a structured-clone message fits in `limit` bytes once written as
 * JSON, judged without writing it: the walk stops as soon as the budget is
 * spent (a child counts before it is visited), so an oversized or cyclic
 * message costs no more than the limit. A WebSocket frame is measured by ws
 * before it is parsed; a MessagePort hands over a whole object graph, which
 * is measured here instead.
 */
export function fitsFrame(value: unknown, limit: number): boolean {
  let budget = limit;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    const { bytes, children } = ownSize(item);
    budget -= bytes + children;
    if (budget < 0) return false;
    if (children === 0) continue;
    if (item instanceof Map) {
      for (const [key, entry] of item) stack.push(key, entry);
    } else if (item instanceof Set || Array.isArray(item)) {
      for (const entry of item) stack.push(entry);
    } else {
      for (const [key, entry] of Object.entries(item as object)) {
        budget -= Buffer.byteLength(key, 'utf8') + 3;
        stack.push(entry);
      }
    }
  }
  return true;
}
