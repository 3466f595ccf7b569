/**
 * Long jobs run in the job worker (issue #13): the desk's thread answers scans meanwhile, progress can be
 * polled, a list that takes too long or too much memory to read is stopped with a Japanese message and the
 * app goes on, and an import through the worker stores exactly what the same import on this thread stores.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../electron/services/storage/host';
import { openDatabase, type DB } from '../../electron/services/db/open';
import { createContext, type ServiceContext } from '../../electron/services/context';
import { dispatch } from '../../electron/services/handlers';
import { importFile } from '../../electron/services/lists/importList';
import { runJob, setJobLimits } from '../../electron/services/jobs/runner';
import { saveSettings } from '../../electron/services/settings';
import type { JobProgress } from '../../shared/jobs';
import type { Result } from '../../shared/result';
import { generateRows, toXlsx } from '../../bench/generate';
import { tempDir } from '../e2e/harness';

const opened: ServiceContext[] = [];
function desk(): ServiceContext {
  const ctx = openStore(tempDir(), { dailyBackup: false });
  saveSettings(ctx, { companyName: 'テスト', operatorName: '山田' });
  opened.push(ctx);
  return ctx;
}
afterEach(() => opened.splice(0).forEach((c) => c.db.close()));

async function call<T>(ctx: ServiceContext, name: string, arg?: unknown): Promise<Result<T>> {
  return (await dispatch(ctx, name, arg)) as Result<T>;
}

const big = toXlsx(generateRows(30_000, 5));

describe('the job worker', () => {
  it('answers scans on the desk while a list is read and written, and shows how far it is', { timeout: 120_000 }, async () => {
    const ctx = desk();
    importFile(ctx, toXlsx(generateRows(300, 1)), 'first.xlsx', { insurerName: '第一健保' });
    const code = ctx.db.prepare(`SELECT symbol || ' ' || number FROM members LIMIT 1`).pluck().get() as string;

    let previewDone = false;
    const preview = call<{ previewId: string; unit: 'person' | 'household'; counts: { members: number } }>(ctx, 'previewImport', {
      fileName: 'big.xlsx',
      bytes: big.slice(),
      insurerName: '第二健保',
    }).finally(() => (previewDone = true));
    // The scan is answered while the worker is still reading the 30,000 rows.
    const scanned = await call<{ result: string }>(ctx, 'scan', { code });
    expect(scanned).toMatchObject({ ok: true, value: { result: 'handed_over' } });
    expect(previewDone).toBe(false);
    const seen: JobProgress[] = [];
    while (!previewDone) {
      const p = await call<JobProgress[]>(ctx, 'jobProgress');
      if (p.ok) seen.push(...p.value);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(seen.some((p) => p.kind === 'previewImport' && p.label === 'リストの読み込み')).toBe(true);
    expect(new Set(seen.map((p) => p.phase))).toContain('読み込み');
    const p = await preview;
    expect(p.ok && p.value.counts.members).toBe(30_000);
    if (!p.ok) return;

    let commitDone = false;
    const commit = call(ctx, 'commitImport', {
      previewId: p.value.previewId,
      insurerName: '第二健保',
      insurerNumber: null,
      unit: p.value.unit,
      receivedOn: null,
      boxCount: null,
    }).finally(() => (commitDone = true));
    const writing: JobProgress[] = [];
    while (!commitDone) {
      const r = await call<JobProgress[]>(ctx, 'jobProgress');
      if (r.ok) writing.push(...r.value.filter((j) => j.phase === '書き込み'));
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(await commit).toMatchObject({ ok: true });
    // The bar moves: several counts of 書き込み, growing, none cancellable.
    const done = writing.map((j) => j.done);
    expect(new Set(done).size).toBeGreaterThan(1);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(writing.every((j) => !j.cancellable && j.total > 0)).toBe(true);
    expect(await call(ctx, 'jobProgress')).toEqual({ ok: true, value: [] });
    expect(ctx.db.prepare('SELECT COUNT(*) FROM members').pluck().get()).toBe(30_300);
  });

  it('stops a list that takes too long to read, says so in Japanese, and the next import works', { timeout: 120_000 }, async () => {
    const ctx = desk();
    const before = setJobLimits({ readTimeLimitMs: 50 });
    try {
      const r = await call(ctx, 'previewImport', { fileName: 'big.xlsx', bytes: big.slice(), insurerName: '健保' });
      expect(r).toEqual({ ok: false, error: expect.stringMatching(/時間がかかりすぎたため中止しました/) });
    } finally {
      setJobLimits(before);
    }
    expect(await call(ctx, 'getStatus')).toMatchObject({ ok: true, value: { members: 0 } });
    const again = await call<{ counts: { members: number } }>(ctx, 'previewImport', { fileName: 'small.xlsx', bytes: toXlsx(generateRows(50, 2)), insurerName: '健保' });
    expect(again).toMatchObject({ ok: true, value: { counts: { members: 50 } } });
  });

  it('stops a list that needs more memory than the cap, says so in Japanese, and the app goes on', { timeout: 120_000 }, async () => {
    const ctx = desk();
    const before = setJobLimits({ maxHeapMb: 48 });
    try {
      const r = await call(ctx, 'previewImport', { fileName: 'big.xlsx', bytes: big.slice(), insurerName: '健保' });
      expect(r).toEqual({ ok: false, error: expect.stringMatching(/大きすぎるか複雑すぎて読み込めませんでした/) });
    } finally {
      setJobLimits(before);
    }
    const again = await call<{ counts: { members: number } }>(ctx, 'previewImport', { fileName: 'small.xlsx', bytes: toXlsx(generateRows(50, 2)), insurerName: '健保' });
    expect(again).toMatchObject({ ok: true, value: { counts: { members: 50 } } });
  });

  it('cancels a list while it is read, and nothing is stored', { timeout: 120_000 }, async () => {
    const ctx = desk();
    const preview = call(ctx, 'previewImport', { fileName: 'big.xlsx', bytes: big.slice(), insurerName: '健保' });
    let jobs: JobProgress[] = [];
    while (jobs.length === 0) {
      const r = await call<JobProgress[]>(ctx, 'jobProgress');
      jobs = r.ok ? r.value : [];
    }
    expect(jobs[0]!.cancellable).toBe(true);
    expect(await call(ctx, 'cancelJob', { id: jobs[0]!.id })).toEqual({ ok: true, value: { cancelled: true } });
    expect(await preview).toEqual({ ok: false, error: '処理を中止しました。何も変更していません。' });
    expect(ctx.db.prepare('SELECT COUNT(*) FROM shipments').pluck().get()).toBe(0);
  });

  it('stores exactly what the same import on this thread stores', { timeout: 120_000 }, async () => {
    const list = toXlsx(generateRows(2_000, 9));
    const viaWorker = desk();
    const summary = await runJob(viaWorker, 'importFile', { bytes: list, fileName: 'list.xlsx', insurerName: '健保' });
    expect(summary.counts.members).toBe(2_000);
    const direct = openDatabase(path.join(tempDir(), 'direct.sqlite3'));
    try {
      const ctx = createContext(direct);
      saveSettings(ctx, { companyName: 'テスト', operatorName: '山田' });
      importFile(ctx, list, 'list.xlsx', { insurerName: '健保' });
      const dump = (db: DB, table: string) => db.prepare(`SELECT * FROM ${table} ORDER BY 1`).all();
      for (const table of ['envelopes', 'members', 'envelope_counts', 'member_count']) {
        expect(dump(viaWorker.db, table), table).toEqual(dump(direct, table));
      }
      const shipment = (db: DB) => db.prepare('SELECT insurer_id, file_name, file_sha256, unit, imported_by FROM shipments').all();
      expect(shipment(viaWorker.db)).toEqual(shipment(direct));
    } finally {
      direct.close();
      fs.rmSync(path.dirname(direct.name), { recursive: true, force: true });
    }
  });

  it('flags and return batches wait for a list being written instead of failing with "database is locked"', { timeout: 120_000 }, async () => {
    const ctx = desk();
    importFile(ctx, toXlsx(generateRows(300, 1)), 'first.xlsx', { insurerName: '第一健保' });
    const ids = ctx.db.prepare('SELECT id FROM envelopes ORDER BY id LIMIT 2').pluck().all() as number[];
    const p = await call<{ previewId: string; unit: 'person' | 'household' }>(ctx, 'previewImport', { fileName: 'big.xlsx', bytes: big.slice(), insurerName: '第二健保' });
    if (!p.ok) throw new Error(p.error);
    let commitDone = false;
    const commit = call(ctx, 'commitImport', {
      previewId: p.value.previewId, insurerName: '第二健保', insurerNumber: null, unit: p.value.unit, receivedOn: null, boxCount: null,
    }).finally(() => (commitDone = true));
    // The clerk keeps flagging, packing and releasing envelopes while the worker writes the 30,000 rows.
    const failures: string[] = [];
    let rounds = 0;
    const expectOk = (r: Result<unknown>) => { if (!r.ok) failures.push(r.error); };
    while (!commitDone) {
      expectOk(await call(ctx, 'flagEnvelopes', { envelopeIds: ids, reason: '退職' }));
      const batch = await call<{ id: number }>(ctx, 'createBatch', { kind: 'other', note: '' });
      expectOk(batch);
      if (batch.ok) {
        expectOk(await call(ctx, 'addToBatch', { batchId: batch.value.id, envelopeIds: ids }));
        expectOk(await call(ctx, 'removeFromBatch', { batchId: batch.value.id, envelopeIds: ids }));
      }
      expectOk(await call(ctx, 'releaseEnvelopes', { envelopeIds: ids }));
      rounds++;
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(await commit).toMatchObject({ ok: true });
    expect(failures).toEqual([]);
    expect(rounds).toBeGreaterThan(1);
    expect(ctx.db.prepare('SELECT COUNT(*) FROM members').pluck().get()).toBe(30_300);
  });
});
