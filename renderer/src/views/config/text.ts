/** React keys for rows that survive inserts and removals; ids are editable, so they cannot serve. */
let nextRow = 1;
export const rowKey = () => nextRow++;

/**
 * Text to number the way the schema should judge it: "" and "abc" become
 * NaN so the schema reports the field, rather than a silent default.
 */
export function numberOf(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? Number.NaN : Number(trimmed);
}
