/**
 * The database file's life through the handler table, as the app uses it: backups before imports and daily,
 * restore, recovery from a damaged file at start, and moving the whole database to another PC.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ServiceContext } from '../../electron/services/context';
import { call, callError } from '../dispatch';
import { openStore } from '../../electron/services/storage/host';
import { KEEP } from '../../electron/services/storage/backups';
import { openDatabase } from '../../electron/services/db/open';
import { SCHEMA_VERSION } from '../../electron/services/db/migrations';
import { saveSettings } from '../../electron/services/settings';
import type { BackupInfo, ImportedDatabase, RestoreResult, StorageState } from '../../shared/storage';
import type { StatusCounts } from '../../shared/domain';
import { readFixture } from '../fixtures';
import { tempDir } from '../e2e/harness';

/** A clock the test moves: backups are named and rotated by time. */
function clock(start = '2026-11-24T09:00:00') {
  let t = new Date(start).getTime();
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}

async function importList(ctx: ServiceContext, file: string): Promise<void> {
  const preview = await call<{ previewId: string; unit: string | null; insurerName: string | null }>(ctx, 'previewImport', {
    fileName: file,
    bytes: readFixture(file),
  });
  await call(ctx, 'commitImport', {
    previewId: preview.previewId,
    insurerName: preview.insurerName ?? 'テスト保険者',
    insurerNumber: null,
    unit: preview.unit ?? 'person',
    receivedOn: null,
    boxCount: null,
  });
}

function store(dir = tempDir(), now = clock().now): ServiceContext {
  const ctx = openStore(dir, { now });
  if (!ctx.recovery) saveSettings(ctx, { companyName: 'テスト', operatorName: '山田' });
  return ctx;
}

const status = (ctx: ServiceContext) => call<StatusCounts>(ctx, 'getStatus');

describe('backups', () => {
  it('copies the database before every import that could change it, and each copy restores what was there', async () => {
    const c = clock();
    const ctx = store(tempDir(), c.now);
    await importList(ctx, 'kyokai-person.csv');
    expect(await call<BackupInfo[]>(ctx, 'listBackups')).toEqual([]); // nothing to lose before the first list
    await call(ctx, 'scan', { code: '01010101 0000002' });
    c.advance(60_000);
    await importList(ctx, 'kenpo-household.xlsx');

    const backups = await call<BackupInfo[]>(ctx, 'listBackups');
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatchObject({ reason: 'import', envelopes: 152, handedOver: 4 });
    expect((await status(ctx)).envelopes.total).toBeGreaterThan(152);

    // The second list went in by mistake: restoring the copy takes it back, and keeps a copy of the mistake.
    const restored = await call<RestoreResult>(ctx, 'restoreBackup', { name: backups[0]!.name });
    expect(restored.envelopes).toBe(152);
    expect((await status(ctx)).envelopes).toMatchObject({ total: 152, handed_over: 4 });
    const after = await call<BackupInfo[]>(ctx, 'listBackups');
    expect(after.find((b) => b.name === restored.safetyBackup)).toMatchObject({ reason: 'before_restore' });
    expect(after.find((b) => b.name === restored.safetyBackup)!.envelopes).toBeGreaterThan(152);

    // The restored database is the live one: scanning and search work on it.
    const hits = await call<unknown[]>(ctx, 'search', { query: 'たなか' });
    expect(hits.length).toBeGreaterThan(0);
    expect(await call<{ result: string }>(ctx, 'scan', { code: '01010101 0000001' })).toMatchObject({ result: 'handed_over' });
  });

  it('keeps only the last few of each kind', async () => {
    const c = clock();
    const ctx = store(tempDir(), c.now);
    await importList(ctx, 'kyokai-person.csv');
    for (let i = 0; i < KEEP.manual + 3; i++) {
      c.advance(1000);
      await call(ctx, 'backupNow');
    }
    const backups = await call<BackupInfo[]>(ctx, 'listBackups');
    expect(backups.filter((b) => b.reason === 'manual')).toHaveLength(KEEP.manual);
    // Newest first, and the newest survived.
    expect(backups[0]!.createdAt).toBe('2026-11-24T09:00:08');
    expect(fs.statSync(path.join(ctx.storage!.backupDir, backups[0]!.name)).mode & 0o077).toBe(0);
  });

  it('makes one copy a day at start, once there is something to lose', async () => {
    const dir = tempDir();
    const c = clock();
    const first = store(dir, c.now);
    await importList(first, 'kyokai-person.csv');
    first.db.close();

    const again = openStore(dir, { now: c.now });
    expect((await call<BackupInfo[]>(again, 'listBackups')).map((b) => b.reason)).toEqual(['daily']);
    again.db.close();
    const sameDay = openStore(dir, { now: c.now });
    expect(await call<BackupInfo[]>(sameDay, 'listBackups')).toHaveLength(1);
    sameDay.db.close();
    c.advance(24 * 3600_000);
    const nextDay = openStore(dir, { now: c.now });
    expect((await call<BackupInfo[]>(nextDay, 'listBackups')).map((b) => b.reason)).toEqual(['daily', 'daily']);
  });

  it('refuses a name that is not one of its backups', async () => {
    const ctx = store();
    await importList(ctx, 'kyokai-person.csv');
    expect(await callError(ctx, 'restoreBackup', { name: '../kubaru.sqlite3' })).toBe('そのバックアップはありません。');
    expect(await callError(ctx, 'restoreBackup', { name: 'kubaru-20261124-090000-manual.sqlite3' })).toMatch(/ありません/);
    expect((await status(ctx)).envelopes.total).toBe(152);
  });
});

/** Overwrites a stretch in the middle of the file, as a failing disk or a bad copy would. */
function damage(file: string): void {
  const fd = fs.openSync(file, 'r+');
  const size = fs.fstatSync(fd).size;
  fs.writeSync(fd, Buffer.alloc(8192, 0x5a), 0, 8192, Math.floor(size / 2 / 4096) * 4096);
  fs.closeSync(fd);
}

async function damagedStore(): Promise<{ dir: string; ctx: ServiceContext; backup: string }> {
  const dir = tempDir();
  const c = clock();
  const ctx = store(dir, c.now);
  await importList(ctx, 'kyokai-person.csv');
  await call(ctx, 'scan', { code: '01010101 0000002' });
  const backup = (await call<BackupInfo>(ctx, 'backupNow')).name;
  await call(ctx, 'scan', { code: '01010101 0000001' });
  ctx.db.close();
  damage(path.join(dir, 'kubaru.sqlite3'));
  c.advance(1000);
  return { dir, ctx: openStore(dir, { now: c.now }), backup };
}

describe('recovery at start', () => {
  it('opens a damaged database in recovery, refuses work, and restores a backup', async () => {
    const { dir, ctx, backup } = await damagedStore();
    const state = await call<StorageState>(ctx, 'storageState');
    expect(state.problem).toMatch(/壊れて|開けません/);
    expect(await callError(ctx, 'getStatus')).toMatch(/データベースに問題がある/);
    expect(await callError(ctx, 'scan', { code: '01010101 0000003' })).toMatch(/データベースに問題がある/);

    const backups = await call<BackupInfo[]>(ctx, 'listBackups');
    expect(backups.map((b) => b.name)).toContain(backup);
    const r = await call<RestoreResult>(ctx, 'restoreBackup', { name: backup });
    expect(r).toEqual({ safetyBackup: null, envelopes: 152 });
    expect((await call<StorageState>(ctx, 'storageState')).problem).toBeNull();
    expect((await status(ctx)).envelopes).toMatchObject({ total: 152, handed_over: 4 });
    // The damaged file is kept for support, not deleted.
    expect(fs.readdirSync(dir).filter((f) => /^kubaru-damaged-.*\.sqlite3$/.test(f))).toHaveLength(1);
  });

  it('can start fresh, keeping the damaged file aside', async () => {
    const { dir, ctx } = await damagedStore();
    expect(await call<RestoreResult>(ctx, 'startFresh')).toEqual({ safetyBackup: null, envelopes: 0 });
    expect((await status(ctx)).envelopes.total).toBe(0);
    expect(fs.readdirSync(dir).some((f) => f.startsWith('kubaru-damaged-'))).toBe(true);
    expect(await callError(ctx, 'startFresh')).toMatch(/正常/);
  });

  it('treats a file of another app or of a newer Kubaru the same way, with its own message', async () => {
    const foreign = tempDir();
    fs.writeFileSync(path.join(foreign, 'kubaru.sqlite3'), 'this is not a database, just text that got here'.repeat(100));
    expect(openStore(foreign).recovery).toMatch(/Kubaru|開けません|壊れて/);

    const newer = tempDir();
    const db = openDatabase(path.join(newer, 'kubaru.sqlite3'));
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(openStore(newer).recovery).toMatch(/新しいバージョン/);
  });
});

/** The open dialog of main, answered with `file` (null: the clerk cancelled). */
function choosing(ctx: ServiceContext, file: () => string | null, out = tempDir()): void {
  ctx.platform = {
    savePdf: async () => null,
    chooseSavePath: async (name) => path.join(out, name),
    chooseDatabaseFile: async () => file(),
  };
}

describe('moving the database to another PC', () => {
  it('writes the whole database to one file that another PC reads in from main’s own dialog, after backing up its own', async () => {
    const office = store();
    choosing(office, () => null);
    await importList(office, 'kyokai-person.csv');
    await call(office, 'scan', { code: '01010101 0000002' });
    const { path: file } = await call<{ path: string }>(office, 'exportDatabase');
    expect(path.basename(file)).toBe('Kubaruデータ_20261124.sqlite3');

    const laptop = store();
    let chosen: string | null = null;
    choosing(laptop, () => chosen);
    await importList(laptop, 'kenpo-household.xlsx');
    const before = (await status(laptop)).envelopes.total;
    // Cancelled in the dialog: nothing happens.
    expect(await call(laptop, 'importDatabase')).toBeNull();
    expect((await status(laptop)).envelopes.total).toBe(before);
    chosen = file;
    const r = await call<ImportedDatabase>(laptop, 'importDatabase');
    expect(r).toMatchObject({ fileName: 'Kubaruデータ_20261124.sqlite3', envelopes: 152 });
    expect((await status(laptop)).envelopes).toMatchObject({ total: 152, handed_over: 4 });
    // The laptop's own data is not lost: it is the safety backup.
    const safety = (await call<BackupInfo[]>(laptop, 'listBackups')).find((b) => b.name === r.safetyBackup);
    expect(safety?.envelopes).toBe(before);
    // No temporary file or set-aside copy is left behind, and the chosen file is untouched.
    expect(fs.readdirSync(laptop.storage!.dataDir).filter((f) => /^\.import-|\.incoming|\.previous/.test(f))).toEqual([]);
    expect(fs.existsSync(file)).toBe(true);
  });

  it('takes no bytes from the renderer: the argument is refused', async () => {
    const ctx = store();
    expect(await callError(ctx, 'importDatabase', { fileName: 'x.sqlite3', bytes: new Uint8Array(10) })).toBeTruthy();
  });

  it('refuses a file that is not a Kubaru database, a damaged one, or one whose schema was changed, and changes nothing', async () => {
    const ctx = store();
    await importList(ctx, 'kyokai-person.csv');
    const other = tempDir();
    const list = path.join(other, 'list.csv');
    fs.writeFileSync(list, readFixture('kyokai-person.csv'));
    const plain = openDatabase(path.join(other, 'x.sqlite3'));
    plain.close();
    const half = path.join(other, 'half.sqlite3');
    fs.writeFileSync(half, fs.readFileSync(path.join(other, 'x.sqlite3')).subarray(0, 1000));
    const changed = path.join(other, 'changed.sqlite3');
    openDatabase(changed).close();
    const raw = new Database(changed);
    raw.exec('CREATE TRIGGER spy AFTER INSERT ON events BEGIN DELETE FROM members; END');
    raw.close();
    let chosen = list;
    choosing(ctx, () => chosen);
    expect(await callError(ctx, 'importDatabase')).toMatch(/Kubaruのデータファイルではありません/);
    chosen = half;
    expect(await callError(ctx, 'importDatabase')).toMatch(/Kubaru|壊れて|開けません/);
    chosen = changed;
    expect(await callError(ctx, 'importDatabase')).toMatch(/余分なトリガー「spy」/);
    chosen = ctx.storage!.dbFile;
    expect(await callError(ctx, 'importDatabase')).toMatch(/このPCのデータベース/);
    expect((await status(ctx)).envelopes.total).toBe(152);
    expect(await call<BackupInfo[]>(ctx, 'listBackups')).toEqual([]);
    expect(fs.readdirSync(ctx.storage!.dataDir).filter((f) => /^\.import-|\.incoming|\.previous/.test(f))).toEqual([]);
  });
});
