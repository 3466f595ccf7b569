/**
 * Restore, reading in a copy from another PC and 配付業務の完了 run in the job worker (issue #13): on a
 * 100,000-member database the desk answers scans and reads while they run, the progress bar has their
 * phases, and afterwards the desk works on the new file, the worker holds no handle on the old one, and a
 * list read in before a restore cannot be committed into the restored data.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceContext } from '../../electron/services/context';
import { dispatch } from '../../electron/services/handlers';
import { importFile } from '../../electron/services/lists/importList';
import { openStore } from '../../electron/services/storage/host';
import { inspectCopy } from '../../electron/services/storage/copy';
import { recordReportExport } from '../../electron/services/campaign/finish';
import { saveSettings } from '../../electron/services/settings';
import type { StatusCounts } from '../../shared/domain';
import type { JobKind, JobProgress } from '../../shared/jobs';
import type { Result } from '../../shared/result';
import { FINISH_CONFIRM_PHRASE, type BackupInfo, type FinishResult, type ImportedDatabase, type RestoreResult } from '../../shared/storage';
import { generateRows, toShiftJisCsv } from '../../bench/generate';
import { readFixture } from '../fixtures';
import { tempDir } from '../e2e/harness';

const MEMBERS = 100_000;
/** A 100k database made once (the import takes seconds); every test works on its own copy of it. */
let template = '';

beforeAll(() => {
  const dir = tempDir();
  const ctx = openStore(dir, { dailyBackup: false });
  saveSettings(ctx, { companyName: 'テスト', operatorName: '山田' });
  importFile(ctx, toShiftJisCsv(generateRows(MEMBERS, 7)), 'big.csv', { insurerName: '大健保' });
  ctx.db.pragma('wal_checkpoint(TRUNCATE)');
  template = ctx.db.name;
  ctx.db.close();
}, 300_000);

const opened: ServiceContext[] = [];
afterEach(() => opened.splice(0).forEach((c) => c.db.open && c.db.close()));

function desk(chosen: () => string | null = () => null): ServiceContext {
  const dir = tempDir();
  fs.copyFileSync(template, path.join(dir, 'kubaru.sqlite3'));
  const ctx = openStore(dir, { dailyBackup: false });
  ctx.platform = { savePdf: async () => null, chooseSavePath: async (name) => path.join(dir, name), chooseDatabaseFile: async () => chosen() };
  opened.push(ctx);
  return ctx;
}

async function call<T>(ctx: ServiceContext, name: string, arg?: unknown): Promise<T> {
  const r = (await dispatch(ctx, name, arg)) as Result<T>;
  if (!r.ok) throw new Error(`${name}: ${r.error}`);
  return r.value;
}

const householdCodes = (ctx: ServiceContext, n: number) =>
  ctx.db.prepare(`SELECT DISTINCT symbol || ' ' || number FROM members ORDER BY number LIMIT ?`).pluck().all(n) as string[];

interface Watched<T> {
  result: Result<T>;
  /** What jobProgress said while the job ran. */
  progress: JobProgress[];
  /** Desk calls answered while the job was still running, and how long each took. */
  answeredDuring: { ok: boolean; ms: number }[];
}

/** Runs `name` and, until it is answered, calls `deskCall` on the desk and polls the progress. */
async function watch<T>(ctx: ServiceContext, name: string, arg: unknown, deskCall: (i: number) => Promise<Result<unknown>>): Promise<Watched<T>> {
  let done = false;
  const job = (dispatch(ctx, name, arg) as Promise<Result<T>>).finally(() => (done = true));
  const progress: JobProgress[] = [];
  const answeredDuring: { ok: boolean; ms: number }[] = [];
  for (let i = 0; !done; i++) {
    const t = performance.now();
    const r = await deskCall(i);
    if (!done) answeredDuring.push({ ok: r.ok, ms: performance.now() - t });
    const p = await dispatch(ctx, 'jobProgress', undefined);
    if (p.ok) progress.push(...(p.value as JobProgress[]));
    await new Promise((r) => setTimeout(r, 15));
  }
  return { result: await job, progress, answeredDuring };
}

const phasesOf = (progress: JobProgress[], kind: JobKind) => new Set(progress.filter((p) => p.kind === kind).map((p) => p.phase));

/** Files under `dir` this process (worker threads included) holds open. */
const openFilesUnder = (dir: string) =>
  fs
    .readdirSync('/proc/self/fd')
    .map((fd) => {
      try {
        return fs.readlinkSync(`/proc/self/fd/${fd}`);
      } catch {
        return '';
      }
    })
    .filter((target) => target.startsWith(dir + path.sep))
    .map((target) => path.relative(dir, target));

// /proc/self/fd tells which files are open (Linux, where CI runs).
describe.runIf(fs.existsSync('/proc/self/fd'))('restore in the job worker', () => {
  it('answers scans during a 100k restore, keeps them in the safety backup, and then works on the restored file', { timeout: 300_000 }, async () => {
    const ctx = desk();
    const backup = await call<BackupInfo>(ctx, 'backupNow');
    const codes = householdCodes(ctx, 2000);
    expect(await call(ctx, 'scan', { code: codes[0] })).toMatchObject({ result: 'handed_over' });
    // A list read in before the restore, waiting for its 取込 button.
    const preview = await call<{ previewId: string }>(ctx, 'previewImport', { fileName: 'kyokai-person.csv', bytes: readFixture('kyokai-person.csv') });
    const before = ctx.db;

    const w = await watch<RestoreResult>(ctx, 'restoreBackup', { name: backup.name }, (i) => dispatch(ctx, 'scan', { code: codes[1 + i] }));
    expect(w.result).toMatchObject({ ok: true, value: { envelopes: backup.envelopes } });
    if (!w.result.ok) return;
    // The desk answered while the worker copied and checked the backup.
    expect(w.answeredDuring.length).toBeGreaterThan(0);
    expect(w.answeredDuring.every((a) => a.ok)).toBe(true);
    expect([...phasesOf(w.progress, 'restoreBackup')]).toContain('確認');
    expect(w.progress.every((p) => !p.cancellable)).toBe(true);

    // The desk now works on the restored file: the scans after the backup are not in it …
    expect(ctx.db).not.toBe(before);
    expect(before.open).toBe(false);
    expect(ctx.db.name).toBe(ctx.storage!.dbFile);
    expect((await call<StatusCounts>(ctx, 'getStatus')).envelopes.handed_over).toBe(0);
    // … but every one of them, those answered during the restore too, is in the safety backup.
    const safety = inspectCopy(path.join(ctx.storage!.backupDir, w.result.value.safetyBackup!));
    expect(safety.handedOver).toBe(1 + w.answeredDuring.length);
    // Only the desk's connection to the live file is open: nobody holds the replaced file (now the safety
    // backup) or the copy (on Windows either would have blocked the rename).
    expect(new Set(openFilesUnder(ctx.storage!.dataDir))).toEqual(new Set(['kubaru.sqlite3', 'kubaru.sqlite3-wal', 'kubaru.sqlite3-shm']));
    // The list read in before cannot be committed into the restored data.
    const stale = await dispatch(ctx, 'commitImport', {
      previewId: preview.previewId,
      insurerName: 'テスト保険者',
      insurerNumber: null,
      unit: 'person',
      receivedOn: null,
      boxCount: null,
    });
    expect(stale).toEqual({ ok: false, error: '取込の準備が見つかりません。もう一度ファイルを選んでください。' });
    // And the next job runs in a fresh worker on the new file.
    expect(await call<BackupInfo>(ctx, 'backupNow')).toMatchObject({ envelopes: backup.envelopes, handedOver: 0 });
  });

  it('reads in a copy from another PC the same way, and a job started meanwhile is refused, not run on the old file', { timeout: 300_000 }, async () => {
    const other = desk();
    const copy = path.join(tempDir(), 'from-office.sqlite3');
    await call(other, 'scan', { code: householdCodes(other, 1)[0] });
    other.db.prepare('VACUUM INTO ?').run(copy);
    const ctx = desk(() => copy);
    let started: Result<unknown> | null = null;
    const w = await watch<ImportedDatabase>(ctx, 'importDatabase', undefined, async () => {
      // Once the file is chosen and its job runs, the clerk clicks バックアップを作る.
      const running = await call<JobProgress[]>(ctx, 'jobProgress');
      if (running.some((j) => j.kind === 'importDatabase')) started ??= await dispatch(ctx, 'backupNow', undefined);
      return dispatch(ctx, 'getStatus', undefined);
    });
    expect(w.result).toEqual({ ok: true, value: expect.objectContaining({ fileName: 'from-office.sqlite3' }) });
    expect(started).toEqual({ ok: false, error: expect.stringMatching(/ほかの処理.*の最中です/) });
    expect(w.answeredDuring.length).toBeGreaterThan(0);
    expect(phasesOf(w.progress, 'importDatabase').has('確認')).toBe(true);
    expect((await call<StatusCounts>(ctx, 'getStatus')).envelopes.handed_over).toBeGreaterThan(0);
  });
});

describe('配付業務の完了 in the job worker', () => {
  it('reads are answered during the purge of 100k, the bar counts the deleted rows, and the desk sees the result', { timeout: 300_000 }, async () => {
    const ctx = desk();
    recordReportExport(ctx, { format: 'csv', fileName: '完了報告.csv', rows: MEMBERS });
    const envelopes = (await call<StatusCounts>(ctx, 'getStatus')).envelopes.total;
    // The desk's search index is built (in this thread's memory) before the purge …
    const name = ctx.db.prepare('SELECT name FROM members LIMIT 1').pluck().get() as string;
    expect((await call<unknown[]>(ctx, 'search', { query: name, limit: 10 })).length).toBeGreaterThan(0);
    const w = await watch<FinishResult>(ctx, 'finishCampaign', { confirmation: FINISH_CONFIRM_PHRASE }, () => dispatch(ctx, 'getStatus', undefined));
    expect(w.result).toMatchObject({ ok: true, value: { unfinished: null, summary: { envelopes } } });
    expect(w.answeredDuring.length).toBeGreaterThan(0);
    expect(w.answeredDuring.every((a) => a.ok)).toBe(true);
    const deleting = w.progress.filter((p) => p.kind === 'finishCampaign' && p.phase === '削除');
    expect(deleting.length).toBeGreaterThan(0);
    expect(deleting.at(-1)!.total).toBeGreaterThan(MEMBERS + envelopes);
    expect(w.progress.every((p) => !p.cancellable)).toBe(true);
    // The desk's own connection sees the purge at once.
    expect((await call<StatusCounts>(ctx, 'getStatus')).envelopes.total).toBe(0);
    expect(ctx.db.prepare('SELECT COUNT(*) FROM members').pluck().get()).toBe(0);
    // … and forgets the names with it.
    expect(await call<unknown[]>(ctx, 'search', { query: name, limit: 10 })).toEqual([]);
  });

  it('is refused while another job runs, and nothing is deleted', { timeout: 300_000 }, async () => {
    const ctx = desk();
    recordReportExport(ctx, { format: 'csv', fileName: '完了報告.csv', rows: MEMBERS });
    const backup = dispatch(ctx, 'backupNow', undefined);
    expect(await dispatch(ctx, 'finishCampaign', { confirmation: FINISH_CONFIRM_PHRASE })).toEqual({
      ok: false,
      error: expect.stringMatching(/ほかの処理.*の最中です/),
    });
    expect(await backup).toMatchObject({ ok: true });
    expect(ctx.db.prepare('SELECT COUNT(*) FROM members').pluck().get()).toBe(MEMBERS);
  });
});
