/**
 * One sync of this desk with the shared server: join (or find) the campaign, push, pull. Run again after
 * any failure: every step is idempotent. Nothing here blocks a scan: the server is awaited, SQLite is
 * touched in short transactions between the awaits.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { ServiceContext } from '../context';
import { deviceId, operatorName } from '../settings';
import { migrateServer } from './serverSchema';
import { CampaignFinishedOnServer, push } from './push';
import { pull } from './pull';
import { conflictCount, readSync, writeSync } from './state';
import { prepareCached } from '../db/open';

export interface SyncOutcome {
  pushed: number;
  pulled: number;
  /** Double hand-overs known to this desk after the sync. */
  conflicts: number;
  /** Set when another desk finished the campaign: this desk waits for its clerk to confirm (nothing was pushed). */
  finished: { at: string; by: string } | null;
}

/** The desk's name on the server and on conflicts: 窓口名 from the settings, else the operator, else a short id. */
export function deskName(ctx: ServiceContext): string {
  return readSync(ctx.db, 'desk_name') || operatorName(ctx) || `窓口 ${deviceId(ctx).slice(0, 4)}`;
}

/** The campaign this desk works in on this server; joins the open one (or opens one) the first time. */
async function campaignOf(ctx: ServiceContext, client: pg.ClientBase): Promise<{ id: string } | { finished: { at: string; by: string } }> {
  const known = readSync(ctx.db, 'campaign_id');
  if (known) {
    const r = await client.query<{ finished_at: Date | null; finished_by: string | null }>(
      'SELECT finished_at, finished_by FROM kubaru.campaigns WHERE id = $1',
      [known],
    );
    const row = r.rows[0];
    if (row?.finished_at) return { finished: { at: row.finished_at.toISOString(), by: row.finished_by ?? '' } };
    if (row) return { id: known };
    // Another server (or one set up anew): everything here is news to it. The gids stay valid.
    ctx.db.transaction(() => {
      prepareCached(ctx.db, 'DELETE FROM sync_shipments').run();
      prepareCached(ctx.db, 'DELETE FROM sync_rosters').run();
      prepareCached(ctx.db, 'DELETE FROM sync_box_checks').run();
      prepareCached(ctx.db, 'UPDATE sync_batches SET pushed = NULL').run(); // ownership stays
      for (const k of ['pushed_event_seq', 'pulled_shipment_ord', 'pulled_event_ord', 'pulled_roster_ord', 'pulled_box_check_ord', 'pulled_batch_ord'] as const) writeSync(ctx.db, k, null);
    })();
  }
  await client.query('INSERT INTO kubaru.campaigns (id) VALUES ($1) ON CONFLICT DO NOTHING', [randomUUID()]);
  const open = await client.query<{ id: string }>('SELECT id FROM kubaru.campaigns WHERE finished_at IS NULL');
  const id = open.rows[0]!.id;
  writeSync(ctx.db, 'campaign_id', id);
  return { id };
}

export async function syncOnce(ctx: ServiceContext, config: pg.ClientConfig): Promise<SyncOutcome> {
  const client = new pg.Client(config);
  // A dropped connection reports on the client object; without a listener it would end the process.
  client.on('error', () => {});
  await client.connect();
  try {
    await migrateServer(client);
    const campaign = await campaignOf(ctx, client);
    if ('finished' in campaign) {
      writeSync(ctx.db, 'campaign_finished', JSON.stringify(campaign.finished));
      return { pushed: 0, pulled: 0, conflicts: conflictCount(ctx.db), finished: campaign.finished };
    }
    const device = deviceId(ctx);
    await client.query(
      `INSERT INTO kubaru.desks (device_id, campaign_id, name, last_seen) VALUES ($1, $2, $3, now())
       ON CONFLICT (device_id) DO UPDATE SET campaign_id = excluded.campaign_id, name = excluded.name, last_seen = now()`,
      [device, campaign.id, deskName(ctx)],
    );
    let pushed: number;
    try {
      pushed = await push(ctx.db, client, campaign.id, device);
    } catch (e) {
      // Finished between our check and the push: nothing of ours landed after the server's purge.
      if (e instanceof CampaignFinishedOnServer) return syncOnce(ctx, config);
      throw e;
    }
    const pulled = await pull(ctx.db, client, campaign.id, device, ctx.now().toISOString());
    writeSync(ctx.db, 'last_sync_at', ctx.now().toISOString());
    return { pushed, pulled, conflicts: conflictCount(ctx.db), finished: null };
  } finally {
    await client.end().catch(() => {});
  }
}
