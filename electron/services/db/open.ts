import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { SCHEMA_VERSION } from './migrations';
import { applyMigrations, assertTrustedSchema, distrustSchema } from './schema';
import { UserError } from '../errors';
import { removeAbandonedStaging } from './staging';

export type DB = Database.Database;

// The one way services prepare statements: once per open database and SQL text. Preparing (parsing +
// planning) a dozen statements on every scan cost more CPU than the queries themselves; a statement
// survives schema changes (SQLite re-prepares it itself), and a restored database is a new object with
// an empty cache.
const statementCaches = new WeakMap<DB, Map<string, Database.Statement>>();

/**
 * db.prepare(sql), made once per database. The statement comes back in its plain mode every time, so a
 * caller that chains .pluck() or .raw() never changes what the next caller of the same SQL gets.
 */
export function prepareCached<P extends unknown[] = unknown[], R = unknown>(db: DB, sql: string): Database.Statement<P, R> {
  let cache = statementCaches.get(db);
  if (!cache) {
    cache = new Map();
    statementCaches.set(db, cache);
  }
  let stmt = cache.get(sql);
  if (!stmt) {
    stmt = db.prepare(sql);
    cache.set(sql, stmt);
  } else if (stmt.reader) {
    stmt.pluck(false);
    stmt.raw(false);
    stmt.expand(false);
  }
  return stmt as unknown as Database.Statement<P, R>;
}

/** The SQL texts a database has prepared so far: what the query-plan test checks against the indexes. */
export function preparedSql(db: DB): string[] {
  return [...(statementCaches.get(db)?.keys() ?? [])];
}

/**
 * Opens (creating if needed) the Kubaru database at `file` and brings its schema up to date.
 * Refuses a file made by a newer Kubaru, so an old copy of the app never damages newer data.
 */
export function openDatabase(file: string, options: { readonly?: boolean } = {}): DB {
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir)) {
    throw new UserError(`データベースを保存するフォルダがありません: ${dir}`);
  }
  let db: DB;
  try {
    db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    if (!options.readonly) keepPrivate(file);
  } catch (e) {
    throw new UserError(`データベースを開けません: ${file}（${(e as Error).message}）`);
  }
  try {
    // The file's schema may name functions; none may run with side effects while reading it.
    distrustSchema(db);
    // A second process (CLI next to the app) waits briefly instead of failing at once.
    db.pragma('busy_timeout = 5000');
    assertNotNewer(db, file);
    // Before anything is written (even the journal mode): a file whose schema is not the app's own is
    // refused, untouched.
    assertTrustedSchema(db);
    // WAL: readers never block the scanner's writes, and a crash mid-write leaves the last commit intact.
    if (!options.readonly) db.pragma('journal_mode = WAL');
    // FULL: every commit reaches the disk before the screen turns green, so a power cut loses no hand-over.
    db.pragma('synchronous = FULL');
    // Off by default in SQLite; the schema relies on it to keep members tied to envelopes.
    db.pragma('foreign_keys = ON');
    // 64 MB of page cache: a 100,000-member import touches several indexes at once and thrashes the 2 MB default.
    db.pragma('cache_size = -65536');
    // TEMP has a cache of its own (2 MB by default): an import stages 100,000 members' rows there (about
    // 60 MB), which then spilled to a temporary file and were read back. Pages are taken only as used.
    db.pragma('temp.cache_size = -262144');
    // Checkpoint the WAL every ~40 MB instead of SQLite's ~4 MB. The automatic checkpoint runs inside the
    // commit that crosses the limit, so with the default every ~100th scan also copied a few hundred pages
    // into the database and fsynced it (3–10 ms), which was the scan's whole p99 tail. Fewer, larger
    // checkpoints cost less in total (a page rewritten by many scans is copied once) and keep the tail
    // to about one scan in a thousand. Durability is unchanged: a commit is on disk in the WAL (FULL).
    if (!options.readonly) db.pragma('wal_autocheckpoint = 10000');
    if (!options.readonly) migrate(db);
    // A list half-copied when its process died is taken out before anyone reads (all or nothing).
    if (!options.readonly) removeAbandonedStaging(db);
    return db;
  } catch (e) {
    db.close();
    if (e instanceof UserError) throw e;
    throw new UserError(`データベースを開けません。Kubaruのファイルではないか、壊れています: ${file}（${(e as Error).message}）`);
  }
}

function schemaVersionOf(db: DB): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function assertNotNewer(db: DB, file: string): void {
  const version = schemaVersionOf(db);
  if (version > SCHEMA_VERSION) {
    throw new UserError(
      `このデータベース（${path.basename(file)}）は新しいバージョンのKubaruで作成されています（形式 ${version}、このアプリは ${SCHEMA_VERSION} まで）。Kubaruを最新版に更新してから開いてください。`,
    );
  }
}

/** Runs every pending migration in one transaction: either the whole upgrade lands or none of it. */
export function migrate(db: DB): void {
  const current = schemaVersionOf(db);
  if (current >= SCHEMA_VERSION) return;
  db.transaction(() => {
    applyMigrations(db, current);
    if (current === 0) {
      db.prepare(`INSERT INTO meta (key, value) VALUES ('device_id', ?), ('created_at', ?)`).run(
        randomUUID(),
        new Date().toISOString(),
      );
    }
  })();
}

/**
 * Names and insurance numbers: only the user may read the file. Checked on every open, not only when the file
 * is made: a copy put in place by hand, or restored by another tool, may arrive readable by all. SQLite gives
 * the -wal and -shm files the database's own permissions. (Windows keeps the profile folder's ACL instead.)
 */
function keepPrivate(file: string): void {
  if (process.platform === 'win32') return;
  for (const suffix of ['', '-wal', '-shm']) {
    try {
      if ((fs.statSync(file + suffix).mode & 0o077) !== 0) fs.chmodSync(file + suffix, 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
}
