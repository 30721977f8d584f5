import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { APPLICATION_ID, openDatabase, StoreError } from '../../electron/store/database';
import { eventHash } from '../../electron/store/hash';
import { Journal } from '../../electron/store/journal';
import { MIGRATIONS } from '../../electron/store/migrations';
import { canonicalJson } from '../../shared/journal/canonical-json';
import { GENESIS_HASH, type JournalEvent, type JournalInput } from '../../shared/journal/event';
import { uuidv7 } from '../../shared/journal/uuidv7';
import { fill, input, journalFolder } from '../helpers/journal-files';

/** The journal's database file: its settings, files it refuses, and schema migrations. */
const { fileIn, journalAt, rawAt, closedAfterTest } = journalFolder();

describe('database file', () => {
  it('uses WAL, synchronous=FULL and foreign keys, marked as a DutyDesk file', () => {
    const db = closedAfterTest(openDatabase(fileIn('desk.db')));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
  });

  it('refuses a file that is not a database, naming it, and leaves it alone', () => {
    const file = fileIn('notes.txt');
    const text = '交接班记录 — not a database\n'.repeat(200);
    writeFileSync(file, text);
    expect(() => Journal.open(file)).toThrow(StoreError);
    expect(() => Journal.open(file)).toThrow(`${file}: not an SQLite database`);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('refuses someone else’s SQLite database and leaves it alone', () => {
    const file = fileIn('other.db');
    const db = rawAt(file);
    db.exec("CREATE TABLE things (x); INSERT INTO things VALUES ('keep me')");
    db.close();
    const before = readFileSync(file);
    expect(() => Journal.open(file)).toThrow(`${file}: an SQLite database, but not a DutyDesk one`);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('names the file when its folder does not exist', () => {
    const file = fileIn('missing', 'desk.db');
    expect(() => Journal.open(file)).toThrow(
      `${file}: Cannot open database because the directory does not exist`,
    );
  });

  it('says the file is locked when another process holds it exclusively', () => {
    const file = fileIn('desk.db');
    Journal.open(file).close();
    const holder = rawAt(file);
    holder.pragma('locking_mode = EXCLUSIVE');
    holder.exec('BEGIN EXCLUSIVE; COMMIT');
    expect(() => Journal.open(file, { busyTimeoutMs: 50 })).toThrow(
      `${file}: locked by another process (is a second DutyDesk using the same data folder?)`,
    );
    holder.close();
    expect(journalAt(file).verify().ok).toBe(true);
  });
});

describe('schema migrations', () => {
  const later = [
    ...MIGRATIONS,
    'CREATE TABLE later_feature (id INTEGER PRIMARY KEY, note TEXT NOT NULL) STRICT;',
  ];

  it('upgrades a file written by an older build, keeping its events', () => {
    const file = fileIn('desk.db');
    const old = Journal.open(file);
    const events = fill(old, 5);
    old.close();

    const upgraded = journalAt(file, { migrations: later });
    expect(upgraded.read()).toEqual(events);
    expect(upgraded.verify()).toEqual({ ok: true, count: 5 });
    expect(upgraded.append(input(6)).seq).toBe(6);
    const db = rawAt(file);
    expect(db.pragma('user_version', { simple: true })).toBe(later.length);
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE name = 'later_feature'").get()).toBeTruthy();
  });

  /** A journal as a build of schema `version` (3 or 4) wrote it: twelve text columns, rows through its chain trigger. */
  function writeWide(file: string, version: number, count: number) {
    const db = openDatabase(file, { migrations: MIGRATIONS.slice(0, version) });
    const desk = uuidv7(1_700_000_000_000, new Uint8Array(10).fill(7));
    db.prepare("INSERT INTO meta (key, value) VALUES ('desk_id', ?)").run(desk);
    const insert = db.prepare(
      'INSERT INTO journal VALUES (@seq, @id, @ts, @desk, @user, @role, @type, @subject, @data, @reason, @prevHash, @hash)',
    );
    const old: JournalEvent[] = [];
    let prevHash = GENESIS_HASH;
    for (let seq = 1; seq <= count; seq++) {
      const { actor, type, subject, data } = input(seq) as Required<JournalInput>;
      const fields = {
        id: uuidv7(1_700_000_000_000 + seq, new Uint8Array(10).fill(seq)),
        seq,
        ts: 1_700_000_000_000 + seq,
        desk,
        actor,
        type,
        subject,
        data: JSON.parse(canonicalJson(data)),
        reason: null,
        prevHash,
      };
      const event = { ...fields, hash: eventHash(fields) };
      insert.run({ ...event, ...actor, data: canonicalJson(data) });
      old.push(event);
      prevHash = event.hash;
    }
    db.close();
    return { desk, old, prevHash };
  }

  it('opens a journal written before the subject index (schema 3), indexing its events once', () => {
    const file = fileIn('desk.db');
    const { desk, old, prevHash } = writeWide(file, 3, 25);

    // The verify command reads such a file as it is: read-only, not migrated.
    const asFound = new Journal(rawAt(file, { readonly: true }));
    expect(asFound.verify()).toEqual({ ok: true, count: 25 });
    expect(rawAt(file).pragma('user_version', { simple: true })).toBe(3);

    const journal = journalAt(file, { indexChunk: 7 });
    expect(journal.deskId).toBe(desk);
    expect(journal.verify()).toEqual({ ok: true, count: 25 });
    expect(journal.read({ subject: 'sx01-dc1' })).toEqual(old.filter((e) => e.subject === 'sx01-dc1'));
    const raw = rawAt(file);
    expect(raw.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    // Schema 4 had indexed all 25 subjects; migration 5 posts them as one chunk, by subject and by type.
    expect(raw.prepare('SELECT first_seq, last_seq FROM journal_chunks').all()).toEqual([
      { first_seq: 1, last_seq: 25 },
    ]);
    expect(
      raw.prepare("SELECT key, seqs FROM journal_postings WHERE kind = 'subject' AND key = 'sx01-dc1'").get(),
    ).toEqual({ key: 'sx01-dc1', seqs: '1,4,7,10,13,16,19,22,25' });
    expect(raw.prepare("SELECT count(*) FROM journal_postings WHERE kind = 'type'").pluck().get()).toBe(2);
    expect(
      raw.prepare("SELECT name FROM sqlite_schema WHERE name = 'journal_subject'").get(),
    ).toBeUndefined();
    const next = journal.append(input(26));
    expect(next).toMatchObject({ seq: 26, prevHash });
    expect(journal.read({ subject: next.subject }).at(-1)).toEqual(next);
  });

  it('reads an unupgraded schema-4 file as it is, and refuses to write to it', () => {
    const file = fileIn('desk.db');
    const { old } = writeWide(file, 4, 6);
    const asFound = new Journal(rawAt(file, { readonly: true }));
    expect(asFound.verify()).toEqual({ ok: true, count: 6 });
    expect(asFound.last()).toEqual(old.at(-1));
    expect(asFound.read()).toEqual(old);
    expect(() => asFound.append(input(7))).toThrow('layout of an older DutyDesk (before schema 5)');
    expect(rawAt(file).pragma('user_version', { simple: true })).toBe(4);
  });

  it('upgrades schema 4 to the lean rows with every event and hash as it was', () => {
    const file = fileIn('desk.db');
    const { old } = writeWide(file, 4, 30);
    const journal = journalAt(file, { indexChunk: 7 });
    expect(journal.read()).toEqual(old);
    expect(journal.verify()).toEqual({ ok: true, count: 30 });
    expect(journal.read({ type: 'alarm.acked' })).toEqual(old.filter((e) => e.type === 'alarm.acked'));
    const raw = rawAt(file);
    const columns = raw.prepare("SELECT name FROM pragma_table_info('journal')").pluck().all();
    expect(columns).not.toContain('prev_hash');
    expect(columns).not.toContain('desk');
    expect(raw.prepare('SELECT typeof(id) || typeof(hash) FROM journal WHERE seq = 1').pluck().get()).toBe(
      'blobblob',
    );
    expect(
      raw.prepare("SELECT count(*) FROM sqlite_schema WHERE name LIKE 'journal_v4%'").pluck().get(),
    ).toBe(0);
    expect(() => raw.prepare('DELETE FROM journal WHERE seq = 30').run()).toThrow('append-only');
  });

  it.each([
    [
      'a prev_hash that is not the previous hash',
      `UPDATE journal SET prev_hash = '${'a'.repeat(64)}' WHERE seq = 4`,
      4,
      'prev_hash',
    ],
    ['another desk', "UPDATE journal SET desk = 'another-desk' WHERE seq = 2", 2, 'names a desk other than'],
    [
      'a hash in capitals',
      'UPDATE journal SET hash = upper(hash) WHERE seq = 6',
      6,
      'not in the form DutyDesk writes',
    ],
  ])('refuses to upgrade a schema-4 journal with %s, leaving the file as it was', (_, sql, seq, why) => {
    const file = fileIn('desk.db');
    writeWide(file, 4, 6);
    const tamper = rawAt(file);
    tamper.exec('DROP TRIGGER journal_no_update');
    tamper.exec(sql);
    tamper.close();
    const before = readFileSync(file);
    let refusal = '';
    try {
      Journal.open(file).close();
    } catch (error) {
      refusal = (error as Error).message;
    }
    expect(refusal).toContain('schema migration 4 → 5 failed and was rolled back');
    expect(refusal).toContain(`journal event seq ${seq} `);
    expect(refusal).toContain(why);
    expect(refusal).toContain('npm run verify');
    expect(rawAt(file).pragma('user_version', { simple: true })).toBe(4);
    expect(new Journal(rawAt(file, { readonly: true })).read()).toHaveLength(6);
    expect(readFileSync(file).length).toBe(before.length);
  });

  it('creates the schema from an empty file, one version at a time', () => {
    const file = fileIn('desk.db');
    writeFileSync(file, '');
    expect(journalAt(file).append(input(1)).seq).toBe(1);
  });

  it('refuses a file from a newer build, with a clear message, without changing it', () => {
    const file = fileIn('desk.db');
    Journal.open(file, { migrations: later }).close();
    const before = readFileSync(file);
    expect(() => Journal.open(file)).toThrow(
      `${file}: schema version ${later.length} is newer than this build knows (${MIGRATIONS.length}); ` +
        'it was written by a newer DutyDesk',
    );
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('rolls back a migration that fails, leaving the file at the version before', () => {
    const file = fileIn('desk.db');
    Journal.open(file).close();
    const broken = [...MIGRATIONS, 'CREATE TABLE half_done (x); INSERT INTO no_such_table VALUES (1);'];
    expect(() => Journal.open(file, { migrations: broken })).toThrow(
      `schema migration ${MIGRATIONS.length} → ${MIGRATIONS.length + 1} failed and was rolled back: no such table`,
    );
    const db = rawAt(file);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE name = 'half_done'").get()).toBeUndefined();
  });
});
