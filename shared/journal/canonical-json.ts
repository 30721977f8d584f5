/** Thrown for a value that has no single JSON spelling; the message names where in the value. */
export class CanonicalJsonError extends Error {
  constructor(path: readonly (string | number)[], problem: string) {
    super(`${formatPath(path)}: ${problem}`);
    this.name = 'CanonicalJsonError';
  }
}

// A lone surrogate cannot be stored as UTF-8 unchanged and I-JSON (RFC 7493) forbids it.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const PLAIN_KEY = /^[A-Za-z_$][\w$]*$/;

/**
 * The one byte-exact JSON spelling of a value, so a hash over it means the
 * same thing in the engine, the server and any later re-verification: keys
 * sorted by UTF-16 code units, no whitespace, numbers and strings as
 * ECMAScript's JSON.stringify writes them (this is RFC 8785, JCS). Anything
 * JSON.stringify would silently drop or change (undefined, NaN, Infinity,
 * functions, symbols, Dates, Maps, class instances, array holes, cycles)
 * is refused instead, because a record must read back exactly as written.
 */
export function canonicalJson(value: unknown): string {
  return write(value, [], new Set());
}

/** `path` is the way down to `value`; it is only turned into text for an error. */
function write(value: unknown, path: (string | number)[], open: Set<object>): string {
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(path, `${value} is not a JSON number`);
      return JSON.stringify(value);
    case 'string':
      return quote(value, path);
    case 'object':
      if (value === null) return 'null';
      return writeObject(value, path, open);
    default:
      throw new CanonicalJsonError(path, `${typeof value} is not JSON`);
  }
}

function writeObject(value: object, path: (string | number)[], open: Set<object>): string {
  if (open.has(value)) throw new CanonicalJsonError(path, 'circular reference');
  open.add(value);
  try {
    if (Array.isArray(value)) {
      const items: string[] = [];
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        if (!(i in value)) throw new CanonicalJsonError(path, 'hole in array');
        items.push(write(value[i], path, open));
        path.pop();
      }
      return `[${items.join(',')}]`;
    }
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw new CanonicalJsonError(path, `${proto?.constructor?.name ?? 'object'} is not a plain object`);
    }
    if (Object.getOwnPropertySymbols(value).length > 0) {
      throw new CanonicalJsonError(path, 'symbol keys are not JSON');
    }
    const record = value as Record<string, unknown>;
    const members: string[] = [];
    for (const key of Object.keys(record).sort()) {
      path.push(key);
      members.push(`${quote(key, path)}:${write(record[key], path, open)}`);
      path.pop();
    }
    return `{${members.join(',')}}`;
  } finally {
    open.delete(value);
  }
}

function quote(text: string, path: readonly (string | number)[]): string {
  if (LONE_SURROGATE.test(text))
    throw new CanonicalJsonError(path, 'string contains a lone UTF-16 surrogate');
  return JSON.stringify(text);
}

function formatPath(path: readonly (string | number)[]): string {
  return path
    .map((step) => {
      if (typeof step === 'number') return `[${step}]`;
      return PLAIN_KEY.test(step) ? `.${step}` : `[${JSON.stringify(step)}]`;
    })
    .reduce((text, step) => text + step, '$');
}
