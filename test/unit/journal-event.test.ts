import { describe, expect, it } from 'vitest';
import { eventHash } from '../../electron/store/hash';
import { CanonicalJsonError, canonicalCopy, canonicalJson } from '../../shared/journal/canonical-json';
import { GENESIS_HASH, hashInput, JournalEvent, JournalInput } from '../../shared/journal/event';
import { nextUuidv7, UUIDV7, Uuidv7Sequence, uuidv7 } from '../../shared/journal/uuidv7';

const bytes = (...values: number[]) => Uint8Array.from(values);
const zeros = new Uint8Array(10);
const ones = new Uint8Array(10).fill(0xff);

describe('canonicalJson', () => {
  it('sorts keys by UTF-16 code units at every level and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: 2, A: 3, '': 0 })).toBe('{"":0,"A":3,"a":2,"b":1}');
    expect(canonicalJson({ z: { y: [3, { b: true, a: null }], x: 'x' }, a: [] })).toBe(
      '{"a":[],"z":{"x":"x","y":[3,{"a":null,"b":true}]}}',
    );
    // RFC 8785 §3.2.3: U+1F600 (surrogates D83D DE00) sorts before U+FF61, unlike code point order.
    expect(canonicalJson({ '\uFF61': 1, '\u{1F600}': 2, '\u00e9': 3 })).toBe('{"é":3,"😀":2,"｡":1}');
  });

  it('keeps Unicode as is and escapes only what JSON must', () => {
    expect(canonicalJson('交接班 é 😀')).toBe('"交接班 é 😀"');
    expect(canonicalJson('tab\t"quote"\\ \u0001')).toBe('"tab\\t\\"quote\\"\\\\ \\u0001"');
    expect(canonicalJson({ 站点: '绍兴' })).toBe('{"站点":"绍兴"}');
  });

  it('writes numbers as ECMAScript does (RFC 8785)', () => {
    expect(canonicalJson([0, -0, 1, -1.5, 0.1, 1e21, 1e-7, 2 ** 53, 123456789.123])).toBe(
      '[0,0,1,-1.5,0.1,1e+21,1e-7,9007199254740992,123456789.123]',
    );
  });

  it('is the same text for equal values however their keys were inserted, and parses back', () => {
    const a = { s: 'x', n: { q: [1, { k: 'v', j: 'w' }], p: false } };
    const b = { n: { p: false, q: [1, { j: 'w', k: 'v' }] }, s: 'x' };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(JSON.parse(canonicalJson(a))).toEqual(a);
    expect(canonicalJson(JSON.parse(canonicalJson(a)))).toBe(canonicalJson(a));
  });

  it('accepts null-prototype objects and a value shared (not cyclic) in two places', () => {
    const bare = Object.assign(Object.create(null), { b: 1, a: 2 });
    const shared = { v: 1 };
    expect(canonicalJson(bare)).toBe('{"a":2,"b":1}');
    expect(canonicalJson([shared, shared])).toBe('[{"v":1},{"v":1}]');
  });

  it.each([
    ['undefined', undefined, '$: undefined is not JSON'],
    ['an undefined member', { a: { b: undefined } }, '$.a.b: undefined is not JSON'],
    ['NaN', [1, Number.NaN], '$[1]: NaN is not a JSON number'],
    ['Infinity', { x: Number.POSITIVE_INFINITY }, '$.x: Infinity is not a JSON number'],
    ['a function', { f: () => 1 }, '$.f: function is not JSON'],
    ['a symbol', Symbol('s'), '$: symbol is not JSON'],
    ['a bigint', 1n, '$: bigint is not JSON'],
    ['a Date', { at: new Date(0) }, '$.at: Date is not a plain object'],
    ['a Map', new Map(), '$: Map is not a plain object'],
    ['a class instance', new (class Thing {})(), '$: Thing is not a plain object'],
    ['an array hole', new Array(2), '$[0]: hole in array'],
    ['a symbol key', { [Symbol('k')]: 1 }, '$: symbol keys are not JSON'],
    ['a lone surrogate', { 'odd key': 'a\uD800b' }, '$["odd key"]: string contains a lone UTF-16 surrogate'],
    ['a lone surrogate key', { '\uDC00': 1 }, 'string contains a lone UTF-16 surrogate'],
  ])('refuses %s, naming where', (_, value, message) => {
    expect(() => canonicalJson(value)).toThrow(CanonicalJsonError);
    expect(() => canonicalJson(value)).toThrow(message);
  });

  it('writes deep nesting the same way, however deep', () => {
    let deep: unknown = { z: 1, a: [true] };
    for (let i = 0; i < 150; i++) deep = i % 2 ? [deep] : { k: deep };
    const text = canonicalJson(deep);
    expect(JSON.parse(text)).toEqual(deep);
    expect(text.endsWith(`{"a":[true],"z":1}${'}]'.repeat(75)}`)).toBe(true);
    const holder: Record<string, unknown> = {};
    let at = holder;
    for (let i = 0; i < 100; i++) {
      const next: Record<string, unknown> = {};
      at.n = next;
      at = next;
    }
    at.back = holder;
    expect(() => canonicalJson(holder)).toThrow(`$${'.n'.repeat(100)}.back: circular reference`);
  });

  it('refuses a cycle', () => {
    const loop: Record<string, unknown> = { a: 1 };
    loop.self = { back: loop };
    expect(() => canonicalJson(loop)).toThrow('$.self.back: circular reference');
  });
});

describe('canonicalCopy', () => {
  it('gives canonicalJson’s text and a copy that is what the text parses back, sharing nothing', () => {
    const protoKey = JSON.parse('{"__proto__":{"x":1},"b":2}');
    const values: unknown[] = [
      { priority: 'high', tier: 'emergency', raisedAt: 1_790_000_000_000, nested: { b: [1, null], a: true } },
      { '10': 'ten', '2': 'two', a: 'index-like keys, which engines order first' },
      { '1a': 1, b: -0, '': [0.1, -1.5, 1e21] },
      protoKey,
      Object.assign(Object.create(null), { z: '交接班', a: '\u0001"' }),
      [{ b: 1, a: 2 }, [], 'x', false, null],
      '😀',
      -0,
    ];
    for (const value of values) {
      const { text, copy } = canonicalCopy(value);
      expect(text).toBe(canonicalJson(value));
      expect(copy).toStrictEqual(JSON.parse(text));
      expect(JSON.stringify(copy)).toBe(JSON.stringify(JSON.parse(text)));
      if (typeof value === 'object' && value !== null) expect(copy).not.toBe(value);
    }
    const nested = { a: { b: [1] } };
    const { copy } = canonicalCopy(nested) as { copy: typeof nested };
    expect(copy.a).not.toBe(nested.a);
    expect(copy.a.b).not.toBe(nested.a.b);
  });

  it('refuses what canonicalJson refuses, with the same message', () => {
    const refusal = (write: () => unknown) => {
      try {
        write();
      } catch (error) {
        expect(error).toBeInstanceOf(CanonicalJsonError);
        return (error as Error).message;
      }
      return 'accepted';
    };
    for (const bad of [{ n: Number.NaN }, { s: '\uD800' }, [undefined], new Date(0)]) {
      expect(refusal(() => canonicalCopy(bad))).toBe(refusal(() => canonicalJson(bad)));
      expect(refusal(() => canonicalCopy(bad))).not.toBe('accepted');
    }
  });
});

describe('uuidv7', () => {
  it('lays out time, version, random and variant as RFC 9562 (its appendix A.6 example)', () => {
    const random = bytes(0x0c, 0xc3, 0x18, 0xc4, 0xdc, 0x0c, 0x0c, 0x07, 0x39, 0x8f);
    expect(uuidv7(0x017f22e279b0, random)).toBe('017f22e2-79b0-7cc3-98c4-dc0c0c07398f');
  });

  it('keeps version and variant bits whatever the random bytes are', () => {
    expect(uuidv7(0, zeros)).toBe('00000000-0000-7000-8000-000000000000');
    expect(uuidv7(2 ** 48 - 1, ones)).toBe('ffffffff-ffff-7fff-bfff-ffffffffffff');
    for (const id of [uuidv7(0, zeros), uuidv7(2 ** 48 - 1, ones), uuidv7(1_700_000_000_000, ones)]) {
      expect(id).toMatch(UUIDV7);
    }
  });

  it('sorts by time as text, whatever the random bits', () => {
    const times = [1, 5, 256, 2 ** 40, 1_700_000_000_000];
    const ids = times.map((ms, i) => uuidv7(ms, i % 2 ? zeros : ones));
    expect([...ids].reverse().sort()).toEqual(ids);
  });

  it('refuses times outside 48 bits and short randomness', () => {
    expect(() => uuidv7(-1, zeros)).toThrow(RangeError);
    expect(() => uuidv7(2 ** 48, zeros)).toThrow(RangeError);
    expect(() => uuidv7(1.5, zeros)).toThrow(RangeError);
    expect(() => uuidv7(1, new Uint8Array(9))).toThrow('needs 10 random bytes');
  });
});

describe('nextUuidv7', () => {
  it('starts fresh once the clock has moved on', () => {
    expect(nextUuidv7(null, 1000, zeros)).toBe(uuidv7(1000, zeros));
    expect(nextUuidv7(uuidv7(1000, ones), 1001, zeros)).toBe(uuidv7(1001, zeros));
  });

  it('counts up within one millisecond and when the clock steps back, so ids follow issue order', () => {
    const first = uuidv7(
      1000,
      ones.map((b, i) => (i === 9 ? 0xfe : b)),
    );
    const second = nextUuidv7(first, 1000, zeros);
    expect(second > first).toBe(true);
    expect(second.slice(0, 13)).toBe(first.slice(0, 13));
    const afterStepBack = nextUuidv7(second, 10, zeros);
    expect(afterStepBack > second).toBe(true);
    expect(afterStepBack).toMatch(UUIDV7);
  });

  it('carries into the next millisecond when the random bits are exhausted', () => {
    expect(nextUuidv7(uuidv7(1000, ones), 1000, zeros)).toBe(uuidv7(1001, zeros));
  });

  it('gives unique, sorted ids for a burst in the same millisecond', () => {
    const ids: string[] = [];
    let previous: string | null = null;
    for (let i = 0; i < 1000; i++) {
      previous = nextUuidv7(previous, 42, bytes(...Array.from({ length: 10 }, () => (i * 37) & 0xff)));
      ids.push(previous);
    }
    expect(new Set(ids).size).toBe(1000);
    expect([...ids].sort()).toEqual(ids);
  });

  it('refuses a previous id that is not a UUIDv7', () => {
    expect(() => nextUuidv7('not-a-uuid', 1, zeros)).toThrow(RangeError);
  });

  it('issues, as a sequence, exactly the ids nextUuidv7 gives one at a time, carries included', () => {
    // Clock runs, stands still, steps back; random bits near the top force every carry.
    const times = [1000, 1000, 1000, 999, 1001, 1001, 5000, 4000, 4000, 7000];
    const random = new Uint8Array(10 * times.length);
    random.fill(0xff);
    random[9] = 0xfe;
    random[19] = 0x10;
    const sequence = new Uuidv7Sequence(null);
    let previous: string | null = null;
    times.forEach((ms, i) => {
      const expected = nextUuidv7(previous, ms, random.subarray(i * 10, i * 10 + 10));
      expect(sequence.next(ms, random, i * 10)).toBe(expected);
      previous = expected;
    });
    const resumed = new Uuidv7Sequence(previous);
    expect(resumed.next(7000, zeros)).toBe(nextUuidv7(previous, 7000, zeros));
    expect(() => new Uuidv7Sequence('not-a-uuid')).toThrow(RangeError);
    expect(() => sequence.next(Number.NaN, zeros)).toThrow(RangeError);
    expect(() => sequence.next(9000, random, random.length - 5)).toThrow('needs 10 random bytes');
  });
});

/** An event as the desk hashes it: everything but its own hash. */
const event = {
  id: '017f22e2-79b0-7cc3-98c4-dc0c0c07398f',
  seq: 1,
  ts: 1645557742000,
  desk: 'desk-1',
  actor: { user: 'li.wei', role: 'monitor' },
  type: 'device.write.requested',
  subject: 'sx01-dc1',
  data: { note: '复投', amps: [16, 32] },
  reason: null,
  prevHash: GENESIS_HASH,
};

describe('event hash', () => {
  it('hashes the previous hash, a newline and the canonical JSON of the other fields', () => {
    expect(hashInput(event)).toBe(
      `${'0'.repeat(64)}\n` +
        '{"actor":{"role":"monitor","user":"li.wei"},"data":{"amps":[16,32],"note":"复投"},"desk":"desk-1",' +
        '"id":"017f22e2-79b0-7cc3-98c4-dc0c0c07398f","reason":null,"seq":1,"subject":"sx01-dc1",' +
        '"ts":1645557742000,"type":"device.write.requested"}',
    );
    // Computed with sha256sum over the text above, not with this code.
    expect(eventHash(event)).toBe('ccf6a40693d48bbe288106ce217f42928d589e190d68922d96ad28a673b554b0');
  });

  it('leaves out properties that are not part of the envelope', () => {
    const extra = { ...event, hash: 'f'.repeat(64), note: 'x', actor: { ...event.actor, name: '李伟' } };
    expect(hashInput(extra)).toBe(hashInput(event));
  });

  it('changes with every field', () => {
    const base = eventHash(event);
    const variants = [
      { seq: 2 },
      { ts: event.ts + 1 },
      { desk: 'desk-2' },
      { actor: { user: 'li.wei', role: 'lead' } },
      { type: 'device.write.done' },
      { subject: 'sx01-dc2' },
      { data: { note: '复投', amps: [16, 33] } },
      { reason: '' },
      { prevHash: `${'0'.repeat(63)}1` },
      { id: '017f22e2-79b0-7cc3-98c4-dc0c0c073990' },
    ];
    for (const change of variants) expect(eventHash({ ...event, ...change })).not.toBe(base);
  });
});

describe('envelope schemas', () => {
  const stored = { ...event, hash: 'a'.repeat(64) };

  it('accepts a well-formed event and input', () => {
    expect(JournalEvent.parse(stored)).toEqual(stored);
    expect(
      JournalInput.parse({ type: 't', subject: 's', data: [1], actor: { user: 'u', role: 'r' } }),
    ).toEqual({
      type: 't',
      subject: 's',
      data: [1],
      actor: { user: 'u', role: 'r' },
    });
  });

  it('refuses what could not be stored unchanged or is not an event', () => {
    expect(JournalEvent.safeParse({ ...stored, subject: 'x\uD800' }).success).toBe(false);
    expect(JournalEvent.safeParse({ ...stored, seq: 0 }).success).toBe(false);
    expect(JournalEvent.safeParse({ ...stored, id: stored.id.toUpperCase() }).success).toBe(false);
    expect(JournalEvent.safeParse({ ...stored, hash: 'A'.repeat(64) }).success).toBe(false);
    expect(JournalEvent.safeParse({ ...stored, data: { s: '\uDFFF' } }).success).toBe(false);
    expect(
      JournalInput.safeParse({ type: '', subject: 's', data: 1, actor: { user: 'u', role: 'r' } }).success,
    ).toBe(false);
    expect(
      JournalInput.safeParse({ type: 't', subject: 's', data: 1, ts: 1.5, actor: { user: 'u', role: 'r' } })
        .success,
    ).toBe(false);
  });
});
