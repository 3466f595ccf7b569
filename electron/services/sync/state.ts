/** This desk's sync bookkeeping in SQLite (table sync_state of migration 7): watermarks, campaign, last sync. */
import type { DB } from '../db/open';
import { prepareCached } from '../db/open';
import { visibleShipment } from '../db/staging';
import { unpushedBoxCheckCount } from './boxCheck';
import { unpushedBatchCount } from './batches';

export type SyncKey =
  | 'campaign_id' // the server campaign this desk belongs to
  | 'pushed_event_seq' // own events up to this local seq are on the server
  | 'pulled_shipment_ord' // server order of the last shipment pulled
  | 'pulled_event_ord' // server order of the last event pulled
  | 'pulled_roster_ord' // server order of the last 社員名簿 import pulled
  | 'pulled_box_check_ord' // server order of the last 受入チェック record pulled
  | 'pulled_batch_ord' // server order of the last return batch change pulled
  | 'last_sync_at'
  | 'offline_since' // first failed attempt since the last success
  | 'last_error'
  | 'campaign_finished' // JSON {at, by}: another desk finished the campaign; waits for this clerk's confirmation
  | 'server' // JSON of 設定 → 複数の窓口で使う, the password encrypted (sync/settings.ts)
  | 'desk_name'; // 窓口名 shown to the other desks

export function readSync(db: DB, key: SyncKey): string | null {
  const row = prepareCached(db, 'SELECT value FROM sync_state WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

export function readSyncNumber(db: DB, key: SyncKey): number {
  return Number(readSync(db, key) ?? 0);
}

export function writeSync(db: DB, key: SyncKey, value: string | number | null): void {
  if (value === null) prepareCached(db, 'DELETE FROM sync_state WHERE key = ?').run(key);
  else
    prepareCached(db, 'INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
      key,
      String(value),
    );
}

/** The kind of event a desk writes to follow another desk's change (pull.ts settleClash); never pushed, never undone. */
export const SYNC_MERGE = 'sync_merge';
export const LOCAL_ONLY_KINDS = `('${SYNC_MERGE}')`;

/**
 * Rows (envelopes and members) of each list, worked out once: a visible list's rows never change (only
 * 配付業務の完了 removes them, with the list), and the header asks for the pending count every 2 s —
 * counting a 100k list's 200,000 rows each time took 15 ms of the thread that answers scans. Keyed by the
 * list's id, file and import time, as ids are handed out again after 配付業務の完了.
 */
const listRows = new WeakMap<DB, Map<string, number>>();

function unpushedListRecords(db: DB): number {
  const lists = prepareCached(db,
      `SELECT s.id, s.id || '|' || s.file_sha256 || '|' || s.imported_at AS key
         FROM shipments s WHERE NOT EXISTS (SELECT 1 FROM sync_shipments y WHERE y.shipment_id = s.id) AND ${visibleShipment('s.id')}`,
    )
    .all() as { id: number; key: string }[];
  let known = listRows.get(db);
  if (!known) listRows.set(db, (known = new Map()));
  let records = 0;
  for (const list of lists) {
    let rows = known.get(list.key);
    if (rows === undefined) {
      rows = prepareCached(db, 'SELECT (SELECT COUNT(*) FROM envelopes WHERE shipment_id = @id) + (SELECT COUNT(*) FROM members WHERE shipment_id = @id)')
        .pluck()
        .get({ id: list.id }) as number;
      known.set(list.key, rows);
    }
    records += 1 + rows;
  }
  return records;
}

/** Records that are on this desk and not yet on the server: unpushed lists (shipment, envelopes, members), 社員名簿 imports, 受入チェック records, changed own return batches and own events. */
export function pendingCount(db: DB, deviceId: string): number {
  const lists = unpushedListRecords(db);
  const events = prepareCached(db, `SELECT COUNT(*) FROM events WHERE device_id = ? AND seq > ? AND kind NOT IN ${LOCAL_ONLY_KINDS}`)
    .pluck()
    .get(deviceId, readSyncNumber(db, 'pushed_event_seq')) as number;
  const rosters = prepareCached(db, 'SELECT COUNT(*) FROM roster_imports r WHERE NOT EXISTS (SELECT 1 FROM sync_rosters y WHERE y.roster_import_id = r.id)')
    .pluck()
    .get() as number;
  return lists + rosters + unpushedBoxCheckCount(db) + unpushedBatchCount(db, deviceId) + events;
}

export function conflictCount(db: DB): number {
  return prepareCached(db, 'SELECT COUNT(*) FROM sync_conflicts').pluck().get() as number;
}

export interface SyncStatus {
  pending: number;
  conflicts: number;
  lastSyncAt: string | null;
}

/** What `status --json` and the header show about sharing: records not yet on the server, double hand-overs known here. */
export function syncStatus(db: DB, deviceId: string): SyncStatus {
  return { pending: pendingCount(db, deviceId), conflicts: conflictCount(db), lastSyncAt: readSync(db, 'last_sync_at') };
}
