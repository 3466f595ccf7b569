/**
 * Opening the database at start and replacing it later (restore, a copy from another PC, a fresh start
 * after damage). The services always reach the database through ctx.db, so swapping it here is enough.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { RestoreResult, StorageState } from '../../../shared/storage';
import { createContext, type ServiceContext } from '../context';
import { openDatabase, type DB } from '../db/open';
import { isUserError, UserError } from '../errors';
import { backupFile, createBackup, dailyBackupIfDue } from './backups';
import { inspectCopy, moveDatabaseFiles, removeDatabaseFiles, snapshotTo } from './copy';
import { fileStamp, storagePaths, type StoragePaths } from './paths';

/** The result of SQLite's own page-level check; quick_check skips the index cross-check that takes minutes. */
export function integrityProblem(db: DB): string | null {
  let rows: { quick_check: string }[];
  try {
    rows = db.pragma('quick_check') as { quick_check: string }[];
  } catch {
    return 'データベースのファイルが壊れています（読めない部分があります）。';
  }
  if (rows.length === 1 && rows[0]!.quick_check === 'ok') return null;
  return `データベースのファイルが壊れています（${rows.length}件の異常）。`;
}

/** A stand-in while the real database is unusable: every data call is refused before it gets here. */
function placeholderDb(): DB {
  return new Database(':memory:');
}

/**
 * Opens the database in the data folder and checks it. A damaged, foreign or newer file does not stop the
 * app: it starts in recovery, where the clerk restores a backup or starts fresh (the bad file is kept aside).
 */
export function openStore(
  dataDir: string,
  options: { now?: () => Date; log?: (m: string, e?: unknown) => void; dailyBackup?: boolean } = {},
): ServiceContext {
  const storage = storagePaths(dataDir);
  fs.mkdirSync(storage.dataDir, { recursive: true, mode: 0o700 });
  const log = options.log ?? (() => {});
  let problem: string;
  try {
    const db = openDatabase(storage.dbFile);
    const damage = integrityProblem(db);
    if (!damage) {
      const ctx = createContext(db, options.now);
      ctx.storage = storage;
      ctx.recovery = null;
      if (options.dailyBackup !== false) {
        try {
          dailyBackupIfDue(ctx);
        } catch (e) {
          log('daily backup failed', e);
        }
      }
      return ctx;
    }
    db.close();
    problem = damage;
  } catch (e) {
    problem = isUserError(e) ? e.message : `データベースを開けません（${(e as Error).message}）。`;
  }
  log('database needs recovery');
  const ctx = createContext(placeholderDb(), options.now);
  ctx.storage = storage;
  ctx.recovery = problem;
  return ctx;
}

export function storageState(ctx: ServiceContext): StorageState {
  const s = requireStorage(ctx);
  return { problem: ctx.recovery ?? null, dataDir: s.dataDir, backupDir: s.backupDir };
}

function requireStorage(ctx: ServiceContext): StoragePaths {
  if (!ctx.storage) throw new UserError('この環境ではデータファイルを扱えません。');
  return ctx.storage;
}

/**
 * Makes `source` (already a complete file) the database. The current one is backed up first when healthy,
 * or moved aside when damaged, so nothing the clerk had is ever destroyed by this.
 */
function replaceWith(ctx: ServiceContext, source: string): RestoreResult {
  const storage = requireStorage(ctx);
  const facts = inspectCopy(source);
  const safetyBackup = ctx.recovery ? null : createBackup(ctx, 'before_restore').name;
  // Staged beside the target, so the final step is a rename on the same disk: all or nothing.
  const staged = `${storage.dbFile}.incoming`;
  removeDatabaseFiles(staged);
  fs.copyFileSync(source, staged);
  if (process.platform !== 'win32') fs.chmodSync(staged, 0o600);
  ctx.db.close();
  if (ctx.recovery) {
    moveDatabaseFiles(storage.dbFile, path.join(storage.dataDir, `kubaru-damaged-${fileStamp(ctx.now())}.sqlite3`));
  } else {
    // Closing checkpointed the WAL into the old file, which the safety backup already holds; a stale WAL
    // must not be replayed onto the new file.
    removeDatabaseFiles(storage.dbFile);
  }
  fs.renameSync(staged, storage.dbFile);
  reopen(ctx, storage);
  return { safetyBackup, envelopes: facts.envelopes };
}

/** The copy was checked before it was moved in; should opening still fail, the app falls back to recovery. */
function reopen(ctx: ServiceContext, storage: StoragePaths): void {
  try {
    ctx.db = openDatabase(storage.dbFile);
    ctx.recovery = null;
  } catch (e) {
    ctx.db = placeholderDb();
    ctx.recovery = isUserError(e) ? e.message : `データベースを開けません（${(e as Error).message}）。`;
    throw new UserError(`${ctx.recovery} 別のバックアップを選んでください。`);
  }
}

export function restoreBackup(ctx: ServiceContext, name: string): RestoreResult {
  return replaceWith(ctx, backupFile(ctx, name));
}

/** A copy brought from another PC (the bytes of a file the clerk chose). */
export function importDatabase(ctx: ServiceContext, bytes: Uint8Array): RestoreResult {
  const storage = requireStorage(ctx);
  const incoming = path.join(storage.dataDir, `.import-${randomUUID()}.sqlite3`);
  fs.writeFileSync(incoming, bytes, { mode: 0o600 });
  try {
    return replaceWith(ctx, incoming);
  } finally {
    removeDatabaseFiles(incoming);
  }
}

/** Recovery's last way out: an empty database; the damaged file stays in the data folder for support. */
export function startFresh(ctx: ServiceContext): RestoreResult {
  const storage = requireStorage(ctx);
  if (!ctx.recovery) throw new UserError('データベースは正常です。新しく始める必要はありません。');
  ctx.db.close();
  moveDatabaseFiles(storage.dbFile, path.join(storage.dataDir, `kubaru-damaged-${fileStamp(ctx.now())}.sqlite3`));
  reopen(ctx, storage);
  return { safetyBackup: null, envelopes: 0 };
}

/** The whole database as one file, for another PC: asks where, writes a consistent copy there. */
export async function exportDatabase(ctx: ServiceContext): Promise<{ path: string | null }> {
  if (!ctx.platform) throw new UserError('この環境ではファイルを保存できません。');
  const target = await ctx.platform.chooseSavePath(`Kubaruデータ_${fileStamp(ctx.now()).slice(0, 8)}.sqlite3`, {
    name: 'Kubaruデータ',
    extensions: ['sqlite3'],
  });
  if (!target) return { path: null };
  try {
    snapshotTo(ctx.db, target);
  } catch (e) {
    throw new UserError(`書き出せませんでした（${(e as Error).message}）。保存先を確認してください。`);
  }
  return { path: target };
}
