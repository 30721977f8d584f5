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
  try {
    return writeFast(value, 0);
  } catch (error) {
    if (error !== BAIL) throw error;
    return write(value, [], new Set());
  }
}

/**
 * canonicalJson's text, and a deep copy of the value that is exactly what
 * parsing that text gives back (keys in sorted order, -0 as 0), sharing
 * nothing with the caller's value. The journal stores the text and returns
 * the copy: building the copy first and letting JSON.stringify write it
 * costs half of writing the text by hand and parsing it again.
 */
export function canonicalCopy(value: unknown): { text: string; copy: unknown } {
  try {
    const copy = copyFast(value, 0);
    return { text: JSON.stringify(copy), copy };
  } catch (error) {
    if (error !== BAIL) throw error;
    const text = write(value, [], new Set());
    return { text, copy: JSON.parse(text) };
  }
}

/** Thrown by writeFast for anything it does not write itself; never leaves this module. */
const BAIL = new Error('canonicalJson: not the plain case');
/** Deeper than this writeFast leaves to write(), which finds cycles exactly. */
const FAST_DEPTH = 64;

/**
 * The same text as write() for values it accepts, without keeping the path
 * or the open containers that only an error needs: a third less time per
 * journal event. Whatever write() might refuse, or a nesting deep enough to
 * be a cycle, bails out to write(), which gives the answer or the error.
 */
function writeFast(value: unknown, depth: number): string {
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw BAIL;
      return JSON.stringify(value);
    case 'string':
      if (LONE_SURROGATE.test(value)) throw BAIL;
      return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (depth > FAST_DEPTH) throw BAIL;
      if (Array.isArray(value)) {
        let text = '[';
        for (let i = 0; i < value.length; i++) {
          if (!(i in value)) throw BAIL;
          text += (i === 0 ? '' : ',') + writeFast(value[i], depth + 1);
        }
        return `${text}]`;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) throw BAIL;
      if (Object.getOwnPropertySymbols(value).length > 0) throw BAIL;
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      let text = '{';
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i] as string;
        if (LONE_SURROGATE.test(key)) throw BAIL;
        text += `${i === 0 ? '' : ','}${JSON.stringify(key)}:${writeFast(record[key], depth + 1)}`;
      }
      return `${text}}`;
    }
    default:
      throw BAIL;
  }
}

/**
 * The copy canonicalCopy hands to JSON.stringify: what JSON.stringify would
 * write differently from write() bails out. Keys go in sorted, and
 * JSON.stringify writes them in insertion order, except for keys that look
 * like array indices (engines put those first, in numeric order) and
 * `__proto__` (which an assignment would not create): both bail, as a key
 * starting with a digit does.
 */
function copyFast(value: unknown, depth: number): unknown {
  switch (typeof value) {
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw BAIL;
      return value === 0 ? 0 : value;
    case 'string':
      if (LONE_SURROGATE.test(value)) throw BAIL;
      return value;
    case 'object': {
      if (value === null) return null;
      if (depth > FAST_DEPTH) throw BAIL;
      if (Array.isArray(value)) {
        const items = new Array(value.length);
        for (let i = 0; i < value.length; i++) {
          if (!(i in value)) throw BAIL;
          items[i] = copyFast(value[i], depth + 1);
        }
        return items;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) throw BAIL;
      if (Object.getOwnPropertySymbols(value).length > 0) throw BAIL;
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      const copy: Record<string, unknown> = {};
      for (const key of keys) {
        const first = key.charCodeAt(0);
        if ((first >= 48 && first <= 57) || key === '__proto__' || LONE_SURROGATE.test(key)) throw BAIL;
        copy[key] = copyFast(record[key], depth + 1);
      }
      return copy;
    }
    default:
      throw BAIL;
  }
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
