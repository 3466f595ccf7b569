/**
 * Opening the database at start and replacing it later (restore, a copy from another PC, a fresh start
 * after damage). The services always reach the database through ctx.db, so swapping it here is enough.
 *
 * A replacement has a slow half and a quick one. The slow half (copying a 100k database, checking it,
 * migrating it) runs in the job worker (stageReplacement) while the desk goes on answering scans; the
 * quick half (swapIn: close, rename, reopen ctx.db, the replaced file moved in as the safety backup) runs
 * on the desk's thread.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { ImportedDatabase, RestoreResult, StorageState } from '../../../shared/storage';
import { createContext, type ServiceContext } from '../context';
import { openDatabase, type DB } from '../db/open';
import { DISK_FULL_MESSAGE, isDiskFull, isUserError, UserError } from '../errors';
import { backupFile, countBackups, createBackup, dailyBackupIfDue, keepAsBackup } from './backups';
import { inspectCopy, moveDatabaseFiles, removeDatabaseFiles, snapshotTo } from './copy';
import { runAlone, runJob } from '../jobs/runner';
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
  // A restore cut short (power, crash) between moving the live file aside and renaming the new one in.
  if (!fs.existsSync(storage.dbFile) && fs.existsSync(asideOf(storage))) moveDatabaseFiles(asideOf(storage), storage.dbFile);
  try {
    // No database but backups: it was lost (deleted, moved, a failed restore); an empty start would hide that.
    if (!fs.existsSync(storage.dbFile) && countBackups(storage) > 0) {
      throw new UserError('データベースのファイルが見つかりません。バックアップから復元してください（新しく始めることもできます）。');
    }
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

/** Where the live database waits while a restore puts another file in its place; put back if that fails. */
const asideOf = (storage: StoragePaths) => `${storage.dbFile}.previous`;
const damagedName = (ctx: ServiceContext) => `kubaru-damaged-${fileStamp(ctx.now())}.sqlite3`;

/** A copy checked and ready beside the live file (`….incoming`), with what the desk reports once it is in. */
export interface IncomingDatabase {
  staged: string;
  envelopes: number;
}

/**
 * The worker's half of making `source` the database. It is copied beside the live file first and the copy
 * is what gets checked, migrated and later moved in, so what was checked is exactly what is used. Nothing
 * the desk uses is touched; on failure the copy is removed. `keepCurrent`: the current database is healthy
 * and becomes the safety backup at the swap; its WAL is folded in here, so closing it there is quick.
 */
export function stageReplacement(ctx: ServiceContext, source: string, keepCurrent: boolean): IncomingDatabase {
  const storage = requireStorage(ctx);
  const staged = `${storage.dbFile}.incoming`;
  removeDatabaseFiles(staged);
  try {
    ctx.progress?.('コピー', 0, 0);
    try {
      fs.copyFileSync(source, staged);
    } catch (e) {
      if (isDiskFull(e)) throw new UserError(DISK_FULL_MESSAGE);
      throw new UserError(`ファイルを読めませんでした（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}）。`);
    }
    if (process.platform !== 'win32') fs.chmodSync(staged, 0o600);
    ctx.progress?.('確認', 0, 0);
    const facts = inspectCopy(staged);
    try {
      // An older copy is brought up to this version here, not on the desk's thread after the swap.
      openDatabase(staged).close();
    } catch (e) {
      throw new UserError(`${isUserError(e) ? e.message : 'データベースを開けません。'} 別のファイルを選んでください。`);
    }
    if (keepCurrent) ctx.db.pragma('wal_checkpoint(PASSIVE)');
    return { staged, envelopes: facts.envelopes };
  } catch (e) {
    removeDatabaseFiles(staged);
    throw e;
  }
}

/** Makes `source` the database: staged in the worker, swapped in here. */
function replaceWith(ctx: ServiceContext, kind: 'restoreBackup' | 'importDatabase', source: string): Promise<RestoreResult> {
  const storage = requireStorage(ctx);
  return runAlone(ctx, kind, { source, keepCurrent: !ctx.recovery }, (copy) => {
    try {
      return { safetyBackup: swapIn(ctx, storage, copy.staged), envelopes: copy.envelopes };
    } finally {
      removeDatabaseFiles(copy.staged);
    }
  });
}

/**
 * Takes a healthy database out of WAL mode, so its file is whole on its own (nothing in a -wal beside it)
 * once closed. False when another program has it open too (only the last connection may leave WAL).
 */
function leaveWal(db: DB): boolean {
  db.pragma('busy_timeout = 0'); // the desk's thread must not wait for another program here
  try {
    return db.pragma('journal_mode = DELETE', { simple: true }) === 'delete';
  } catch {
    return false;
  }
}

/**
 * The live file is moved aside, never deleted, before the new one is renamed in: when the rename fails
 * (antivirus holding the file on Windows) the old file goes back and the app carries on with it. A healthy
 * one then becomes the safety backup as it is: every scan the desk answered up to the swap is in it, and
 * nothing is copied on this thread. (Should another program hold it open, a copy is made first, as a
 * backup is.) Returns the safety backup's name; null in recovery, where the damaged file is kept aside.
 */
function swapIn(ctx: ServiceContext, storage: StoragePaths, staged: string): string | null {
  const damaged = Boolean(ctx.recovery);
  const aside = damaged ? path.join(storage.dataDir, damagedName(ctx)) : asideOf(storage);
  const copied = damaged || leaveWal(ctx.db) ? null : createBackup(ctx, 'before_restore').name;
  ctx.db.close();
  removeDatabaseFiles(asideOf(storage));
  try {
    moveDatabaseFiles(storage.dbFile, aside);
    fs.renameSync(staged, storage.dbFile);
  } catch (e) {
    rollBack(ctx, storage, aside);
    throw new UserError(
      `データベースを置き換えられませんでした（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}）。元のデータのまま使えます。ウイルス対策ソフトなどがファイルを使っていないか確かめて、もう一度お試しください。`,
    );
  }
  try {
    ctx.db = openDatabase(storage.dbFile);
    ctx.recovery = null;
  } catch (e) {
    // Checked before it moved in, yet unusable: the previous file comes back.
    removeDatabaseFiles(storage.dbFile);
    rollBack(ctx, storage, aside);
    throw new UserError(`${isUserError(e) ? e.message : 'データベースを開けません。'} 別のファイルを選んでください。`);
  }
  if (damaged) return null;
  if (copied) {
    removeDatabaseFiles(aside); // the copy holds it
    return copied;
  }
  return keepAsBackup(ctx, aside, 'before_restore');
}

/** Puts the file that was moved aside back in place and reopens it (in recovery if it was damaged). */
function rollBack(ctx: ServiceContext, storage: StoragePaths, aside: string): void {
  if (fs.existsSync(aside) && !fs.existsSync(storage.dbFile)) moveDatabaseFiles(aside, storage.dbFile);
  reopen(ctx, storage);
}

/** Opens the database file again; should that fail, the app falls back to recovery. */
function reopen(ctx: ServiceContext, storage: StoragePaths): void {
  try {
    ctx.db = openDatabase(storage.dbFile);
    ctx.recovery = null;
  } catch (e) {
    ctx.db = placeholderDb();
    ctx.recovery = isUserError(e) ? e.message : `データベースを開けません（${(e as Error).message}）。`;
  }
}

export function restoreBackup(ctx: ServiceContext, name: string): Promise<RestoreResult> {
  return replaceWith(ctx, 'restoreBackup', backupFile(ctx, name));
}

/**
 * A copy brought from another PC. Main asks for the file in its own dialog and reads it from disk: the renderer
 * never handles the bytes of a whole database. Null when the clerk cancelled.
 */
export async function importDatabase(ctx: ServiceContext): Promise<ImportedDatabase | null> {
  const storage = requireStorage(ctx);
  if (!ctx.platform) throw new UserError('この環境ではファイルを選べません。');
  const chosen = await ctx.platform.chooseDatabaseFile();
  if (!chosen) return null;
  const resolved = path.resolve(chosen);
  if (resolved === storage.dbFile || path.dirname(resolved) === storage.backupDir) {
    throw new UserError('このPCのデータベースやバックアップは読み込めません。バックアップは「バックアップ」の一覧から復元してください。');
  }
  return { fileName: path.basename(chosen), ...(await replaceWith(ctx, 'importDatabase', resolved)) };
}

/** Recovery's last way out: an empty database; the damaged file stays in the data folder for support. */
export function startFresh(ctx: ServiceContext): RestoreResult {
  const storage = requireStorage(ctx);
  if (!ctx.recovery) throw new UserError('データベースは正常です。新しく始める必要はありません。');
  ctx.db.close();
  moveDatabaseFiles(storage.dbFile, path.join(storage.dataDir, damagedName(ctx)));
  reopen(ctx, storage);
  if (ctx.recovery) throw new UserError(`${ctx.recovery} 新しく始められませんでした。`);
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
  await runJob(ctx, 'exportDatabase', { target });
  return { path: target };
}

/** The worker's half of exportDatabase: VACUUM INTO on its own connection, so the desk goes on meanwhile. */
export function writeDatabaseCopy(ctx: ServiceContext, target: string): void {
  ctx.progress?.('保存', 0, 0);
  try {
    snapshotTo(ctx.db, target);
  } catch (e) {
    throw new UserError(
      isDiskFull(e) ? `書き出せませんでした。${DISK_FULL_MESSAGE}` : `書き出せませんでした（${(e as Error).message}）。保存先を確認してください。`,
    );
  }
}
