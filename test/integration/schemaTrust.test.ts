/**
 * A database file is data, never code (#11 §1): SQL stored in a file's sqlite_schema is never run again, and a
 * file whose schema is not exactly what Kubaru's migrations make is refused on every way in.
 */
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/run';
import { openDatabase } from '../../electron/services/db/open';
import { createContext } from '../../electron/services/context';
import { importFile } from '../../electron/services/lists/importList';
import { SCHEMA_VERSION } from '../../electron/services/db/migrations';
import { applyMigrations } from '../../electron/services/db/schema';
import { openStore } from '../../electron/services/storage/host';
import { generateRows, toShiftJisCsv } from '../../bench/generate';
import { tempDir } from '../e2e/harness';
import { repoRoot } from '../fixtures';

async function cli(args: string[]) {
  const out: string[] = [];
  const code = await runCli(args, { out: (s) => out.push(s), err: () => {} });
  return { code, json: JSON.parse(out.join('\n')) as Record<string, unknown> };
}

/** A Kubaru database whose stored index SQL carries two more statements: ATTACH a file and create a table in it. */
function plantAttach(dbFile: string, target: string): void {
  openDatabase(dbFile).close();
  const raw = new Database(dbFile);
  raw.unsafeMode(true); // lifts SQLITE_DBCONFIG_DEFENSIVE, as any other SQLite tool would not have it
  raw.pragma('writable_schema = ON');
  raw
    .prepare(`UPDATE sqlite_schema SET sql = ? WHERE name = 'envelopes_holder'`)
    .run(`CREATE INDEX envelopes_holder ON envelopes(holder_name); ATTACH '${target.replace(/'/g, "''")}' AS x; CREATE TABLE x.t(a)`);
  raw.close();
}

const bigList = () => toShiftJisCsv(generateRows(6000));

/** A good Kubaru database changed afterwards by another SQLite tool (SQL run outside the app). */
function tampered(sql: string, dir = tempDir()): string {
  const file = path.join(dir, 'kubaru.sqlite3');
  const db = openDatabase(file);
  importFile(createContext(db), toShiftJisCsv(generateRows(20)), 'list.csv', { insurerName: 'テスト健保' });
  db.close();
  const raw = new Database(file);
  raw.unsafeMode(true);
  raw.pragma('foreign_keys = OFF');
  raw.exec(sql);
  raw.close();
  return file;
}

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

const TAMPERED: [string, string, RegExp][] = [
  ['an extra trigger that deletes names on every hand-over', `CREATE TRIGGER wipe AFTER INSERT ON events BEGIN DELETE FROM members; END`, /余分なトリガー「wipe」/],
  ['an extra view', `CREATE VIEW v AS SELECT name FROM members`, /余分なビュー「v」/],
  ['a missing index', `DROP INDEX envelopes_status`, /索引「envelopes_status」がありません/],
  ['a changed table', `ALTER TABLE envelopes ADD COLUMN note TEXT`, /表「envelopes」の定義が違います/],
  ['an index defined differently under the app’s name', `DROP INDEX envelopes_holder; CREATE INDEX envelopes_holder ON envelopes(dept_name)`, /索引「envelopes_holder」の定義が違います/],
  ['the append-only guard removed', `DROP TRIGGER events_no_delete`, /書き換えから守る仕組み/],
  ['a row pointing at nothing', `INSERT INTO shipments (insurer_id, file_name, file_sha256, unit, imported_at, imported_by) VALUES (999, 'x', 'y', 'person', '2026-01-01', 'z')`, /矛盾/],
];

describe('SQL stored in a database file', () => {
  it('a stored index SQL that carries more statements: SQLite refuses the file, and so does the CLI import (no file written)', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'planted.sqlite3');
    const target = path.join(dir, 'written-by-the-file');
    plantAttach(db, target);
    const list = path.join(dir, 'list.csv');
    fs.writeFileSync(list, bigList());
    const r = await cli(['import', list, '--db', db, '--json', '--insurer', 'テスト健保']);
    expect(fs.existsSync(target)).toBe(false);
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ ok: false });
  });

  it('is never run by the bulk import: a 5,000+ member import rebuilds the indexes from the app’s own DDL', () => {
    // No list left in the file: the import then drops and rebuilds the plain indexes in one transaction (with
    // a list, it copies by slices and touches no index at all).
    const file = tampered(
      `DELETE FROM members; DELETE FROM envelopes; DELETE FROM shipments;
       DROP INDEX envelopes_holder; CREATE INDEX envelopes_holder ON envelopes(dept_name)`,
    );
    // Past every check, straight to the importer: it must not need the check to be safe.
    const db = new Database(file);
    importFile(createContext(db), bigList(), 'big.csv', { insurerName: 'テスト健保', unit: 'person' });
    expect(db.prepare(`SELECT sql FROM sqlite_schema WHERE name = 'envelopes_holder'`).pluck().get()).toBe(
      'CREATE INDEX envelopes_holder ON envelopes(holder_name)',
    );
    expect(db.prepare('SELECT COUNT(*) FROM members').pluck().get()).toBe(6000);
    db.close();
  });
});

describe('a database whose schema is not the app’s own', () => {
  for (const [what, sql, message] of TAMPERED) {
    it(`${what}: refused at start (recovery), by the CLI and by db check; the file is unchanged`, async () => {
      const dir = tempDir();
      const file = tampered(sql, dir);
      const before = sha(file);
      const ctx = openStore(dir, { dailyBackup: false });
      expect(ctx.recovery).toMatch(message);
      ctx.db.close();
      const status = await cli(['status', '--db', file, '--json']);
      expect(status.code).toBe(1);
      expect(status.json.error).toMatch(message);
      const check = await cli(['db', 'check', file, '--json']);
      expect(check.code).toBe(1);
      expect(check.json).toEqual({ ok: false, error: expect.stringMatching(message) });
      expect(sha(file)).toBe(before);
    });
  }

  it('a file of an older version is checked against that version’s schema, then upgraded', async () => {
    const file = path.join(tempDir(), 'old.sqlite3');
    const raw = new Database(file);
    applyMigrations(raw, 0, 1);
    raw.exec(`INSERT INTO meta (key, value) VALUES ('device_id', 'x')`);
    raw.close();
    expect(await cli(['db', 'check', file, '--json'])).toEqual({ code: 0, json: { ok: true, userVersion: 1, envelopes: 0 } });
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('trusted_schema', { simple: true })).toBe(0);
    db.close();
  });
});

describe('cli db check', () => {
  it('prints the version and the envelope count of a good file, through the documented npm command', () => {
    const dir = tempDir();
    const file = tampered('SELECT 1', dir);
    const out = execFileSync('npm', ['run', '--silent', 'cli', '--', 'db', 'check', file, '--json'], { cwd: repoRoot, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ ok: true, userVersion: SCHEMA_VERSION, envelopes: expect.any(Number) });
    expect(JSON.parse(out).envelopes).toBeGreaterThan(0);
  });

  it('a file that is not a database, a missing file, a usage error: exit 1 and a JSON error', async () => {
    const dir = tempDir();
    const text = path.join(dir, 'list.csv');
    fs.writeFileSync(text, 'a,b\n1,2\n');
    for (const args of [['db', 'check', text], ['db', 'check', path.join(dir, 'none.sqlite3')], ['db', 'check'], ['db', 'frob', text]]) {
      const r = await cli([...args, '--json']);
      expect(r.code).toBe(1);
      expect(r.json).toEqual({ ok: false, error: expect.any(String) });
    }
  });
});
