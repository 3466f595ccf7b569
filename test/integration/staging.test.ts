/**
 * A list being copied in a slice at a time (issue #13, migration 8) is invisible to every reader until its
 * last transaction: while list B stages, the desk sees exactly what it saw before B — no scan, search, count,
 * list, report, roster proposal, sheet, 受入チェック or sync record of it — and after B's last transaction
 * every one of them sees all of B at once. A list whose copying process died is removed; one whose process
 * lives is kept; the database keeps its invariants either way.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ServiceContext } from '../../electron/services/context';
import { dispatch } from '../../electron/services/handlers';
import { openDatabase } from '../../electron/services/db/open';
import { removeAbandonedStaging } from '../../electron/services/db/staging';
import { previewImport, importFile } from '../../electron/services/lists/importList';
import { collectReport } from '../../electron/services/report/collect';
import { finishPreview, purgeCampaign } from '../../electron/services/campaign/finish';
import { syncStatus } from '../../electron/services/sync/state';
import { deviceId } from '../../electron/services/settings';
import { inspectCopy, snapshotTo } from '../../electron/services/storage/copy';
import { storeRosterFile } from '../../electron/services/roster/rosterStore';
import { reconcile } from '../../electron/services/roster/reconcile';
import { call, callError } from '../dispatch';
import { readFixture } from '../fixtures';
import { tempDir } from '../e2e/harness';
import { checkInvariants } from '../reliability/invariants';
import { B_ENVELOPES, B_MEMBERS, LIST_B, stagingDesk } from '../stagingFixture';

const DEPTS = ['1001', '1002', '2001', '3001', '4001'];
/** A household of B (記号 1234 番号 12345601: 松本 太郎 and family); list A has no 記号 1234. */
const B_CODE = '1234 12345601';

/** The result of a call, or the clerk's message when it fails. */
async function answer(ctx: ServiceContext, name: string, arg?: unknown): Promise<unknown> {
  const r = await dispatch(ctx, name, arg);
  return r.ok ? r.value : { error: r.error };
}

/** Everything a clerk (or another desk) can read, through the handler table where it has a name. */
async function deskState(ctx: ServiceContext) {
  const options = (await call(ctx, 'listFilterOptions')) as { depts: unknown; shipments: unknown };
  return {
    status: await call(ctx, 'getStatus'),
    panels: await call(ctx, 'handoverPanels'),
    shipments: await call(ctx, 'listShipments'),
    envelopes: await call(ctx, 'listEnvelopes', { filter: {}, sort: 'number', offset: 0, limit: 500 }),
    pendingInBox: await call(ctx, 'listEnvelopes', { filter: { status: 'pending' }, sort: 'dept', offset: 0, limit: 500 }),
    filterOptions: { depts: options.depts, shipments: options.shipments },
    progress: await call(ctx, 'progressOverview'),
    followUp: await call(ctx, 'followUpSheet', { days: 0 }),
    receiptBooks: await Promise.all(DEPTS.map((deptCode) => answer(ctx, 'receiptBookSheet', { deptCode }))),
    returnQueue: await call(ctx, 'returnQueue'),
    reportSummary: await call(ctx, 'collectReportSummary', { era: 'seireki' }),
    report: collectReport(ctx, { era: 'seireki' }),
    finishRemoves: finishPreview(ctx).removes,
    sync: syncStatus(ctx.db, deviceId(ctx)),
    searchB: await call(ctx, 'search', { query: '12345601' }),
    searchMatsumoto: await call(ctx, 'search', { query: '松本' }),
  };
}

const eventCount = (ctx: ServiceContext) => ctx.db.prepare('SELECT COUNT(*) FROM events').pluck().get() as number;
const envelopeOfB = (ctx: ServiceContext, shipmentId: number) =>
  ctx.db.prepare('SELECT id FROM envelopes WHERE shipment_id = ? ORDER BY id LIMIT 1').pluck().get(shipmentId) as number;

/** Some of A handed over and one flagged, so the panels, report and sync have something of A to show. */
async function workOnA(ctx: ServiceContext): Promise<void> {
  await call(ctx, 'scan', { code: '01010101 0000002' });
  await call(ctx, 'scan', { code: '01010101 0000005' });
  const [id] = ctx.db.prepare(`SELECT e.id FROM envelopes e JOIN members m ON m.envelope_id = e.id WHERE m.number = '0000010'`).pluck().all() as number[];
  await call(ctx, 'flagEnvelopes', { envelopeIds: [id], reason: '退職', date: '2024-08-15' });
}

describe('a list being copied in (staging)', () => {
  it('is seen by no reader while it stages, and by all of them at once after its last transaction', async () => {
    let before: Awaited<ReturnType<typeof deskState>> | undefined;
    const desk = await stagingDesk(async (ctx) => {
      await workOnA(ctx);
      before = await deskState(ctx);
    });
    const { ctx, shipmentId } = desk;
    // Every row of B is in the live tables.
    expect(ctx.db.prepare('SELECT COUNT(*) FROM members WHERE shipment_id = ?').pluck().get(shipmentId)).toBe(B_MEMBERS);

    // ── while B stages ──
    expect(await deskState(ctx)).toEqual(before);
    const events = eventCount(ctx);
    const scanned = (await call(ctx, 'scan', { code: B_CODE })) as { result: string; message: string };
    expect(scanned.result).toBe('unknown');
    expect(scanned.message).toBe(`該当する封筒がありません: ${B_CODE}`);
    expect(await call(ctx, 'identifyScan', { code: B_CODE, via: 'scanner' })).toMatchObject({ envelopeId: null });
    expect(eventCount(ctx)).toBe(events);
    // Ids of B's envelopes from outside (a stale screen, a crafted call) act on nothing.
    const idOfB = envelopeOfB(ctx, shipmentId);
    expect(await callError(ctx, 'handOverEnvelopes', { envelopeIds: [idOfB] })).toBe('選んだ封筒が見つかりません。画面を更新してください。');
    expect(await callError(ctx, 'flagEnvelopes', { envelopeIds: [idOfB], reason: '退職' })).toBe('選んだ封筒が見つかりません。画面を更新してください。');
    expect(eventCount(ctx)).toBe(events);
    expect(await callError(ctx, 'boxCheckStatus', { shipmentId })).toBe('そのリストは見つかりません。');
    expect(await callError(ctx, 'boxCheckScan', { shipmentId, code: B_CODE })).toBe('そのリストは見つかりません。');
    // The 社員名簿 names B's people only: nothing of B is proposed, flagged or found by 社員番号.
    storeRosterFile(ctx, readFixture('roster.csv'), 'roster.csv');
    expect(reconcile(ctx).proposals).toEqual([]);
    expect((await call(ctx, 'scan', { code: 'E10002' }) as { result: string }).result).toBe('unknown');
    // The same file again: it is being imported, not a second list.
    const again = previewImport(ctx, { fileName: LIST_B, bytes: readFixture(LIST_B) });
    expect(again.alreadyImported).toMatchObject({ fileName: LIST_B, importing: true });
    expect(importFile(ctx, readFixture(LIST_B), LIST_B, {}).notice).toBe(`このファイル（${LIST_B}）は取込中です。何も変更していません。`);
    // 配付業務の完了 waits for the import.
    expect(finishPreview(ctx).blocker).toBe('リストの取込中です。取込が終わってから完了してください。');
    // Also when following another desk's finish, which purges without a preview.
    expect(() => purgeCampaign(ctx, { exportedAt: '2024-10-01T00:00:00.000Z', fileName: '（窓口Bが完了報告を保存）' })).toThrow(
      'リストの取込中です。取込が終わってから完了してください。',
    );
    expect(checkInvariants(ctx.db)).toEqual([]);

    // ── B's last transaction ──
    desk.finish();
    const after = await deskState(ctx);
    const b = before!;
    const status = after.status as { envelopes: { total: number; pending: number }; members: number };
    const was = b.status as typeof status;
    expect(status.envelopes.total).toBe(was.envelopes.total + B_ENVELOPES);
    expect(status.envelopes.pending).toBe(was.envelopes.pending + B_ENVELOPES);
    expect(status.members).toBe(was.members + B_MEMBERS);
    expect(after.shipments).toEqual([expect.objectContaining({ id: shipmentId, fileName: LIST_B, envelopes: B_ENVELOPES, members: B_MEMBERS }), ...(b.shipments as unknown[])]);
    expect((after.envelopes as { total: number }).total).toBe((b.envelopes as { total: number }).total + B_ENVELOPES);
    expect((after.pendingInBox as { total: number }).total).toBe((b.pendingInBox as { total: number }).total + B_ENVELOPES);
    expect((after.filterOptions.shipments as unknown[]).length).toBe(2);
    const total = (p: unknown) => (p as { byInsurer: { total: number }[] }).byInsurer.reduce((s, g) => s + g.total, 0);
    expect(total(after.progress)).toBe(total(b.progress) + B_ENVELOPES);
    const rows = (sheet: unknown) => (sheet as { depts: { rows: unknown[] }[] }).depts.reduce((s, d) => s + d.rows.length, 0);
    expect(rows(after.followUp)).toBe(rows(b.followUp) + B_ENVELOPES);
    const bookRows = (books: unknown[]) => books.reduce((s: number, x) => s + ((x as { rows?: unknown[] }).rows?.length ?? 0), 0);
    expect(bookRows(after.receiptBooks)).toBe(bookRows(b.receiptBooks) + B_ENVELOPES);
    expect(after.report.rows.length).toBe(b.report.rows.length + B_ENVELOPES);
    expect(after.report.summary.shipments.map((s) => s.fileName).sort()).toEqual(['kenpo-household.xlsx', 'kyokai-person.csv']);
    expect(after.report.summary.members).toBe(b.report.summary.members + B_MEMBERS);
    expect(after.finishRemoves.envelopes).toBe(b.finishRemoves.envelopes + B_ENVELOPES);
    // B's shipment, envelopes and members, and the 社員名簿 stored meanwhile.
    expect(after.sync.pending).toBe(b.sync.pending + 1 + B_ENVELOPES + B_MEMBERS + 1);
    expect((after.searchB as unknown[]).length).toBeGreaterThan(0);
    expect((after.searchMatsumoto as unknown[]).length).toBeGreaterThan((b.searchMatsumoto as unknown[]).length);
    expect(finishPreview(ctx).blocker).not.toBe('リストの取込中です。取込が終わってから完了してください。');
    expect(previewImport(ctx, { fileName: LIST_B, bytes: readFixture(LIST_B) }).alreadyImported).toMatchObject({ importing: false });
    expect(reconcile(ctx).proposals).toHaveLength(5);
    expect(await call(ctx, 'boxCheckStatus', { shipmentId })).toMatchObject({ total: B_ENVELOPES, checked: 0 });
    expect((await call(ctx, 'scan', { code: B_CODE }) as { result: string }).result).toBe('handed_over');
    expect(eventCount(ctx)).toBeGreaterThan(events);
    expect(checkInvariants(ctx.db)).toEqual([]);
  });

  it('is left out of a backup taken while it stages: the copy holds the desk as it was', async () => {
    let before: unknown;
    const { ctx } = await stagingDesk(async (c) => {
      await workOnA(c);
      before = { status: await call(c, 'getStatus'), shipments: await call(c, 'listShipments') };
    });
    const copy = path.join(tempDir(), 'copy.sqlite3');
    snapshotTo(ctx.db, copy);
    const facts = inspectCopy(copy);
    expect(facts.envelopes).toBe((before as { status: { envelopes: { total: number } } }).status.envelopes.total);
    const db = openDatabase(copy);
    try {
      expect(db.prepare('SELECT COUNT(*) FROM staging_shipments').pluck().get()).toBe(0);
      const { createContext } = await import('../../electron/services/context');
      const restored = createContext(db);
      expect({ status: await call(restored, 'getStatus'), shipments: await call(restored, 'listShipments') }).toEqual(before);
      expect(checkInvariants(db)).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('is removed when its copying process is gone, and kept while it lives', async () => {
    let before: unknown;
    const { ctx, shipmentId, file, insurerName } = await stagingDesk(async (c) => {
      before = await deskState(c);
    });
    // Alive: this process copies it.
    expect(removeAbandonedStaging(ctx.db)).toBe(0);
    expect(ctx.db.prepare('SELECT COUNT(*) FROM envelopes WHERE shipment_id = ?').pluck().get(shipmentId)).toBe(B_ENVELOPES);
    expect(checkInvariants(ctx.db)).toEqual([]);
    expect(await deskState(ctx)).toEqual(before);

    // Gone: a process that has exited (as after kill -9 of the app or the CLI mid-import).
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    ctx.db.prepare('UPDATE staging_shipments SET pid = ? WHERE shipment_id = ?').run(dead, shipmentId);
    expect(removeAbandonedStaging(ctx.db)).toBe(1);
    for (const table of ['envelopes', 'members']) {
      expect(ctx.db.prepare(`SELECT COUNT(*) FROM ${table} WHERE shipment_id = ?`).pluck().get(shipmentId)).toBe(0);
    }
    expect(ctx.db.prepare('SELECT COUNT(*) FROM shipments WHERE id = ?').pluck().get(shipmentId)).toBe(0);
    // The insurer its import created goes with it: the list is wholly absent.
    expect(ctx.db.prepare('SELECT COUNT(*) FROM insurers WHERE name = ?').pluck().get(insurerName)).toBe(0);
    expect(checkInvariants(ctx.db)).toEqual([]);
    expect(await deskState(ctx)).toEqual(before);
    ctx.db.close();
    // And the file opens as it was.
    const reopened = openDatabase(file);
    try {
      expect(checkInvariants(reopened)).toEqual([]);
    } finally {
      reopened.close();
    }
  });
});
