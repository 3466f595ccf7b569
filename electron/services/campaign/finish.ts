/**
 * 配付業務の完了: once the completion report is out and still shows the current record, the personal data of
 * the campaign (names, numbers, birth dates, the audit trail, the roster, the backups) is deleted. Counts stay,
 * as a finished campaign, so the app can still say what was done.
 */
import {
  FINISH_CONFIRM_PHRASE,
  type CampaignSummary,
  type FinishPreview,
  type FinishedCampaign,
  type FinishResult,
} from '../../../shared/storage';
import type { ServiceContext } from '../context';
import path from 'node:path';
import { isDiskFull, UserError } from '../errors';
import { operatorName } from '../settings';
import { countPersonalDataCopies, deletePersonalDataCopies } from '../storage/backups';
import { forgetSearchIndex } from '../handover/search';
import { APPEND_ONLY_TRIGGERS, schemaSql } from '../db/schema';
import { listBeingCopied, visibleShipment } from '../db/staging';
import { prepareCached } from '../db/open';
import { runAlone } from '../jobs/runner';

interface ReportExportRow {
  exported_at: string;
  file_name: string;
  last_event_seq: number;
  envelope_count: number;
}

const lastEventSeq = (ctx: ServiceContext): number =>
  prepareCached(ctx.db, 'SELECT COALESCE(MAX(seq), 0) FROM events').pluck().get() as number;
// A list still being copied in is not part of the record yet (db/staging.ts): not counted, not summarised,
// and not deleted half-way: finishing waits for it.
const IMPORTING = 'リストの取込中です。取込が終わってから完了してください。';
const envelopeCount = (ctx: ServiceContext): number =>
  prepareCached(ctx.db, `SELECT COUNT(*) FROM envelopes WHERE ${visibleShipment('shipment_id')}`).pluck().get() as number;
const memberCount = (ctx: ServiceContext): number =>
  prepareCached(ctx.db, `SELECT COUNT(*) FROM members WHERE ${visibleShipment('shipment_id')}`).pluck().get() as number;

/** What a report reflects: taken in the same transaction as the report's data. */
export interface ReportState {
  lastEventSeq: number;
  envelopeCount: number;
}
export const reportState = (ctx: ServiceContext): ReportState => ({ lastEventSeq: lastEventSeq(ctx), envelopeCount: envelopeCount(ctx) });

/**
 * Called after a report file was written: what it reflects decides whether the campaign may be finished.
 * `asOf` is the state the report was read at: writing the xlsx takes seconds, and a scan in between must not
 * count as shown in the report.
 */
export function recordReportExport(
  ctx: ServiceContext,
  e: { format: 'xlsx' | 'csv'; fileName: string; rows: number },
  asOf: ReportState = reportState(ctx),
): void {
  prepareCached(
    ctx.db,
    `INSERT INTO report_exports (exported_at, exported_by, format, file_name, row_count, last_event_seq, envelope_count)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(ctx.now().toISOString(), operatorName(ctx), e.format, e.fileName, e.rows, asOf.lastEventSeq, asOf.envelopeCount);
}

function lastReport(ctx: ServiceContext): ReportExportRow | undefined {
  return prepareCached(ctx.db, 'SELECT exported_at, file_name, last_event_seq, envelope_count FROM report_exports ORDER BY id DESC LIMIT 1')
    .get() as ReportExportRow | undefined;
}

const count = (ctx: ServiceContext, table: string): number =>
  prepareCached(ctx.db, `SELECT COUNT(*) FROM ${table}`).pluck().get() as number;

export function finishPreview(ctx: ServiceContext): FinishPreview {
  const report = lastReport(ctx);
  const envelopes = envelopeCount(ctx);
  const copies = countPersonalDataCopies(ctx.storage);
  let blocker: string | null = null;
  if (envelopes === 0) blocker = '完了する配付業務のデータがありません。';
  // Deleting a list while it is copied in would leave half of it behind; it is not in the report either.
  else if (listBeingCopied(ctx.db)) blocker = IMPORTING;
  else if (!report) blocker = '先に「保険者への完了報告」をExcelかCSVで保存してください。報告書が残るまで個人情報は削除できません。';
  else if (report.last_event_seq !== lastEventSeq(ctx) || report.envelope_count !== envelopes) {
    blocker = '完了報告を保存した後に記録が変わっています。報告書をもう一度保存してから完了してください。';
  }
  return {
    blocker,
    lastReport: report ? { exportedAt: report.exported_at, fileName: report.file_name } : null,
    removes: {
      envelopes,
      members: memberCount(ctx),
      events: count(ctx, 'events'),
      rosterEntries: count(ctx, 'roster_entries'),
      returnBatches: count(ctx, 'return_batches'),
      boxCheckRecords: count(ctx, 'box_check_scans') + count(ctx, 'discrepancies'),
      backups: copies.backups,
      otherCopies: copies.others,
    },
    confirmPhrase: FINISH_CONFIRM_PHRASE,
  };
}

export function summarize(ctx: ServiceContext): CampaignSummary {
  const byStatus = Object.fromEntries(
    prepareCached(ctx.db, `SELECT status, COUNT(*) FROM envelopes WHERE ${visibleShipment('shipment_id')} GROUP BY status ORDER BY status`)
      .raw()
      .all() as [string, number][],
  );
  const insurers = prepareCached(ctx.db, 
      `SELECT i.name AS name, COUNT(*) AS envelopes,
              SUM(e.status = 'handed_over') AS handedOver, SUM(e.status = 'returned') AS returned
       FROM envelopes e JOIN insurers i ON i.id = e.insurer_id WHERE ${visibleShipment('e.shipment_id')} GROUP BY i.id ORDER BY i.name`,
    )
    .all() as CampaignSummary['insurers'];
  const shipments = prepareCached(ctx.db, 
      `SELECT s.file_name AS fileName, i.name AS insurerName, s.imported_at AS importedAt,
              (SELECT COUNT(*) FROM envelopes e WHERE e.shipment_id = s.id) AS envelopes
       FROM shipments s JOIN insurers i ON i.id = s.insurer_id WHERE ${visibleShipment('s.id')} ORDER BY s.id`,
    )
    .all() as CampaignSummary['shipments'];
  return {
    envelopes: envelopeCount(ctx),
    members: memberCount(ctx),
    byStatus,
    insurers,
    shipments,
    returnBatches: count(ctx, 'return_batches'),
  };
}

// Children before parents; envelopes and events point at each other, so foreign keys are checked at commit.
const PURGED_TABLES = [
  'sync_conflicts',
  'sync_aside',
  'sync_shipments',
  'sync_rosters',
  'sync_box_checks',
  'sync_batches',
  'return_batch_items',
  'box_check_scans',
  'discrepancies',
  'members',
  'events',
  'envelopes',
  'return_batches',
  'shipments',
  'roster_entries',
  'roster_imports',
] as const;

interface ReportRef {
  exportedAt: string;
  fileName: string;
}

export function finishCampaign(ctx: ServiceContext, confirmation: string): FinishResult {
  if (confirmation.trim() !== FINISH_CONFIRM_PHRASE) {
    throw new UserError(`確認のため「${FINISH_CONFIRM_PHRASE}」と入力してください。`);
  }
  // Checked inside the purge's write transaction: the purge runs in the job worker while the desk answers
  // scans, and a scan after a check made earlier would be deleted without being in the report.
  return purge(ctx, () => {
    const blocker = finishPreview(ctx).blocker;
    if (blocker) throw new UserError(blocker);
    const report = lastReport(ctx)!;
    return { exportedAt: report.exported_at, fileName: report.file_name };
  });
}

/**
 * Deletes the campaign's personal data and keeps its counts. Also the way a desk follows another desk that
 * finished the shared campaign (sync/finish.ts): there the report is the one saved at that desk.
 */
export function purgeCampaign(ctx: ServiceContext, report: ReportRef): FinishResult {
  return purge(ctx, () => report);
}

/**
 * The desk's 配付業務の完了: the purge runs in the job worker (its progress on the bar, scans answered
 * meanwhile), alone; then the desk's own search index forgets the names.
 */
export function finishCampaignInWorker(ctx: ServiceContext, confirmation: string): Promise<FinishResult> {
  return runAlone(ctx, 'finishCampaign', { confirmation }, (r) => forgotten(ctx, r));
}

/** The desk's side of following another desk's 配付業務の完了 (sync/finish.ts), as finishCampaignInWorker. */
export function purgeCampaignInWorker(ctx: ServiceContext, report: ReportRef): Promise<FinishResult> {
  return runAlone(ctx, 'confirmRemoteFinish', report, (r) => forgotten(ctx, r));
}

function forgotten(ctx: ServiceContext, result: FinishResult): FinishResult {
  forgetSearchIndex(ctx);
  return result;
}

/** `reportOf` runs inside the write transaction: it may refuse, and nothing is deleted then. */
function purge(ctx: ServiceContext, reportOf: () => ReportRef): FinishResult {
  const db = ctx.db;
  // Freed pages are overwritten with zeros, so deleted names do not linger in the file's free space.
  db.pragma('secure_delete = ON');
  let id = 0;
  try {
    db.transaction(() => {
      // Also when following another desk's finish (sync/finish.ts), which has no preview to block it;
      // under the lock, so no import can begin in between.
      if (listBeingCopied(db)) throw new UserError(IMPORTING);
      const report = reportOf();
      const summary = summarize(ctx);
      id = Number(
        prepareCached(db, 
            `INSERT INTO finished_campaigns (finished_at, finished_by, report_exported_at, report_file, summary)
             VALUES (?, ?, ?, ?, ?)`,
          )
          .run(ctx.now().toISOString(), operatorName(ctx), report.exportedAt, report.fileName, JSON.stringify(summary))
          .lastInsertRowid,
      );
      db.pragma('defer_foreign_keys = ON');
      // The append-only guards are dropped only inside this transaction and put back, from the migrations'
      // own DDL, before it commits: outside it the audit trail can never be edited or deleted.
      const guards = APPEND_ONLY_TRIGGERS.map((name) => schemaSql(db, 'trigger', name));
      for (const name of APPEND_ONLY_TRIGGERS) db.exec(`DROP TRIGGER ${name}`);
      const rows = PURGED_TABLES.reduce((n, table) => n + count(ctx, table), 0);
      let deleted = 0;
      ctx.progress?.('削除', 0, rows);
      for (const table of PURGED_TABLES) {
        deleted += prepareCached(db, `DELETE FROM ${table}`).run().changes;
        ctx.progress?.('削除', deleted, rows);
      }
      for (const sql of guards) db.exec(sql);
    }).immediate();
  } catch (e) {
    db.pragma('secure_delete = OFF');
    throw e;
  }
  // Committed. The copies go first, so a failure of the slow file rewrite below never leaves them behind;
  // and from here on a failure must say what is done, never that nothing was saved.
  forgetSearchIndex(ctx);
  const notDone: string[] = [];
  const left = deletePersonalDataCopies(ctx.storage);
  if (left.length) {
    notDone.push(`個人情報を含むファイル ${left.length}個の削除（${left.map((f) => path.basename(f)).join('、')}。フォルダ ${path.dirname(left[0]!)} から手で削除してください）`);
  }
  try {
    // The WAL still holds the old pages: fold it in and empty it, then rebuild the file without them.
    ctx.progress?.('整理', 0, 0);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.exec('VACUUM');
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch (e) {
    notDone.push(`データベースファイルの整理（削除した情報の跡をファイルから消す処理${isDiskFull(e) ? '。ディスクの空きが足りません' : ''}）`);
  } finally {
    db.pragma('secure_delete = OFF');
  }
  const unfinished = notDone.length
    ? `配付業務の完了を記録し、データベースから個人情報を削除しました（件数は残っています）。ただし次のことができませんでした: ${notDone.join('／')}。`
    : null;
  return { ...listFinishedCampaigns(ctx).find((c) => c.id === id)!, unfinished };
}

export function listFinishedCampaigns(ctx: ServiceContext): FinishedCampaign[] {
  const rows = prepareCached(ctx.db, 'SELECT id, finished_at, finished_by, report_exported_at, report_file, summary FROM finished_campaigns ORDER BY id DESC')
    .all() as { id: number; finished_at: string; finished_by: string; report_exported_at: string; report_file: string; summary: string }[];
  return rows.map((r) => ({
    id: r.id,
    finishedAt: r.finished_at,
    finishedBy: r.finished_by,
    reportExportedAt: r.report_exported_at,
    reportFile: r.report_file,
    summary: JSON.parse(r.summary) as CampaignSummary,
  }));
}
