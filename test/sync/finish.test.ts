/**
 * 配付業務の完了 in a shared campaign, against a real server: the finishing desk syncs first, the server
 * deletes the campaign's personal data and keeps its counts, the other desk learns it at its next sync and
 * deletes its copy only once its clerk confirms. The server password is stored encrypted, never in plain text.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startPgServer, type PgServer } from '../pgServer';
import { tempDir } from '../e2e/harness';
import { scan } from '../../electron/services/handover/scan';
import { boxCheckScan } from '../../electron/services/lists/boxCheck';
import { writeReport } from '../../electron/services/report/write';
import { FINISH_CONFIRM_PHRASE } from '../../shared/storage';
import { SyncService } from '../../electron/services/sync/service';
import { saveSyncSettings, serverConfig, getSyncSettings } from '../../electron/services/sync/settings';
import { confirmRemoteFinish, finishCampaignEverywhere } from '../../electron/services/sync/finish';
import { importKyokai, openDesk, type Desk } from './desks';
import { testSecretBox } from './secretBox';

let server: PgServer;
beforeAll(async () => {
  server = await startPgServer();
}, 60_000);
afterAll(() => server?.destroy());

function connect(d: Desk): SyncService {
  d.ctx.secrets = testSecretBox();
  saveSyncSettings(d.ctx, {
    host: '127.0.0.1',
    port: server.port,
    database: server.database,
    user: server.user,
    password: server.password,
    tls: 'off',
    caFile: '',
    deskName: path.basename(d.file, '.sqlite3'),
  });
  // Not started: the test drives each sync itself.
  d.ctx.sync = new SyncService(d.ctx, () => serverConfig(d.ctx), 60_000);
  return d.ctx.sync;
}

async function serverRows(): Promise<Record<string, number>> {
  const c = new pg.Client({ connectionString: server.url });
  await c.connect();
  const out: Record<string, number> = {};
  // Rows of finished campaigns (the desk that finished may already have joined the next, empty one).
  for (const t of ['shipments', 'envelopes', 'members', 'events', 'box_checks', 'desks']) {
    const finished = `SELECT id FROM kubaru.campaigns WHERE finished_at IS NOT NULL`;
    out[t] = Number((await c.query(`SELECT count(*) AS n FROM kubaru.${t} WHERE campaign_id IN (${finished})`)).rows[0].n);
  }
  await c.end();
  return out;
}

describe('配付業務の完了 with several desks', () => {
  it('the password is stored encrypted; finishing on one desk empties the server and, after confirmation, the other desk', async () => {
    const dir = tempDir();
    const a = openDesk(dir, '本社');
    const b = openDesk(dir, '工場');
    const syncA = connect(a);
    const syncB = connect(b);
    const stored = a.db.prepare(`SELECT value FROM sync_state WHERE key = 'server'`).pluck().get() as string;
    expect(stored).not.toContain(server.password);
    expect(getSyncSettings(a.ctx)).toMatchObject({ hasPassword: true, host: '127.0.0.1' });
    expect(JSON.stringify(getSyncSettings(a.ctx))).not.toContain(server.password);

    importKyokai(a);
    scan(a.ctx, '01010101 0000002');
    boxCheckScan(a.ctx, a.db.prepare('SELECT id FROM shipments').pluck().get() as number, '01010101 0000004'); // a 受入チェック record too
    expect(await syncA.syncNow()).not.toBeNull();
    expect(await syncB.syncNow()).not.toBeNull();
    scan(b.ctx, '01010101 0000003'); // not yet on the server: A's finish must sync it first

    await writeReport(a.ctx, path.join(dir, 'report.xlsx'), { era: 'seireki' });
    expect(await syncB.syncNow()).not.toBeNull();
    // A's report no longer shows the record once B's hand-over arrived: saved again, then finished.
    await expect(finishCampaignEverywhere(a.ctx, FINISH_CONFIRM_PHRASE)).rejects.toThrow(/記録が変わっています/);
    await writeReport(a.ctx, path.join(dir, 'report.xlsx'), { era: 'seireki' });
    const done = await finishCampaignEverywhere(a.ctx, FINISH_CONFIRM_PHRASE);
    expect(done.summary.byStatus.handed_over).toBeGreaterThan(4);
    expect(await serverRows()).toEqual({ shipments: 0, envelopes: 0, members: 0, events: 0, box_checks: 0, desks: 0 });
    const c = new pg.Client({ connectionString: server.url });
    await c.connect();
    const kept = await c.query(`SELECT finished_by, summary FROM kubaru.campaigns WHERE finished_at IS NOT NULL`);
    await c.end();
    expect(kept.rows).toHaveLength(1);
    expect(kept.rows[0].finished_by).toBe('本社');
    expect(kept.rows[0].summary.byStatus).toEqual(done.summary.byStatus);
    expect(JSON.stringify(kept.rows[0].summary)).not.toMatch(/田中|0000002/);

    // B learns it, keeps its data until its clerk confirms, pushes nothing meanwhile.
    await syncB.syncNow();
    expect(syncB.view().finished).toMatchObject({ by: '本社' });
    expect(b.db.prepare('SELECT COUNT(*) FROM envelopes').pluck().get()).toBe(152);
    await expect(confirmRemoteFinish(b.ctx, '違う')).rejects.toThrow(/配付業務を完了/);
    await confirmRemoteFinish(b.ctx, FINISH_CONFIRM_PHRASE);
    expect(b.db.prepare('SELECT COUNT(*) FROM envelopes').pluck().get()).toBe(0);
    expect(syncB.view().finished).toBeNull();
    await syncB.syncNow(); // joins the next campaign: nothing of the old one goes back
    expect(await serverRows()).toMatchObject({ shipments: 0, members: 0, events: 0 });
    const c2 = new pg.Client({ connectionString: server.url });
    await c2.connect();
    const anywhere = await c2.query(`SELECT (SELECT count(*) FROM kubaru.members) + (SELECT count(*) FROM kubaru.events) AS n`);
    await c2.end();
    expect(Number(anywhere.rows[0].n)).toBe(0);
    await syncA.stop();
    await syncB.stop();
  }, 60_000);
});
