/**
 * 複数の窓口 (issue #15), against a real PostgreSQL started here the way the tests start it:
 * - syncPushRatio: one desk's first sync of N members with one hand-over event per envelope to an empty
 *   server, against a bare COPY (psql \copy) of the very same rows into tables of the same shape.
 * - syncConvergeMs: three desks with the app's background sync (SYNC_INTERVAL_MS), 1,000 scans each; from
 *   the last scan until all three show the same counts with nothing left to send.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startPgServer, pgBinDir, type PgServer } from '../test/pgServer';
import { openDatabase } from '../electron/services/db/open';
import { createContext, type ServiceContext } from '../electron/services/context';
import { saveSettings, deviceId } from '../electron/services/settings';
import { importFile } from '../electron/services/lists/importList';
import { writeTransitions } from '../electron/services/handover/transitions';
import { scan } from '../electron/services/handover/scan';
import { getStatus } from '../electron/services/status';
import { syncOnce } from '../electron/services/sync/engine';
import { urlConfig } from '../electron/services/sync/connection';
import { SyncService, SYNC_INTERVAL_MS } from '../electron/services/sync/service';
import { pendingCount } from '../electron/services/sync/state';
import { toShiftJisCsv } from './generate';

const SCANS_PER_DESK = 1000;
// The converge run needs households to scan, not a big list: desks 2 and 3 would only spend the time pulling it.
const CONVERGE_MEMBERS = 20_000;

function desk(dir: string, name: string): ServiceContext {
  const ctx = createContext(openDatabase(path.join(dir, `${name}.sqlite3`)));
  saveSettings(ctx, { companyName: 'ベンチ株式会社', operatorName: name });
  return ctx;
}

function psql(server: PgServer, sql: string): number {
  const t = performance.now();
  const r = spawnSync(path.join(pgBinDir(), 'psql'), ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(server.port), '-U', server.user, '-d', server.database, '-c', sql], {
    encoding: 'utf8',
    env: { ...process.env, PGPASSWORD: server.password },
  });
  if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
  return performance.now() - t;
}

/** Hands over every envelope, 5,000 per action: one event each, as scans would leave them. */
function handOverAll(ctx: ServiceContext): void {
  const ids = ctx.db.prepare(`SELECT id FROM envelopes WHERE status = 'pending' ORDER BY id`).pluck().all() as number[];
  for (let i = 0; i < ids.length; i += 5000) {
    ctx.db.transaction(() =>
      writeTransitions(ctx, { operator: 'ベンチ' }, ids.slice(i, i + 5000).map((envelopeId) => ({ envelopeId, from: 'pending' as const, to: 'handed_over' as const, kind: 'handover' }))),
    )();
  }
}

async function measurePush(server: PgServer, dir: string, rows: string[][]): Promise<{ syncPushMs: number; bareCopyMs: number }> {
  const ctx = desk(dir, 'push');
  importFile(ctx, toShiftJisCsv(rows), 'list.csv', { insurerName: 'ベンチ健康保険組合' });
  handOverAll(ctx);
  const t = performance.now();
  const r = await syncOnce(ctx, urlConfig(server.url));
  const syncPushMs = performance.now() - t;
  const expected = 1 + (ctx.db.prepare('SELECT (SELECT COUNT(*) FROM envelopes) + (SELECT COUNT(*) FROM members) + (SELECT COUNT(*) FROM events)').pluck().get() as number);
  if (r.pushed !== expected) throw new Error(`push sent ${r.pushed} rows, expected ${expected}`);
  ctx.db.close();

  // The same rows, dumped from the server and copied back with nothing in between.
  const tables = ['envelopes', 'members', 'events'];
  psql(server, `CREATE SCHEMA bare; ${tables.map((t) => `CREATE TABLE bare.${t} (LIKE kubaru.${t} INCLUDING ALL);`).join(' ')}`);
  const files = tables.map((t) => path.join(dir, `${t}.copy`));
  tables.forEach((t, i) => psql(server, `\\copy (SELECT * FROM kubaru.${t}) TO '${files[i]}'`));
  let bareCopyMs = 0;
  tables.forEach((t, i) => {
    // \copy of an identity column: the dumped values go in as they are (OVERRIDING is implied for COPY).
    bareCopyMs += psql(server, `\\copy bare.${t} FROM '${files[i]}'`);
  });
  return { syncPushMs, bareCopyMs };
}

async function measureConverge(server: PgServer, dir: string, rows: string[][]): Promise<number> {
  const url = server.url;
  // A new campaign for this run: the push measure's is finished as 配付業務の完了 would.
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query('UPDATE kubaru.campaigns SET finished_at = now() WHERE finished_at IS NULL');
  await c.end();
  const desks = ['desk1', 'desk2', 'desk3'].map((n) => desk(dir, n));
  importFile(desks[0]!, toShiftJisCsv(rows.slice(0, CONVERGE_MEMBERS + 1)), 'converge.csv', { insurerName: 'ベンチ健康保険組合' });
  for (const d of desks) await syncOnce(d, urlConfig(url)); // desks 2 and 3 join and pull the list
  const services = desks.map((d) => new SyncService(d, () => urlConfig(url), SYNC_INTERVAL_MS));
  for (const s of services) s.start();
  const codes = desks[0]!.db.prepare(`SELECT DISTINCT symbol || ' ' || number FROM members`).pluck().all() as string[];
  let seed = 12345;
  const random = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  for (let i = 0; i < SCANS_PER_DESK; i++) {
    for (const d of desks) scan(d, codes[Math.floor(random() * codes.length)]!);
    await new Promise((r) => setTimeout(r, 1)); // the event loop turns between scans, as in the app
  }
  const lastScan = performance.now();
  const same = () => {
    const counts = desks.map((d) => JSON.stringify(getStatus(d)));
    return counts.every((x) => x === counts[0]) && desks.every((d) => pendingCount(d.db, deviceId(d)) === 0);
  };
  while (!same()) await new Promise((r) => setTimeout(r, 20));
  const ms = performance.now() - lastScan;
  for (const s of services) await s.stop();
  for (const d of desks) d.db.close();
  return ms;
}

export async function measureSync(rows: string[][], dir: string): Promise<{ syncPushRatio: number; syncPushMs: number; bareCopyMs: number; syncConvergeMs: number; syncIntervalMs: number }> {
  const server = await startPgServer();
  try {
    const syncDir = fs.mkdtempSync(path.join(dir, 'sync-'));
    fs.chmodSync(syncDir, 0o755); // psql writes its dumps here (it runs as this user; the server never reads them)
    const push = await measurePush(server, syncDir, rows);
    const syncConvergeMs = await measureConverge(server, syncDir, rows);
    return { syncPushRatio: push.syncPushMs / push.bareCopyMs, ...push, syncConvergeMs, syncIntervalMs: SYNC_INTERVAL_MS };
  } finally {
    server.destroy();
  }
}
