/** One optional filter of a query: its SQL condition, the parameter it binds, and the value (undefined: not asked for). */
export type SqlFilter = readonly [condition: string, param: string, value: unknown];

/** Adds the condition of each filter the query asks for to `where`, its value to `params` under the parameter's name. */
export function addFilters(
  where: string[],
  params: Record<string, unknown>,
  filters: readonly SqlFilter[],
): void {
  for (const [condition, param, value] of filters) {
    if (value === undefined) continue;
    where.push(condition);
    params[param] = value;
  }
}
