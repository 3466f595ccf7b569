import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/services/db/open';
import { SCHEMA_VERSION } from '../../electron/services/db/migrations';
import { createContext } from '../../electron/services/context';
import { getStatus } from '../../electron/services/status';
import { tempDir } from '../e2e/harness';

const dirs: string[] = [];
const newFile = () => {
  const d = tempDir();
  dirs.push(d);
  return path.join(d, 'k.sqlite3');
};
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** Inserts the minimum rows for one pending envelope with one member. */
function seedEnvelope(db: Database.Database): number {
  db.prepare(`INSERT INTO insurers (id, name, created_at) VALUES (1, 'テスト健保', '2024-01-01')`).run();
  db.prepare(
    `INSERT INTO shipments (id, insurer_id, file_name, file_sha256, unit, imported_at, imported_by)
     VALUES (1, 1, 'list.csv', 'abc', 'person', '2024-01-01', '山田')`,
  ).run();
  const env = db
    .prepare(`INSERT INTO envelopes (insurer_id, shipment_id, unit, match_key, symbol, number) VALUES (1, 1, 'person', '1|1|0', '01', '0001')`)
    .run();
  return Number(env.lastInsertRowid);
}

describe('openDatabase', () => {
  it('creates a new file with the current schema, WAL, foreign keys and a device id', () => {
    const file = newFile();
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    const deviceId = db.prepare(`SELECT value FROM meta WHERE key = 'device_id'`).pluck().get();
    expect(deviceId).toMatch(/^[0-9a-f-]{36}$/);
    db.close();
    // Reopening keeps the same device and does not migrate again.
    const again = openDatabase(file);
    expect(again.prepare(`SELECT value FROM meta WHERE key = 'device_id'`).pluck().get()).toBe(deviceId);
    again.close();
  });

  it.runIf(process.platform !== 'win32')('makes the file readable by the user only, its WAL too', () => {
    const file = newFile();
    const db = openDatabase(file);
    db.prepare(`INSERT INTO meta (key, value) VALUES ('x', 'y')`).run();
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(`${file}-wal`).mode & 0o777).toBe(0o600);
    db.close();
  });

  it('refuses a database made by a newer Kubaru, and leaves it untouched', () => {
    const file = newFile();
    openDatabase(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    const before = fs.readFileSync(file);
    expect(() => openDatabase(file)).toThrow(/新しいバージョンのKubaru/);
    const raw2 = new Database(file, { readonly: true });
    expect(raw2.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    raw2.close();
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a folder that does not exist and a file that is not a database', () => {
    expect(() => openDatabase(path.join(tempDir(), 'missing', 'k.sqlite3'))).toThrow(/フォルダがありません/);
    const file = newFile();
    fs.writeFileSync(file, 'this is not sqlite at all, just some text that is long enough to look like a header');
    expect(() => openDatabase(file)).toThrow(/Kubaruのファイルではないか、壊れています/);
  });

  it('refuses another application’s SQLite file instead of adding tables to it', () => {
    const file = newFile();
    const other = new Database(file);
    other.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY)');
    other.close();
    expect(() => openDatabase(file)).toThrow(/別のアプリ/);
  });
});

describe('schema rules', () => {
  it('a status changes only together with its event, and events cannot be edited or deleted', () => {
    const db = openDatabase(newFile());
    const id = seedEnvelope(db);
    expect(() => db.prepare(`UPDATE envelopes SET status = 'handed_over' WHERE id = ?`).run(id)).toThrow(/without its event/);

    const handOver = db.transaction(() => {
      const ev = db
        .prepare(
          `INSERT INTO events (uid, action_uid, device_id, envelope_id, kind, from_status, to_status, at, operator)
           VALUES ('u1', 'a1', 'dev', ?, 'handover', 'pending', 'handed_over', '2024-01-02T00:00:00Z', '山田')`,
        )
        .run(id);
      db.prepare(`UPDATE envelopes SET status = 'handed_over', last_event_seq = ? WHERE id = ?`).run(ev.lastInsertRowid, id);
    });
    handOver();
    expect(getStatus(createContext(db)).envelopes).toMatchObject({ total: 1, handed_over: 1, pending: 0 });

    expect(() => db.prepare(`UPDATE events SET operator = 'x'`).run()).toThrow(/append-only/);
    expect(() => db.prepare(`DELETE FROM events`).run()).toThrow(/append-only/);
    // An event recording a different transition does not authorise this one.
    expect(() =>
      db.prepare(`UPDATE envelopes SET status = 'returned' WHERE id = ?`).run(id),
    ).toThrow(/without its event/);
    db.close();
  });

  it('members cannot point at an envelope that does not exist', () => {
    const db = openDatabase(newFile());
    seedEnvelope(db);
    expect(() =>
      db
        .prepare(
          `INSERT INTO members (envelope_id, insurer_id, shipment_id, symbol, number, branch, symbol_key, number_key, branch_key,
             insured_name, name, kana, relation, sex, dept_code, dept_name, ref_number, ref_key, search_text, source_row)
           VALUES (999, 1, 1, '1', '1', '0', '1', '1', '0', 'a', 'a', '', '', '', '', '', '', '', '', 2)`,
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('counts start at zero', () => {
    const db = openDatabase(newFile());
    expect(getStatus(createContext(db))).toEqual({
      envelopes: { total: 0, pending: 0, handed_over: 0, to_return: 0, returned: 0, on_hold: 0, direct: 0 },
      members: 0,
    });
    db.close();
  });
});
