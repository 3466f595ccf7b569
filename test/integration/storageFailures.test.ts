/**
 * What restore and start-up leave behind when something goes wrong (#11 §6): a rename refused halfway, a
 * database gone missing, files readable by others, a full disk.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ServiceContext } from '../../electron/services/context';
import { openStore } from '../../electron/services/storage/host';
import { saveSettings } from '../../electron/services/settings';
import type { BackupInfo, RestoreResult } from '../../shared/storage';
import type { StatusCounts } from '../../shared/domain';
import { call, callError } from '../dispatch';
import { readFixture } from '../fixtures';
import { tempDir } from '../e2e/harness';

async function importList(ctx: ServiceContext, file: string): Promise<void> {
  const p = await call<{ previewId: string; unit: string | null; insurerName: string | null }>(ctx, 'previewImport', {
    fileName: file,
    bytes: readFixture(file),
  });
  await call(ctx, 'commitImport', {
    previewId: p.previewId,
    insurerName: p.insurerName ?? 'テスト保険者',
    insurerNumber: null,
    unit: p.unit ?? 'person',
    receivedOn: null,
    boxCount: null,
  });
}

function store(dir = tempDir()): ServiceContext {
  let t = new Date('2026-11-24T09:00:00').getTime();
  const ctx = openStore(dir, { now: () => new Date((t += 1000)), dailyBackup: false });
  if (!ctx.recovery) saveSettings(ctx, { companyName: 'テスト', operatorName: '山田' });
  ctx.platform = { savePdf: async () => null, chooseSavePath: async (name) => path.join(dir, name), chooseDatabaseFile: async () => null };
  return ctx;
}

const total = async (ctx: ServiceContext) => (await call<StatusCounts>(ctx, 'getStatus')).envelopes.total;
const mode = (file: string) => fs.statSync(file).mode & 0o777;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('restore', () => {
  it('a rename refused by another program (antivirus) puts the old database back and keeps working', async () => {
    const ctx = store();
    await importList(ctx, 'kyokai-person.csv');
    const backup = await call<BackupInfo>(ctx, 'backupNow');
    await importList(ctx, 'kenpo-household.xlsx');
    const before = await total(ctx);
    const rename = fs.renameSync.bind(fs);
    vi.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
      if (String(from).endsWith('.incoming')) throw Object.assign(new Error('EBUSY: resource busy or locked'), { code: 'EBUSY' });
      rename(from, to);
    });
    expect(await callError(ctx, 'restoreBackup', { name: backup.name })).toMatch(/置き換えられませんでした（EBUSY）。元のデータのまま使えます/);
    vi.restoreAllMocks();
    // The same data, in the same file, with nothing left beside it.
    expect(await total(ctx)).toBe(before);
    expect(fs.readdirSync(ctx.storage!.dataDir).filter((f) => f.startsWith('kubaru.sqlite3.'))).toEqual([]);
    await call(ctx, 'scan', { code: '01010101 0000002' });
    ctx.db.close();
    const again = store(ctx.storage!.dataDir);
    expect(again.recovery).toBeNull();
    expect(await total(again)).toBe(before);
    // And the restore goes through once the file is free.
    expect((await call<RestoreResult>(again, 'restoreBackup', { name: backup.name })).envelopes).toBe(152);
    again.db.close();
  });
});

describe('restore while another program has the database open', () => {
  it('still keeps the data it replaces as the safety backup (a copy then), with every scan in it', async () => {
    const ctx = store();
    await importList(ctx, 'kyokai-person.csv');
    const backup = await call<BackupInfo>(ctx, 'backupNow');
    await call(ctx, 'scan', { code: '01010101 0000002' });
    const handed = (await call<StatusCounts>(ctx, 'getStatus')).envelopes.handed_over;
    expect(handed).toBeGreaterThan(0);
    // The CLI, say: the desk's connection is not the last one, so the live file cannot simply leave WAL.
    const other = new Database(ctx.storage!.dbFile, { readonly: true });
    other.prepare('SELECT COUNT(*) FROM envelopes').get();
    const r = await call<RestoreResult>(ctx, 'restoreBackup', { name: backup.name });
    other.close();
    expect((await call<StatusCounts>(ctx, 'getStatus')).envelopes.handed_over).toBe(0);
    const safety = (await call<BackupInfo[]>(ctx, 'listBackups')).find((b) => b.name === r.safetyBackup);
    expect(safety).toMatchObject({ reason: 'before_restore', envelopes: 152, handedOver: handed });
    expect(fs.readdirSync(ctx.storage!.dataDir).filter((f) => f.startsWith('kubaru.sqlite3.'))).toEqual([]);
    ctx.db.close();
  });
});

describe('restore of a changed backup', () => {
  it('a backup whose schema was changed by another tool is refused and nothing changes', async () => {
    const ctx = store();
    await importList(ctx, 'kyokai-person.csv');
    const backup = await call<BackupInfo>(ctx, 'backupNow');
    await importList(ctx, 'kenpo-household.xlsx');
    const before = await total(ctx);
    const raw = new Database(path.join(ctx.storage!.backupDir, backup.name));
    raw.exec('CREATE TRIGGER keep AFTER INSERT ON events BEGIN DELETE FROM roster_entries; END');
    raw.close();
    expect(await callError(ctx, 'restoreBackup', { name: backup.name })).toMatch(/余分なトリガー「keep」/);
    expect(await total(ctx)).toBe(before);
    expect((await call<BackupInfo[]>(ctx, 'listBackups')).find((b) => b.name === backup.name)).toMatchObject({ envelopes: null });
    ctx.db.close();
  });
});

describe('start-up', () => {
  it('a missing database with backups present opens the recovery screen, never an empty start', async () => {
    const dir = tempDir();
    const ctx = store(dir);
    await importList(ctx, 'kyokai-person.csv');
    await call(ctx, 'backupNow');
    ctx.db.close();
    for (const f of fs.readdirSync(dir).filter((n) => n.startsWith('kubaru.sqlite3'))) fs.rmSync(path.join(dir, f));

    const next = store(dir);
    expect(next.recovery).toMatch(/データベースのファイルが見つかりません。バックアップから復元してください/);
    expect(await callError(next, 'getStatus')).toMatch(/バックアップから復元するか、新しく始めてください/);
    const [backup] = await call<BackupInfo[]>(next, 'listBackups');
    expect((await call<RestoreResult>(next, 'restoreBackup', { name: backup!.name })).envelopes).toBe(152);
    expect(await total(next)).toBe(152);
    next.db.close();
  });

  it('with no backups either, a first start is an empty database as before', () => {
    const ctx = store();
    expect(ctx.recovery).toBeNull();
    ctx.db.close();
  });

  it('a restore cut short after the live file was set aside gets it back at the next start', async () => {
    const dir = tempDir();
    const ctx = store(dir);
    await importList(ctx, 'kyokai-person.csv');
    ctx.db.close();
    fs.renameSync(path.join(dir, 'kubaru.sqlite3'), path.join(dir, 'kubaru.sqlite3.previous'));
    const next = store(dir);
    expect(next.recovery).toBeNull();
    expect(await total(next)).toBe(152);
    next.db.close();
  });
});

describe.runIf(process.platform !== 'win32')('files readable by the user only', () => {
  it('the database is made private again on every open, not only when it is created', () => {
    const dir = tempDir();
    store(dir).db.close();
    const file = path.join(dir, 'kubaru.sqlite3');
    fs.chmodSync(file, 0o644);
    const ctx = store(dir);
    expect(mode(file)).toBe(0o600);
    ctx.db.close();
  });

  it('the completion report is written 0600', async () => {
    const ctx = store();
    await importList(ctx, 'kyokai-person.csv');
    for (const format of ['xlsx', 'csv'] as const) {
      const { path: file } = await call<{ path: string }>(ctx, 'exportReport', { format, era: 'seireki' });
      expect(mode(file)).toBe(0o600);
      // Saved again over a copy someone had opened up: replaced by a private file, not written into it.
      fs.chmodSync(file, 0o644);
      await call(ctx, 'exportReport', { format, era: 'seireki' });
      expect(mode(file)).toBe(0o600);
    }
    ctx.db.close();
  });
});

describe('a full disk', () => {
  it('says ディスクの空きが足りません, not the generic message, and nothing is imported', async () => {
    const ctx = store();
    // SQLite's own limit on the file's size: the next page it needs is refused exactly as on a full disk.
    const pages = ctx.db.pragma('page_count', { simple: true }) as number;
    ctx.db.pragma(`max_page_count = ${pages}`);
    const p = await call<{ previewId: string; insurerName: string | null }>(ctx, 'previewImport', {
      fileName: 'kyokai-person.csv',
      bytes: readFixture('kyokai-person.csv'),
    });
    const error = await callError(ctx, 'commitImport', {
      previewId: p.previewId,
      insurerName: 'テスト保険者',
      insurerNumber: null,
      unit: 'person',
      receivedOn: null,
      boxCount: null,
    });
    expect(error).toMatch(/^ディスクの空きが足りません/);
    expect(await total(ctx)).toBe(0);
    ctx.db.close();
  });
});
