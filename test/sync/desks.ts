/** Desks for the multi-desk tests: each its own SQLite file, as on separate PCs. */
import path from 'node:path';
import { openDatabase, type DB } from '../../electron/services/db/open';
import { createContext, type ServiceContext } from '../../electron/services/context';
import { saveSettings } from '../../electron/services/settings';
import { importFile } from '../../electron/services/lists/importList';
import { getStatus } from '../../electron/services/status';
import { syncOnce } from '../../electron/services/sync/engine';
import { urlConfig } from '../../electron/services/sync/connection';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { startPgServer, type PgServer } from '../pgServer';
import { readFixture } from '../fixtures';

export interface Desk {
  file: string;
  db: DB;
  ctx: ServiceContext;
}

export function openDesk(dir: string, operator: string): Desk {
  const file = path.join(dir, `${operator}.sqlite3`);
  const db = openDatabase(file);
  const ctx = createContext(db);
  saveSettings(ctx, { companyName: 'テスト株式会社', operatorName: operator });
  return { file, db, ctx };
}

export function importKyokai(d: Desk): void {
  importFile(d.ctx, readFixture('kyokai-person.csv'), 'kyokai-person.csv', { insurerName: '全国健康保険協会' });
}

export const syncDesk = (d: Desk, url: string) => syncOnce(d.ctx, urlConfig(url));

/** What a clerk compares between desks: counts, lists, and each envelope's status by its content key. */
export function deskView(db: DB) {
  return {
    status: getStatus(createContext(db)),
    shipments: db.prepare('SELECT COUNT(*) FROM shipments').pluck().get(),
    statuses: db
      .prepare(
        `SELECT i.name || '|' || e.match_key AS k, e.status FROM envelopes e JOIN insurers i ON i.id = e.insurer_id ORDER BY k, e.shipment_id`,
      )
      .raw()
      .all(),
  };
}

/** Each test works in a campaign of its own: finish whatever campaign the previous test left on the server. */
export async function freshCampaign(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`DO $$ BEGIN IF to_regclass('kubaru.campaigns') IS NOT NULL THEN
                   UPDATE kubaru.campaigns SET finished_at = now() WHERE finished_at IS NULL; END IF; END $$`);
  await c.end();
}

/** One real PostgreSQL server for the test file: started before its tests, stopped after. */
export function useServer(): () => PgServer {
  let server: PgServer | undefined;
  beforeAll(async () => {
    server = await startPgServer();
  }, 60_000);
  afterAll(() => server?.destroy());
  return () => server!;
}
