/**
 * 配付業務の完了 in a shared campaign. The desk that finishes first syncs (its report must still show the
 * record after that), then ends the campaign on the server: the personal data is deleted there and only the
 * counts stay. Every other desk learns it at its next sync and deletes its own copy once its clerk confirms.
 */
import pg from 'pg';
import { FINISH_CONFIRM_PHRASE, type FinishResult } from '../../../shared/storage';
import type { ServiceContext } from '../context';
import { UserError } from '../errors';
import { finishCampaignInWorker, finishPreview, purgeCampaignInWorker, summarize } from '../campaign/finish';
import { operatorName } from '../settings';
import { serverErrorMessage } from './connection';
import { serverConfig } from './settings';
import { readSync, writeSync, type SyncKey } from './state';
import { prepareCached } from '../db/open';
import { assertNoJobs } from '../jobs/runner';

const CAMPAIGN_KEYS: SyncKey[] = ['campaign_id', 'pushed_event_seq', 'pulled_shipment_ord', 'pulled_event_ord', 'pulled_roster_ord', 'pulled_box_check_ord', 'pulled_batch_ord', 'campaign_finished', 'last_sync_at'];

/** After the purge: the next sync joins (or opens) the next campaign from scratch. */
function leaveCampaign(ctx: ServiceContext): void {
  ctx.db.transaction(() => {
    for (const k of CAMPAIGN_KEYS) writeSync(ctx.db, k, null);
    prepareCached(ctx.db, 'DELETE FROM sync_desks').run();
  })();
}

/** Ends the campaign on the server: its lists, members and events deleted, its counts kept. */
async function finishOnServer(config: pg.ClientConfig, campaignId: string, by: string, summary: unknown): Promise<void> {
  const client = new pg.Client(config);
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query('BEGIN');
    // FOR UPDATE waits for pushes in flight (they hold the row FOR SHARE) and keeps new ones out.
    await client.query('SELECT 1 FROM kubaru.campaigns WHERE id = $1 FOR UPDATE', [campaignId]);
    await client.query('UPDATE kubaru.campaigns SET finished_at = now(), finished_by = $2, summary = $3 WHERE id = $1 AND finished_at IS NULL', [
      campaignId,
      by,
      JSON.stringify(summary),
    ]);
    for (const table of ['events', 'members', 'envelopes', 'shipments', 'rosters', 'box_checks', 'batch_items', 'batches', 'desks']) {
      await client.query(`DELETE FROM kubaru.${table} WHERE campaign_id = $1`, [campaignId]);
    }
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function finishCampaignEverywhere(ctx: ServiceContext, confirmation: string): Promise<FinishResult> {
  const config = serverConfig(ctx);
  const campaignId = readSync(ctx.db, 'campaign_id');
  if (!config || !campaignId) return finishCampaignInWorker(ctx, confirmation);
  if (confirmation.trim() !== FINISH_CONFIRM_PHRASE) throw new UserError(`確認のため「${FINISH_CONFIRM_PHRASE}」と入力してください。`);
  const sync = ctx.sync;
  // What the other desks did up to now must be in this desk's report before the server forgets it.
  if (sync && !(await sync.syncNow())) {
    throw new UserError('サーバーに接続できないため完了できません。ほかの窓口の記録を受け取ってから完了してください。');
  }
  const blocker = finishPreview(ctx).blocker;
  if (blocker) throw new UserError(blocker);
  // Refused now rather than after the server has already forgotten the campaign.
  assertNoJobs(ctx);
  await sync?.stop();
  try {
    await finishOnServer(config, campaignId, operatorName(ctx), summarize(ctx)).catch((e: unknown) => {
      throw new UserError(serverErrorMessage(e));
    });
    const finished = await finishCampaignInWorker(ctx, confirmation);
    leaveCampaign(ctx);
    return finished;
  } finally {
    sync?.start();
  }
}

/** This desk's clerk confirms that another desk finished the campaign: the same purge, with that desk's report. */
export async function confirmRemoteFinish(ctx: ServiceContext, confirmation: string): Promise<FinishResult> {
  const raw = readSync(ctx.db, 'campaign_finished');
  if (!raw) throw new UserError('ほかの窓口で完了した配付業務はありません。');
  if (confirmation.trim() !== FINISH_CONFIRM_PHRASE) throw new UserError(`確認のため「${FINISH_CONFIRM_PHRASE}」と入力してください。`);
  const finished = JSON.parse(raw) as { at: string; by: string };
  await ctx.sync?.stop();
  try {
    const result = await purgeCampaignInWorker(ctx, { exportedAt: finished.at, fileName: `（${finished.by || 'ほかの窓口'}が完了報告を保存）` });
    leaveCampaign(ctx);
    return result;
  } finally {
    ctx.sync?.start();
  }
}
