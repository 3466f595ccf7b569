/**
 * Automatic rotating backups in the data folder: before every import, once a day, and on request.
 * Each reason keeps its own last few, so a day of many imports never pushes out the daily copies.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BACKUP_REASONS, type BackupInfo, type BackupReason } from '../../../shared/storage';
import type { ServiceContext } from '../context';
import { DISK_FULL_MESSAGE, isDiskFull, UserError } from '../errors';
import { fileStamp, type StoragePaths } from './paths';
import { inspectCopy, snapshotTo } from './copy';
import { holdsVisibleEnvelopes } from '../db/staging';

export const KEEP: Record<BackupReason, number> = { import: 10, daily: 7, manual: 5, before_restore: 5, before_finish: 1 };

const NAME = new RegExp(`^kubaru-(\\d{8})-(\\d{6})(?:-(\\d+))?-(${BACKUP_REASONS.join('|')})\\.sqlite3$`);

interface Parsed {
  name: string;
  reason: BackupReason;
  createdAt: string;
  day: string;
}

function parseName(name: string): Parsed | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const [, day, time, , reason] = m as unknown as [string, string, string, string | undefined, BackupReason];
  const createdAt = `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}T${time.slice(0, 2)}:${time.slice(2, 4)}:${time.slice(4)}`;
  return { name, reason, createdAt, day };
}

function storageOf(ctx: ServiceContext): StoragePaths {
  if (!ctx.storage) throw new UserError('この環境ではバックアップを使えません。');
  return ctx.storage;
}

/** Newest first. */
function backupFiles(dir: string): Parsed[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .map(parseName)
    .filter((p): p is Parsed => p !== null)
    .sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
}

/** Nothing imported yet means nothing to lose: no copy of an empty database is made automatically. */
export function hasDataToLose(ctx: ServiceContext): boolean {
  // A list still being copied in is not the clerk's data yet (db/staging.ts).
  return holdsVisibleEnvelopes(ctx.db);
}

/** The folder, made if needed, and a name no backup has yet for one of `reason` made now. */
function newBackup(ctx: ServiceContext, reason: BackupReason): { backupDir: string; name: string } {
  const { backupDir } = storageOf(ctx);
  fs.mkdirSync(backupDir, { recursive: true, mode: 0o700 });
  const stamp = fileStamp(ctx.now());
  let name = `kubaru-${stamp}-${reason}.sqlite3`;
  for (let n = 2; fs.existsSync(path.join(backupDir, name)); n++) name = `kubaru-${stamp}-${n}-${reason}.sqlite3`;
  return { backupDir, name };
}

export function createBackup(ctx: ServiceContext, reason: BackupReason): BackupInfo {
  const { backupDir, name } = newBackup(ctx, reason);
  ctx.progress?.('バックアップ', 0, 0);
  try {
    snapshotTo(ctx.db, path.join(backupDir, name));
  } catch (e) {
    throw new UserError(
      isDiskFull(e) ? `バックアップを作れませんでした。${DISK_FULL_MESSAGE}` : `バックアップを作れませんでした（${(e as Error).message}）。ディスクの空きを確認してください。`,
    );
  }
  rotate(backupDir);
  return describe(backupDir, parseName(name)!);
}

/**
 * Makes a closed database file a backup by moving it into the folder (a restore's safety backup is the
 * database it replaces): nothing is copied, so it costs the desk's thread nothing, and it holds every write
 * up to its close. Copied when it cannot be moved; null (the file left where it is) when neither works.
 */
export function keepAsBackup(ctx: ServiceContext, file: string, reason: BackupReason): string | null {
  const { backupDir, name } = newBackup(ctx, reason);
  const target = path.join(backupDir, name);
  try {
    fs.renameSync(file, target);
  } catch {
    try {
      fs.copyFileSync(file, target);
      fs.rmSync(file, { force: true });
    } catch {
      fs.rmSync(target, { force: true });
      return null;
    }
  }
  rotate(backupDir);
  return name;
}

function rotate(dir: string): void {
  const seen: Partial<Record<BackupReason, number>> = {};
  for (const b of backupFiles(dir)) {
    seen[b.reason] = (seen[b.reason] ?? 0) + 1;
    if (seen[b.reason]! > KEEP[b.reason]) fs.rmSync(path.join(dir, b.name), { force: true });
  }
}

function describe(dir: string, p: Parsed): BackupInfo {
  const file = path.join(dir, p.name);
  let facts: { envelopes: number | null; handedOver: number | null } = { envelopes: null, handedOver: null };
  try {
    const { envelopes, handedOver } = inspectCopy(file);
    facts = { envelopes, handedOver };
  } catch {
    // Listed anyway, without counts: the clerk sees it exists but cannot be used.
  }
  return { name: p.name, reason: p.reason, createdAt: p.createdAt, sizeBytes: fs.statSync(file).size, ...facts };
}

export function listBackups(ctx: ServiceContext): BackupInfo[] {
  const { backupDir } = storageOf(ctx);
  return backupFiles(backupDir).map((p) => describe(backupDir, p));
}

/** The file of a backup named by the renderer; only names that look like ours, inside the folder. */
export function backupFile(ctx: ServiceContext, name: string): string {
  const { backupDir } = storageOf(ctx);
  if (!parseName(name) || path.basename(name) !== name) throw new UserError('そのバックアップはありません。');
  const file = path.join(backupDir, name);
  if (!fs.existsSync(file)) throw new UserError('そのバックアップはありません。一覧を更新してください。');
  return file;
}

/** Once per calendar day (the clerk's), at start and while the app stays open. */
export function dailyBackupDue(ctx: ServiceContext): boolean {
  if (!ctx.storage || ctx.recovery) return false;
  if (!hasDataToLose(ctx)) return false;
  const today = fileStamp(ctx.now()).slice(0, 8);
  return !backupFiles(ctx.storage.backupDir).some((b) => b.reason === 'daily' && b.day === today);
}

export function dailyBackupIfDue(ctx: ServiceContext): BackupInfo | null {
  return dailyBackupDue(ctx) ? createBackup(ctx, 'daily') : null;
}

// Other copies of the personal data the app may leave in its folders: a damaged database kept for support,
// and what a crash or a failed step left behind (a copy being read in or restored, a half-written snapshot,
// the live file set aside during a restore), each with its SQLite companions.
const OTHER_COPY = /^(kubaru-damaged-.*\.sqlite3|\.import-.*|.*\.incoming|.*\.partial|.*\.previous)(-wal|-shm|-journal)?$/;

function otherCopies(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((n) => OTHER_COPY.test(n))
    .map((n) => path.join(dir, n));
}

/** Every file but the live database that holds the personal data: backups, damaged copies, leftovers. */
function personalDataCopies(storage: StoragePaths): { backups: string[]; others: string[] } {
  return {
    backups: backupFiles(storage.backupDir).map((b) => path.join(storage.backupDir, b.name)),
    others: [...otherCopies(storage.dataDir), ...otherCopies(storage.backupDir)],
  };
}

export function countPersonalDataCopies(storage: StoragePaths | undefined): { backups: number; others: number } {
  if (!storage) return { backups: 0, others: 0 };
  const c = personalDataCopies(storage);
  return { backups: c.backups.length, others: c.others.length };
}

/**
 * Deletes every copy of the personal data beside the live database (配付業務の完了). Goes on past a file
 * that cannot be deleted, and returns those, so the clerk is told exactly which remain.
 */
export function deletePersonalDataCopies(storage: StoragePaths | undefined): string[] {
  if (!storage) return [];
  const { backups, others } = personalDataCopies(storage);
  const failed: string[] = [];
  for (const file of [...backups, ...others]) {
    try {
      fs.rmSync(file, { force: true });
    } catch {
      failed.push(file);
    }
  }
  return failed;
}

export function countBackups(storage: StoragePaths): number {
  return backupFiles(storage.backupDir).length;
}
