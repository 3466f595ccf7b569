/** Copies of the open database: consistent snapshots written whole or not at all. */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { type DB, prepareCached } from '../db/open';
import { SCHEMA_VERSION } from '../db/migrations';
import { UserError } from '../errors';
import { assertTrustedSchema, distrustSchema } from '../db/schema';
import { listBeingCopied, removeStagedShipment, visibleShipment } from '../db/staging';

/**
 * VACUUM INTO writes a compact, consistent copy (the WAL's commits included) while the app keeps its
 * connection. It goes to a hidden partial file first, so a crash never leaves a half copy under the final name.
 */
export function snapshotTo(db: DB, target: string): void {
  const partial = path.join(path.dirname(target), `.${path.basename(target)}.partial`);
  fs.rmSync(partial, { force: true });
  try {
    prepareCached(db, 'VACUUM INTO ?').run(partial);
    if (listBeingCopied(db)) dropStagedLists(partial);
    if (process.platform !== 'win32') fs.chmodSync(partial, 0o600);
    fs.renameSync(partial, target);
  } catch (e) {
    fs.rmSync(partial, { force: true });
    throw e;
  }
}

/**
 * A list half copied in when the snapshot was taken has nobody to finish it in the copy, and the process
 * named as its copier is alive (this one), so opening the copy would keep it: it is taken out here.
 */
function dropStagedLists(file: string): void {
  const copy = new Database(file);
  try {
    const ids = prepareCached(copy, 'SELECT shipment_id FROM staging_shipments').pluck().all() as number[];
    copy.transaction(() => ids.forEach((id) => removeStagedShipment(copy, id)))();
  } finally {
    copy.close();
  }
}

export interface CopyFacts {
  userVersion: number;
  envelopes: number;
  handedOver: number;
}

/**
 * Opens a copy read-only and says whether Kubaru can use it: not damaged, made by Kubaru, not by a newer one,
 * its schema exactly what Kubaru's migrations make (db/schema.ts). Nothing is migrated or written here; the
 * copy becomes the database only after this passed. `db check` in the CLI is this check.
 */
export function inspectCopy(file: string): CopyFacts {
  let db: DB;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch {
    throw new UserError('ファイルを開けません。Kubaruのデータファイルを選んでください。');
  }
  try {
    distrustSchema(db);
    let check: unknown;
    try {
      check = db.pragma('quick_check', { simple: true });
    } catch {
      throw new UserError('Kubaruのデータファイルではありません（SQLiteのファイルとして読めません）。');
    }
    if (check !== 'ok') throw new UserError('このファイルは壊れています。別のバックアップを選んでください。');
    const version = db.pragma('user_version', { simple: true }) as number;
    const tables = prepareCached(db, `SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[];
    if (version === 0 || !tables.includes('meta') || !tables.includes('envelopes')) {
      throw new UserError('Kubaruのデータファイルではありません。');
    }
    if (version > SCHEMA_VERSION) {
      throw new UserError('このファイルは新しいバージョンのKubaruで作られています。Kubaruを最新版に更新してから読み込んでください。');
    }
    assertTrustedSchema(db);
    // A copy from before migration 8 has no list being copied in; one after leaves such a list out, as the app does.
    const visible = tables.includes('staging_shipments') ? `WHERE ${visibleShipment('shipment_id')}` : '';
    const row = prepareCached(db, `SELECT COUNT(*) AS envelopes, COALESCE(SUM(status = 'handed_over'), 0) AS handedOver FROM envelopes ${visible}`).get() as Omit<
      CopyFacts,
      'userVersion'
    >;
    return { userVersion: version, ...row };
  } finally {
    db.close();
  }
}

/** Removes a database file with its WAL and shared-memory companions. */
export function removeDatabaseFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(file + suffix, { force: true });
}

/** Moves a database and its companions aside under a new name (kept for support, never deleted by us). */
export function moveDatabaseFiles(file: string, to: string): void {
  for (const suffix of ['', '-wal', '-shm']) {
    if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, to + suffix);
  }
}
