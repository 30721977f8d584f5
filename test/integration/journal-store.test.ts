import { copyFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../electron/store/database';
import { eventHash } from '../../electron/store/hash';
import { Journal, type ReadQuery } from '../../electron/store/journal';
import { canonicalJson } from '../../shared/journal/canonical-json';
import { GENESIS_HASH, type JournalEvent, JournalInput } from '../../shared/journal/event';
import { UUIDV7 } from '../../shared/journal/uuidv7';
import { fill, input, journalFolder, monitor } from '../helpers/journal-files';

/** The journal's events on a real SQLite file: append and read, the subject and type lookups, tamper evidence. */
const { fileIn, journalAt, rawAt } = journalFolder();

describe('journal append and read', () => {
  it('stores what it returns, chained from the genesis hash, and verifies', () => {
    let clock = 1_700_000_000_000;
    const journal = journalAt(fileIn('desk.db'), { now: () => clock++ });
    const written = [
      journal.append(input(1)),
      journal.append(input(2, { reason: '误报，现场确认正常', ts: 1_600_000_000_000 })),
      journal.append(input(3)),
    ];

    expect(written.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(written[0]?.prevHash).toBe(GENESIS_HASH);
    expect(written[1]?.prevHash).toBe(written[0]?.hash);
    expect(written[2]?.prevHash).toBe(written[1]?.hash);
    for (const event of written) {
      expect(event.hash).toBe(eventHash(event));
      expect(event.desk).toBe(journal.deskId);
      expect(event.id).toMatch(UUIDV7);
    }
    // The first clock reading went to the new desk id.
    expect(written[0]).toMatchObject({
      ts: 1_700_000_000_001,
      reason: null,
      actor: monitor,
      type: 'alarm.raised',
    });
    expect(written[1]).toMatchObject({ ts: 1_600_000_000_000, reason: '误报，现场确认正常' });

    expect(journal.read()).toEqual(written);
    expect(journal.last()).toEqual(written[2]);
    expect(journal.get(written[1]?.id ?? '')).toEqual(written[1]);
    expect(journal.get('00000000-0000-7000-8000-000000000000')).toBeNull();
    expect(journal.count()).toBe(3);
    expect(journal.verify()).toEqual({ ok: true, count: 3 });
  });

  it('reads events by seq, whole or without the chain hashes, in seq order', () => {
    const journal = journalAt(fileIn('desk.db'));
    const written = fill(journal, 5);
    const whole = journal.readSeqs([4, 2, 5]);
    expect(whole).toEqual([written[1], written[3], written[4]]);
    expect(journal.readPlainSeqs([4, 2, 5])).toEqual(
      whole.map(({ prevHash: _p, hash: _h, ...plain }) => plain),
    );
    expect(journal.readPlainSeqs([9])).toEqual([]);
  });

  it('keeps its events, desk id and chain across close and reopen', () => {
    const file = fileIn('desk.db');
    const first = Journal.open(file);
    const before = fill(first, 3);
    const deskId = first.deskId;
    first.close();

    const again = journalAt(file);
    expect(again.deskId).toBe(deskId);
    expect(again.read()).toEqual(before);
    const next = again.append(input(4));
    expect(next).toMatchObject({ seq: 4, prevHash: before[2]?.hash });
    expect(again.verify()).toEqual({ ok: true, count: 4 });
    expect(journalAt(fileIn('other.db')).deskId).not.toBe(deskId);
  });

  it('returns a copy of the data as stored, not the caller’s object', () => {
    const journal = journalAt(fileIn('desk.db'));
    const data = { z: -0, list: [{ b: 2, a: 1 }] };
    const event = journal.append(input(1, { data }));
    data.list.push({ b: 3, a: 3 });
    expect(event.data).toEqual({ z: 0, list: [{ a: 1, b: 2 }] });
    expect(journal.get(event.id)?.data).toEqual(event.data);
    expect(journal.verify().ok).toBe(true);
  });

  it('orders seq, ts and ids alike under a running clock', () => {
    const journal = journalAt(fileIn('desk.db'));
    const events = [
      ...fill(journal, 50),
      ...journal.appendMany(Array.from({ length: 50 }, (_, i) => input(i))),
    ];
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    for (let i = 1; i < events.length; i++) {
      expect(events[i]?.ts).toBeGreaterThanOrEqual(events[i - 1]?.ts ?? Number.POSITIVE_INFINITY);
    }
    const ids = events.map((e) => e.id);
    expect([...ids].sort()).toEqual(ids);
  });

  it('keeps ids in seq order when the clock stands still or steps back, and records ts as the clock said', () => {
    const times = [5000, 5000, 5000, 4000, 3000, 6000];
    const journal = journalAt(fileIn('desk.db'), { now: () => times.shift() ?? 9000 });
    const events = fill(journal, 5);
    const ids = events.map((e) => e.id);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(5);
    // The first clock reading went to the desk id; seq, not ts, is the order of record.
    expect(events.map((e) => e.ts)).toEqual([5000, 5000, 4000, 3000, 6000]);
    expect(journal.verify().ok).toBe(true);
  });

  it('reads pages after a seq, by type and by subject', () => {
    const journal = journalAt(fileIn('desk.db'));
    const all = fill(journal, 12);
    expect(journal.read({ limit: 5 }).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(journal.read({ afterSeq: 5, limit: 5 }).map((e) => e.seq)).toEqual([6, 7, 8, 9, 10]);
    expect(journal.read({ afterSeq: 10 }).map((e) => e.seq)).toEqual([11, 12]);
    expect(journal.read({ afterSeq: 12 })).toEqual([]);
    expect(journal.read({ type: 'alarm.acked' }).map((e) => e.seq)).toEqual([2, 4, 6, 8, 10, 12]);
    expect(journal.read({ subject: 'sx01-dc1' })).toEqual(all.filter((e) => e.subject === 'sx01-dc1'));
    expect(
      journal.read({ type: 'alarm.raised', subject: 'sx00-dc1', afterSeq: 3 }).map((e) => e.seq),
    ).toEqual([9]);
    expect(() => journal.read({ limit: 0 })).toThrow('limit must be a whole number ≥ 1');
    expect(() => journal.read({ afterSeq: -1 })).toThrow('afterSeq');
  });

  it('records a batch in one transaction, all or nothing', () => {
    const journal = journalAt(fileIn('desk.db'));
    journal.append(input(0));
    const batch = journal.appendMany(Array.from({ length: 100 }, (_, i) => input(i + 1)));
    expect(batch.map((e) => e.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 2));
    expect(journal.appendMany([])).toEqual([]);

    const bad = [
      input(1),
      input(2, { data: { when: new Date(0) } as unknown as JournalInput['data'] }),
      input(3),
    ];
    expect(() => journal.appendMany(bad)).toThrow(StoreError);
    expect(() => journal.appendMany(bad)).toThrow(
      'event[1].data refused: $.when: Date is not a plain object',
    );
    expect(journal.count()).toBe(101);
    expect(journal.verify()).toEqual({ ok: true, count: 101 });
  });

  it('refuses bad input with the field named, and records nothing', () => {
    const journal = journalAt(fileIn('desk.db'));
    const cases: [unknown, string][] = [
      [{ type: 't', subject: 's', actor: monitor }, 'event.data refused: $: undefined is not JSON'],
      [{ ...input(1), data: { a: undefined } }, 'event.data refused: $.a: undefined is not JSON'],
      [{ ...input(1), data: { x: Number.NaN } }, 'event.data refused'],
      [{ ...input(1), subject: '' }, 'event.subject refused'],
      [{ ...input(1), actor: { user: 'u' } }, 'event.actor.role refused'],
      [{ ...input(1), reason: 'x\uD800' }, 'event.reason refused: contains a lone UTF-16 surrogate'],
      [{ ...input(1), ts: -1 }, 'event.ts refused'],
    ];
    for (const [bad, message] of cases) expect(() => journal.append(bad as JournalInput)).toThrow(message);
    expect(journal.count()).toBe(0);
  });

  it('accepts exactly the inputs the JournalInput schema accepts, at its edges too', () => {
    const journal = journalAt(fileIn('desk.db'));
    const long = 'x'.repeat(200);
    const cases: unknown[] = [
      { ...input(1), type: long, subject: long, actor: { user: long, role: long } },
      { ...input(1), type: `${long}x` },
      { ...input(1), subject: '站点😀'.repeat(50) },
      { ...input(1), actor: { user: 'a\uDC00', role: 'r' } },
      { ...input(1), actor: { user: 'u', role: '' } },
      { ...input(1), actor: ['u', 'r'] },
      { ...input(1), actor: null },
      { ...input(1), reason: undefined },
      { ...input(1), reason: '' },
      { ...input(1), reason: 7 },
      { ...input(1), ts: 0 },
      { ...input(1), ts: -0 },
      { ...input(1), ts: 2 ** 53 - 1 },
      { ...input(1), ts: 2 ** 53 },
      { ...input(1), ts: '1' },
      { ...input(1), type: 5 },
      { ...input(1), extra: 'ignored' },
      [input(1)],
      null,
    ];
    for (const candidate of cases) {
      const schema = JournalInput.safeParse(candidate).success;
      let stored = true;
      try {
        journal.append(candidate as JournalInput);
      } catch (error) {
        expect(error).toBeInstanceOf(StoreError);
        stored = false;
      }
      expect({ candidate, stored }).toEqual({ candidate, stored: schema });
    }
    expect(journal.verify()).toEqual({ ok: true, count: journal.count() });
  });

  it('chains correctly when two connections append to the same file in turn', () => {
    const file = fileIn('desk.db');
    const a = journalAt(file);
    const b = journalAt(file);
    expect(b.deskId).toBe(a.deskId);
    for (let i = 0; i < 10; i++) (i % 3 ? a : b).append(input(i));
    b.appendMany([input(10), input(11)]);
    expect(a.verify()).toEqual({ ok: true, count: 12 });
  });

  it('says the file is locked, and records nothing, when another process holds the write lock', () => {
    const file = fileIn('desk.db');
    const journal = journalAt(file, { busyTimeoutMs: 50 });
    journal.append(input(1));
    const other = rawAt(file);
    other.exec('BEGIN IMMEDIATE');
    expect(() => journal.append(input(2))).toThrow(/nothing recorded: .*desk\.db: locked by another process/);
    other.exec('ROLLBACK');
    expect(journal.append(input(2)).seq).toBe(2);
    expect(journal.verify()).toEqual({ ok: true, count: 2 });
  });
});

describe('reads by subject and by type', () => {
  // A chunk of 7 puts the lookups' mark inside every page these tests read.
  const chunked = (file: string) => journalAt(file, { indexChunk: 7 });
  const subjectOf = (n: number) => `sx0${n % 3}-dc1`;
  /** Everything `query` finds, read `limit` at a time after the last seq seen, as a client pages. */
  const inPages = (journal: Journal, query: ReadQuery, limit: number) => {
    const events: JournalEvent[] = [];
    for (;;) {
      const page = journal.read({ ...query, afterSeq: events.at(-1)?.seq ?? 0, limit });
      if (page.length === 0) return events;
      events.push(...page);
    }
  };

  it('find every event of a subject, indexed or still after the mark, in seq order and in pages', () => {
    const file = fileIn('desk.db');
    const journal = chunked(file);
    const all = [
      ...fill(journal, 10),
      ...journal.appendMany(Array.from({ length: 12 }, (_, i) => input(i + 11))),
      journal.append(input(23)),
    ];
    const mark = rawAt(file).prepare('SELECT max(last_seq) FROM journal_chunks').pluck().get() as number;
    expect(mark).toBeGreaterThan(0);
    expect(mark).toBeLessThan(all.length);
    for (const subject of [subjectOf(0), subjectOf(1), subjectOf(2), 'nobody']) {
      const expected = all.filter((e) => e.subject === subject);
      expect(journal.read({ subject })).toEqual(expected);
      expect(journal.read({ subject, type: 'alarm.acked' })).toEqual(
        expected.filter((e) => e.type === 'alarm.acked'),
      );
      expect(inPages(journal, { subject }, 2)).toEqual(expected);
    }
    for (const type of ['alarm.raised', 'alarm.acked', 'nothing']) {
      const expected = all.filter((e) => e.type === type);
      expect(journal.read({ type })).toEqual(expected);
      expect(inPages(journal, { type }, 3)).toEqual(expected);
    }
    // Several subjects at once (closed work orders read back): the same events, plain, in seq order.
    const plain = ({ hash: _hash, prevHash: _prev, ...e }: JournalEvent) => e;
    const some = [subjectOf(0), subjectOf(2), 'nobody'];
    expect(journal.readSubjects(some)).toEqual(all.filter((e) => some.includes(e.subject)).map(plain));
    expect(journal.readSubjects([])).toEqual([]);
    // Subjects that JavaScript and SQLite order differently (UTF-16 units against UTF-8 bytes), over chunks.
    const wide = journal.appendMany(
      Array.from({ length: 16 }, (_, i) => input(40 + i, { subject: ['\uFF21-1', '😀-2', 'z-3'][i % 3] })),
    );
    expect(journal.readSubjects(['\uFF21-1', '😀-2'])).toEqual(
      wide.filter((e) => e.subject !== 'z-3').map(plain),
    );
  });

  it('keep the subject and type lookups append-only, and its mark moving forward only, within the journal', () => {
    const file = fileIn('desk.db');
    fill(chunked(file), 20);
    const db = rawAt(file);
    expect(() => db.prepare("UPDATE journal_postings SET key = 'x'").run()).toThrow('append-only');
    expect(() => db.prepare('DELETE FROM journal_postings').run()).toThrow('append-only');
    expect(() => db.prepare('UPDATE journal_chunks SET last_seq = last_seq - 1').run()).toThrow(
      'append-only',
    );
    expect(() => db.prepare('DELETE FROM journal_chunks').run()).toThrow('append-only');
    const chunk = db.prepare('INSERT INTO journal_chunks (first_seq, last_seq) VALUES (?, ?)');
    expect(() => chunk.run(16, 20)).toThrow('must follow on from the last chunk');
    expect(() => chunk.run(15, 21)).toThrow('must follow on');
    expect(() => chunk.run(15, 14)).toThrow('must follow on');
    db.prepare(
      'INSERT INTO journal (seq, id, ts, actor_user, actor_role, type, subject, data, reason, hash) ' +
        'SELECT 22, randomblob(16), ts, actor_user, actor_role, type, subject, data, reason, hash FROM journal WHERE seq = 1',
    ).run();
    expect(() => chunk.run(15, 22)).toThrow('over events without a gap');
  });

  it('never returns an event under a subject or type it does not have, whatever the lookups say', () => {
    const file = fileIn('desk.db');
    const journal = chunked(file);
    fill(journal, 14);
    const forge = rawAt(file).prepare(
      "INSERT INTO journal_postings (first_seq, kind, key, seqs) VALUES (1, ?, 'forged', '2,3')",
    );
    forge.run('subject');
    forge.run('type');
    expect(journal.read({ subject: 'forged' })).toEqual([]);
    expect(journal.read({ type: 'forged' })).toEqual([]);
    expect(journal.readSubjects(['forged'])).toEqual([]);
  });

  it('are restored with the events: appendVerbatim indexes them like appends', async () => {
    const source = chunked(fileIn('source.db'));
    fill(source, 3);
    const copy = fileIn('copy.db');
    await source.backup(copy);
    const later = fill(source, 27);
    const restored = chunked(copy);
    restored.appendVerbatim(later);
    expect(restored.read({ subject: subjectOf(1) })).toEqual(source.read({ subject: subjectOf(1) }));
    expect(restored.read({ type: 'alarm.acked' })).toEqual(source.read({ type: 'alarm.acked' }));
    expect(rawAt(copy).prepare('SELECT max(last_seq) FROM journal_chunks').pluck().get()).toBe(30);
  });
});

describe('append-only, enforced by the database', () => {
  it('refuses UPDATE and DELETE on the journal; verify names an insert from outside that does not extend the chain', () => {
    const file = fileIn('desk.db');
    const journal = journalAt(file);
    const [first] = fill(journal, 3);
    const db = rawAt(file);
    expect(() => db.prepare("UPDATE journal SET data = '{}' WHERE seq = 2").run()).toThrow(
      'journal is append-only: UPDATE refused',
    );
    expect(() => db.prepare('DELETE FROM journal WHERE seq = 3').run()).toThrow(
      'journal is append-only: DELETE refused',
    );
    expect(() => db.prepare('DELETE FROM journal').run()).toThrow('append-only');
    expect(() => db.prepare("UPDATE meta SET value = 'x' WHERE key = 'desk_id'").run()).toThrow(
      'meta.desk_id is fixed',
    );
    expect(() => db.prepare('DELETE FROM meta').run()).toThrow('meta.desk_id is fixed');
    expect(journal.read()[0]).toEqual(first);
    expect(journal.verify()).toEqual({ ok: true, count: 3 });

    // Not refused at the door (that trigger cost a quarter of every append), but found by the chain.
    const copyOfFirst = (how: string, seq: number) =>
      db
        .prepare(
          `${how} INTO journal (seq, id, ts, actor_user, actor_role, type, subject, data, reason, hash) ` +
            'SELECT ?, randomblob(16), ts, actor_user, actor_role, type, subject, data, reason, hash FROM journal WHERE seq = 1',
        )
        .run(seq);
    copyOfFirst('INSERT OR REPLACE', 3);
    expect(journal.verify()).toMatchObject({ ok: false, brokenAt: 3 });
    copyOfFirst('INSERT', 7);
    expect(journal.verify()).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it('names a gap left by an insert from outside', () => {
    const file = fileIn('desk.db');
    fill(journalAt(file), 3);
    rawAt(file)
      .prepare(
        'INSERT INTO journal (seq, id, ts, actor_user, actor_role, type, subject, data, reason, hash) ' +
          'SELECT 6, randomblob(16), ts, actor_user, actor_role, type, subject, data, reason, hash FROM journal WHERE seq = 3',
      )
      .run();
    expect(journalAt(file).verify()).toEqual({
      ok: false,
      brokenAt: 4,
      reason: 'seq 4–5 missing: seq 6 follows seq 3',
    });
  });
});

describe('verify finds tampering', () => {
  let original: string;
  let events: JournalEvent[];

  beforeEach(() => {
    original = fileIn('desk.db');
    const journal = Journal.open(original);
    events = fill(journal, 10);
    journal.close();
  });

  /** Changes a copy of the journal with raw SQL, triggers dropped; returns the copy's verdict. */
  function tamper(sql: string, params: unknown[] = []): ReturnType<Journal['verify']> {
    const copy = fileIn(`copy-${Math.random().toString(36).slice(2)}.db`);
    copyFileSync(original, copy);
    const db = rawAt(copy);
    db.exec('DROP TRIGGER journal_no_update; DROP TRIGGER journal_no_delete');
    db.prepare(sql).run(...params);
    db.close();
    return journalAt(copy).verify();
  }

  it('the untouched original verifies', () => {
    expect(journalAt(original).verify()).toEqual({ ok: true, count: 10 });
  });

  it('reports an event whose data was changed', () => {
    const result = tamper(`UPDATE journal SET data = ? WHERE seq = 5`, [canonicalJson({ n: 500 })]);
    expect(result).toMatchObject({ ok: false, brokenAt: 5 });
    expect(result.ok || result.reason).toMatch(/seq 5 .*hash does not match its contents/);
  });

  it.each([
    ['hash', `UPDATE journal SET hash = unhex('${'e'.repeat(64)}') WHERE seq = 7`, 7],
    ['ts', 'UPDATE journal SET ts = ts - 3600000 WHERE seq = 3', 3],
    ['actor', "UPDATE journal SET actor_user = 'someone.else' WHERE seq = 1", 1],
    ['reason', "UPDATE journal SET reason = 'added later' WHERE seq = 10", 10],
    ['type', "UPDATE journal SET type = 'alarm.cleared' WHERE seq = 4", 4],
  ])('reports an event whose %s was changed', (_, sql, seq) => {
    expect(tamper(sql)).toMatchObject({ ok: false, brokenAt: seq });
  });

  it('reports the next event when one was rewritten with a fresh, valid hash', () => {
    const forged = { ...events[4], data: { n: 500 } } as JournalEvent;
    const result = tamper('UPDATE journal SET data = ?, hash = unhex(?) WHERE seq = 5', [
      canonicalJson(forged.data),
      eventHash(forged),
    ]);
    expect(result).toMatchObject({ ok: false, brokenAt: 6 });
    expect(result.ok || result.reason).toContain('seq 6');
    expect(result.ok || result.reason).toContain('the hash of the event before it');
  });

  it('reports a deleted middle event as missing', () => {
    const result = tamper('DELETE FROM journal WHERE seq = 5');
    expect(result).toEqual({ ok: false, brokenAt: 5, reason: 'seq 5 missing: seq 6 follows seq 4' });
    expect(tamper('DELETE FROM journal WHERE seq BETWEEN 2 AND 4')).toMatchObject({
      brokenAt: 2,
      reason: 'seq 2–4 missing: seq 5 follows seq 1',
    });
  });

  it('reports data rewritten into an equal value in a different spelling', () => {
    const spaced = JSON.stringify(events[2]?.data, null, 1);
    expect(tamper('UPDATE journal SET data = ? WHERE seq = 3', [spaced])).toMatchObject({
      brokenAt: 3,
      reason: expect.stringContaining('not in canonical form'),
    });
    expect(tamper("UPDATE journal SET data = '{not json' WHERE seq = 8")).toMatchObject({
      brokenAt: 8,
      reason: expect.stringContaining('not valid JSON'),
    });
  });

  it('reports an event renumbered into a gap', () => {
    expect(tamper('UPDATE journal SET seq = 11 WHERE seq = 10')).toMatchObject({ brokenAt: 10 });
  });
});
