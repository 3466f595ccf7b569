/**
 * 配付業務の完了: the personal data goes, the counts and the report stay, and only after a report that still
 * shows the current record.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ServiceContext } from '../../electron/services/context';
import { call, callError } from '../dispatch';
import { dispatch } from '../../electron/services/handlers';
import { openStore } from '../../electron/services/storage/host';
import { saveSettings } from '../../electron/services/settings';
import type { BackupInfo, FinishPreview, FinishedCampaign, FinishResult } from '../../shared/storage';
import type { StatusCounts } from '../../shared/domain';
import { readFixture } from '../fixtures';
import { tempDir } from '../e2e/harness';

async function campaign(): Promise<{ ctx: ServiceContext; out: string }> {
  const out = tempDir();
  let t = new Date('2026-11-24T09:00:00').getTime();
  const ctx = openStore(tempDir(), { now: () => new Date((t += 1000)) });
  saveSettings(ctx, { companyName: 'テスト', operatorName: '山田' });
  ctx.platform = { savePdf: async () => null, chooseSavePath: async (name) => path.join(out, name), chooseDatabaseFile: async () => null };
  for (const file of ['kyokai-person.csv', 'kenpo-household.xlsx']) {
    const p = await call<{ previewId: string; unit: string | null; insurerName: string | null }>(ctx, 'previewImport', {
      fileName: file,
      bytes: readFixture(file),
    });
    await call(ctx, 'commitImport', {
      previewId: p.previewId,
      insurerName: p.insurerName ?? `保険者 ${file}`,
      insurerNumber: null,
      unit: p.unit ?? 'person',
      receivedOn: null,
      boxCount: null,
    });
  }
  await call(ctx, 'scan', { code: '01010101 0000002' });
  await call(ctx, 'importRoster', { fileName: 'roster.csv', bytes: readFixture('roster.csv') });
  await call(ctx, 'backupNow');
  return { ctx, out };
}

/** The raw bytes of the database and its WAL: what someone reading the disk would find. */
function fileBytes(ctx: ServiceContext): Buffer {
  const file = ctx.db.name;
  return Buffer.concat([file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
}

describe('配付業務の完了', () => {
  it('waits for a report that still shows the current record', async () => {
    const { ctx } = await campaign();
    expect((await call<FinishPreview>(ctx, 'finishPreview')).blocker).toMatch(/先に「保険者への完了報告」/);
    await call(ctx, 'exportReport', { format: 'xlsx', era: 'seireki' });
    const ready = await call<FinishPreview>(ctx, 'finishPreview');
    expect(ready.blocker).toBeNull();
    expect(ready.lastReport?.fileName).toMatch(/^資格情報のお知らせ_完了報告_\d{8}\.xlsx$/);

    await call(ctx, 'scan', { code: '01010101 0000001' });
    expect((await call<FinishPreview>(ctx, 'finishPreview')).blocker).toMatch(/報告書をもう一度保存/);
    expect(await callError(ctx, 'finishCampaign', { confirmation: '配付業務を完了' })).toMatch(/報告書をもう一度保存/);
    await call(ctx, 'exportReport', { format: 'csv', era: 'wareki' });
    expect((await call<FinishPreview>(ctx, 'finishPreview')).blocker).toBeNull();
  });

  it('says exactly what goes, needs the typed phrase, then deletes the personal data and keeps the counts', async () => {
    const { ctx, out } = await campaign();
    await call(ctx, 'exportReport', { format: 'xlsx', era: 'seireki' });
    const status = await call<StatusCounts>(ctx, 'getStatus');
    const preview = await call<FinishPreview>(ctx, 'finishPreview');
    expect(preview.removes).toMatchObject({
      envelopes: status.envelopes.total,
      members: status.members,
      returnBatches: 0,
      backups: 2, // before the second list, and the one made by hand
    });
    expect(preview.removes.events).toBe(4);
    expect(preview.removes.rosterEntries).toBeGreaterThan(0);
    expect(fileBytes(ctx).includes(Buffer.from('タナカ サクラ'))).toBe(true);
    const triggersBefore = ctx.db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name`).all();

    expect(await callError(ctx, 'finishCampaign', { confirmation: '完了' })).toBe('確認のため「配付業務を完了」と入力してください。');
    expect((await call<StatusCounts>(ctx, 'getStatus')).members).toBe(status.members);

    const { unfinished, ...done } = await call<FinishResult>(ctx, 'finishCampaign', { confirmation: preview.confirmPhrase });
    expect(unfinished).toBeNull();
    expect(done.summary).toMatchObject({
      envelopes: status.envelopes.total,
      members: status.members,
      byStatus: { handed_over: 4, pending: status.envelopes.pending },
    });
    expect(done.summary.insurers.map((i) => i.envelopes).reduce((a, b) => a + b)).toBe(status.envelopes.total);
    expect(done.summary.shipments.map((s) => s.fileName)).toEqual(['kyokai-person.csv', 'kenpo-household.xlsx']);
    expect(done.reportFile).toBe(preview.lastReport!.fileName);

    // Gone from the database, from its free pages and WAL, from memory (search) and from the backups.
    expect(await call<StatusCounts>(ctx, 'getStatus')).toMatchObject({ members: 0, envelopes: { total: 0 } });
    for (const table of ['events', 'roster_entries', 'shipments', 'box_check_scans']) {
      expect(ctx.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get(), table).toBe(0);
    }
    const bytes = fileBytes(ctx);
    for (const text of ['タナカ サクラ', '田中 さくら', '01010101']) expect(bytes.includes(Buffer.from(text)), text).toBe(false);
    expect(await call<unknown[]>(ctx, 'search', { query: 'たなか' })).toEqual([]);
    expect(await call<BackupInfo[]>(ctx, 'listBackups')).toEqual([]);
    // The report file itself stays where the clerk saved it.
    expect(fs.existsSync(path.join(out, preview.lastReport!.fileName))).toBe(true);
    // The audit trail is append-only again, exactly as the migration made it.
    expect(ctx.db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name`).all()).toEqual(triggersBefore);
    expect(await call<FinishedCampaign[]>(ctx, 'listFinishedCampaigns')).toEqual([done]);

    // Next year's list goes in as into a new database; the old campaign stays in the list of finished ones.
    const p = await call<{ previewId: string; unit: string | null }>(ctx, 'previewImport', {
      fileName: 'kyokai-person.csv',
      bytes: readFixture('kyokai-person.csv'),
    });
    await call(ctx, 'commitImport', { previewId: p.previewId, insurerName: '協会けんぽ', insurerNumber: null, unit: 'person', receivedOn: null, boxCount: null });
    await call(ctx, 'scan', { code: '01010101 0000002' });
    expect(() => ctx.db.prepare('DELETE FROM events').run()).toThrow(/append-only/);
    expect((await call<FinishPreview>(ctx, 'finishPreview')).blocker).toMatch(/報告書をもう一度保存|先に/);
  });

  it('refuses when there is nothing to finish', async () => {
    const ctx = openStore(tempDir());
    saveSettings(ctx, { companyName: 'テスト', operatorName: '山田' });
    expect((await call<FinishPreview>(ctx, 'finishPreview')).blocker).toMatch(/データがありません/);
    expect(await callError(ctx, 'finishCampaign', { confirmation: '配付業務を完了' })).toMatch(/データがありません/);
  });

  it('also deletes damaged copies and the leftovers of interrupted steps, and says so before confirming', async () => {
    const { ctx } = await campaign();
    await call(ctx, 'exportReport', { format: 'csv', era: 'seireki' });
    const { dataDir, backupDir, dbFile } = ctx.storage!;
    // What earlier trouble left in the folders: each a full copy of the personal data.
    const copies = [
      path.join(dataDir, 'kubaru-damaged-20261101-101010.sqlite3'),
      path.join(dataDir, 'kubaru-damaged-20261101-101010.sqlite3-wal'),
      path.join(dataDir, '.import-3f2a.sqlite3'),
      `${dbFile}.incoming`,
      `${dbFile}.previous`,
      path.join(backupDir, '.kubaru-20261101-101010-manual.sqlite3.partial'),
    ];
    for (const f of copies) fs.copyFileSync(dbFile, f);
    const preview = await call<FinishPreview>(ctx, 'finishPreview');
    expect(preview.removes).toMatchObject({ backups: 2, otherCopies: copies.length });
    const done = await call<FinishResult>(ctx, 'finishCampaign', { confirmation: preview.confirmPhrase });
    expect(done.unfinished).toBeNull();
    expect(copies.filter((f) => fs.existsSync(f))).toEqual([]);
    // The live database, its log and the report stay.
    expect(fs.readdirSync(dataDir).sort()).toEqual(expect.arrayContaining(['kubaru.sqlite3', 'backups']));
    expect(fs.readdirSync(backupDir)).toEqual([]);
  });

  it('a step after the purge that fails is named as it is; the purge itself stands and is never called unsaved', async () => {
    const { ctx } = await campaign();
    await call(ctx, 'exportReport', { format: 'xlsx', era: 'seireki' });
    // A backup the app cannot delete (here: something else made a folder of that name).
    const stuck = path.join(ctx.storage!.backupDir, 'kubaru-20261101-101010-manual.sqlite3');
    fs.mkdirSync(stuck);
    fs.writeFileSync(path.join(stuck, 'x'), 'x');
    const r = await dispatch(ctx, 'finishCampaign', { confirmation: '配付業務を完了' });
    expect(r.ok).toBe(true);
    const unfinished = r.ok ? (r.value as FinishResult).unfinished : (r as { error: string }).error;
    expect(unfinished).toMatch(/配付業務の完了を記録し、データベースから個人情報を削除しました/);
    expect(unfinished).toMatch(/個人情報を含むファイル 1個の削除（kubaru-20261101-101010-manual\.sqlite3/);
    expect(unfinished).not.toMatch(/保存されていません/);
    expect(await call<StatusCounts>(ctx, 'getStatus')).toMatchObject({ members: 0, envelopes: { total: 0 } });
    expect(await call<FinishedCampaign[]>(ctx, 'listFinishedCampaigns')).toHaveLength(1);
    // The other backups went anyway.
    expect(fs.readdirSync(ctx.storage!.backupDir)).toEqual(['kubaru-20261101-101010-manual.sqlite3']);
  });
});
