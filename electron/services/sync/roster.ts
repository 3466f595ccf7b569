/**
 * The 社員名簿 across desks. An import travels whole, once, with a gid from the desk and the file, so a push
 * cut off and run again is the same row. The server's `ord` orders imports: the roster in force on every
 * desk is the one with the highest ord (rosterStore.currentRoster), so desks that imported while apart agree
 * after syncing. The 退職 flags an import led to are events and travel as events.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { DB } from '../db/open';
import { prepareCached } from '../db/open';
import { readSyncNumber, writeSync } from './state';

/** One entry as it travels: roster_entries' columns without the local ids. */
const ENTRY_COLUMNS = [
  'source_row', 'employee_id', 'employee_key', 'name', 'kana', 'dept_code', 'employed', 'left_on', 'symbol', 'number', 'symbol_key', 'number_key',
] as const;
type Entry = Record<(typeof ENTRY_COLUMNS)[number], string | number | null>;

interface LocalRoster {
  id: number;
  file_name: string;
  file_sha256: string;
  imported_at: string;
  imported_by: string;
  insurer_name: string | null;
}

const rosterGid = (deviceId: string, r: LocalRoster) =>
  createHash('sha256').update(`${deviceId}\n${r.file_sha256}\n${r.imported_at}\n${r.id}`).digest('hex');

/** Imports of this desk not yet on the server: one transaction each (`inCampaign` takes the push lock: it assigns ord). */
export async function pushRosters(db: DB, client: pg.ClientBase, campaignId: string, deviceId: string, inCampaign: <T>(work: () => Promise<T>) => Promise<T>): Promise<number> {
  const rosters = prepareCached(db,
    `SELECT r.id, r.file_name, r.file_sha256, r.imported_at, r.imported_by, i.name AS insurer_name
       FROM roster_imports r LEFT JOIN insurers i ON i.id = r.insurer_id
      WHERE NOT EXISTS (SELECT 1 FROM sync_rosters y WHERE y.roster_import_id = r.id) ORDER BY r.id`,
  ).all() as LocalRoster[];
  let pushed = 0;
  for (const r of rosters) {
    const gid = rosterGid(deviceId, r);
    const entries = prepareCached(db, `SELECT ${ENTRY_COLUMNS.join(', ')} FROM roster_entries WHERE roster_import_id = ? ORDER BY id`).all(r.id);
    const ord = await inCampaign(async () => {
      const ins = await client.query(
        `INSERT INTO kubaru.rosters (campaign_id, gid, desk_id, file_name, file_sha256, imported_at, imported_by, insurer_name, entries)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
        [campaignId, gid, deviceId, r.file_name, r.file_sha256, r.imported_at, r.imported_by, r.insurer_name, JSON.stringify(entries)],
      );
      pushed += ins.rowCount ?? 0;
      const got = await client.query<{ ord: string }>('SELECT ord FROM kubaru.rosters WHERE campaign_id = $1 AND gid = $2', [campaignId, gid]);
      return Number(got.rows[0]!.ord);
    });
    prepareCached(db, 'INSERT INTO sync_rosters (roster_import_id, gid, ord) VALUES (?, ?, ?)').run(r.id, gid, ord);
  }
  return pushed;
}

interface ServerRoster extends Omit<LocalRoster, 'id'> {
  ord: string;
  gid: string;
  entries: Entry[];
}

/** Imports of other desks after the watermark, each stored whole in one SQLite transaction. Inside the pull's snapshot. */
export async function pullRosters(db: DB, client: pg.ClientBase, campaignId: string): Promise<number> {
  const r = await client.query<ServerRoster>(
    `SELECT ord, gid, file_name, file_sha256, imported_at, imported_by, insurer_name, entries
       FROM kubaru.rosters WHERE campaign_id = $1 AND ord > $2 ORDER BY ord`,
    [campaignId, readSyncNumber(db, 'pulled_roster_ord')],
  );
  let pulled = 0;
  for (const s of r.rows) {
    db.transaction(() => {
      if (!prepareCached(db, 'SELECT 1 FROM sync_rosters WHERE gid = ?').get(s.gid)) {
        // An insurer this desk has no list of yet: the roster then speaks of whichever one insurer matches (null).
        const insurerId = s.insurer_name === null ? null : ((prepareCached(db, 'SELECT id FROM insurers WHERE name = ?').pluck().get(s.insurer_name) as number | undefined) ?? null);
        const id = Number(
          prepareCached(db, 'INSERT INTO roster_imports (file_name, file_sha256, imported_at, imported_by, insurer_id) VALUES (?, ?, ?, ?, ?)')
            .run(s.file_name, s.file_sha256, s.imported_at, s.imported_by, insurerId).lastInsertRowid,
        );
        const insert = prepareCached(db,
          `INSERT INTO roster_entries (roster_import_id, ${ENTRY_COLUMNS.join(', ')}) VALUES (?, ${ENTRY_COLUMNS.map(() => '?').join(', ')})`,
        );
        for (const e of s.entries) insert.run(id, ...ENTRY_COLUMNS.map((c) => e[c]));
        prepareCached(db, 'INSERT INTO sync_rosters (roster_import_id, gid, ord) VALUES (?, ?, ?)').run(id, s.gid, Number(s.ord));
        pulled++;
      }
      writeSync(db, 'pulled_roster_ord', Number(s.ord));
    })();
  }
  return pulled;
}
