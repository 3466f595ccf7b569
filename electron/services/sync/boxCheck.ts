/**
 * 受入チェック records across desks. They only grow, so they travel as rows with a global id:
 * - a box-check scan: `scan|<shipment gid>|<match_key>` — the same envelope seen at two desks is one row;
 * - 箱に無い (finishing the check): `missing|<shipment gid>|<match_key>`;
 * - リストに無い: a hash of the desk and its local row, since the window text alone is not unique.
 * Pushed with ON CONFLICT DO NOTHING, pulled in server order. A scan always beats 箱に無い for the same
 * envelope, whichever reached the server first (the local rule "a late find takes back 箱に無い"), so every
 * desk ends with the same records.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { DB } from '../db/open';
import { prepareCached } from '../db/open';
import { readSyncNumber, writeSync } from './state';

type Kind = 'scan' | 'missing' | 'not_on_list';

interface BoxCheckRow {
  gid: string | null; // null: a リストに無い record, its gid made from the desk in JS
  shipment_gid: string;
  kind: Kind;
  match_key: string | null;
  window_text: string;
  note: string;
  recorded_at: string;
  recorded_by: string;
  discrepancy_id: number | null;
}

/** Records of this desk whose list is on the server and that the server does not have yet. */
const UNPUSHED_SQL = `
  SELECT 'scan|' || y.gid || '|' || e.match_key AS gid, y.gid AS shipment_gid, 'scan' AS kind, e.match_key,
         '' AS window_text, '' AS note, c.at AS recorded_at, c.operator AS recorded_by, NULL AS discrepancy_id
    FROM box_check_scans c JOIN envelopes e ON e.id = c.envelope_id JOIN sync_shipments y ON y.shipment_id = c.shipment_id
   WHERE NOT EXISTS (SELECT 1 FROM sync_box_checks k WHERE k.gid = 'scan|' || y.gid || '|' || e.match_key)
  UNION ALL
  SELECT 'missing|' || y.gid || '|' || e.match_key, y.gid, 'missing', e.match_key, '', '', d.recorded_at, d.recorded_by, NULL
    FROM discrepancies d JOIN envelopes e ON e.id = d.envelope_id JOIN sync_shipments y ON y.shipment_id = d.shipment_id
   WHERE d.kind = 'missing_from_box' AND NOT EXISTS (SELECT 1 FROM sync_box_checks k WHERE k.gid = 'missing|' || y.gid || '|' || e.match_key)
  UNION ALL
  SELECT NULL, y.gid, 'not_on_list', NULL, d.window_text, d.note, d.recorded_at, d.recorded_by, d.id
    FROM discrepancies d JOIN sync_shipments y ON y.shipment_id = d.shipment_id
   WHERE d.kind = 'not_on_list' AND NOT EXISTS (SELECT 1 FROM sync_box_checks k WHERE k.discrepancy_id = d.id)`;

export function unpushedBoxCheckCount(db: DB): number {
  return prepareCached(db, `SELECT COUNT(*) FROM (${UNPUSHED_SQL})`).pluck().get() as number;
}

const COLUMNS = ['gid', 'shipment_gid', 'kind', 'match_key', 'window_text', 'note', 'recorded_at', 'recorded_by'] as const;

/** All unpushed records in one transaction (`inCampaign` takes the push lock: it assigns ord); a few thousand at most. */
export async function pushBoxChecks(db: DB, client: pg.ClientBase, campaignId: string, deviceId: string, inCampaign: <T>(work: () => Promise<T>) => Promise<T>): Promise<number> {
  const rows = (prepareCached(db, UNPUSHED_SQL).all() as BoxCheckRow[]).map((r) => ({
    ...r,
    gid: r.gid ?? `note|${createHash('sha256').update(`${deviceId}\n${r.discrepancy_id}\n${r.recorded_at}`).digest('hex')}`,
  }));
  if (rows.length === 0) return 0;
  const pushed = await inCampaign(async () => {
    const ins = await client.query(
      `INSERT INTO kubaru.box_checks (campaign_id, desk_id, ${COLUMNS.join(', ')})
       SELECT $1, $2, * FROM unnest(${COLUMNS.map((_, i) => `$${i + 3}::text[]`).join(', ')}) ON CONFLICT DO NOTHING`,
      [campaignId, deviceId, ...COLUMNS.map((c) => rows.map((r) => r[c]))],
    );
    return ins.rowCount ?? 0;
  });
  db.transaction(() => {
    const known = prepareCached(db, 'INSERT OR IGNORE INTO sync_box_checks (gid, discrepancy_id) VALUES (?, ?)');
    for (const r of rows) known.run(r.gid, r.discrepancy_id);
  })();
  return pushed;
}

/** Records of every desk after the watermark, in server order, in one SQLite transaction. Inside the pull's snapshot. */
export async function pullBoxChecks(db: DB, client: pg.ClientBase, campaignId: string): Promise<number> {
  const r = await client.query<Omit<BoxCheckRow, 'discrepancy_id'> & { ord: string; gid: string }>(
    `SELECT ord, ${COLUMNS.join(', ')} FROM kubaru.box_checks WHERE campaign_id = $1 AND ord > $2 ORDER BY ord`,
    [campaignId, readSyncNumber(db, 'pulled_box_check_ord')],
  );
  if (r.rows.length === 0) return 0;
  let pulled = 0;
  db.transaction(() => {
    for (const s of r.rows) {
      if (prepareCached(db, 'SELECT 1 FROM sync_box_checks WHERE gid = ?').get(s.gid)) continue;
      // The list's row is pushed before its records and pulled before them in this snapshot.
      const shipmentId = prepareCached(db, 'SELECT shipment_id FROM sync_shipments WHERE gid = ?').pluck().get(s.shipment_gid) as number | undefined;
      if (shipmentId === undefined) throw new Error(`box check ${s.gid} names a list this desk lacks`);
      let discrepancyId: number | null = null;
      if (s.kind === 'not_on_list') {
        discrepancyId = Number(
          prepareCached(db, `INSERT INTO discrepancies (shipment_id, kind, window_text, note, recorded_at, recorded_by) VALUES (?, 'not_on_list', ?, ?, ?, ?)`)
            .run(shipmentId, s.window_text, s.note, s.recorded_at, s.recorded_by).lastInsertRowid,
        );
      } else {
        const envelopeId = prepareCached(db, 'SELECT id FROM envelopes WHERE shipment_id = ? AND match_key = ?').pluck().get(shipmentId, s.match_key) as number;
        if (s.kind === 'scan') {
          prepareCached(db, 'INSERT OR IGNORE INTO box_check_scans (shipment_id, envelope_id, at, operator) VALUES (?, ?, ?, ?)')
            .run(shipmentId, envelopeId, s.recorded_at, s.recorded_by);
          prepareCached(db, `DELETE FROM discrepancies WHERE kind = 'missing_from_box' AND envelope_id = ?`).run(envelopeId);
        } else if (!prepareCached(db, 'SELECT 1 FROM box_check_scans WHERE envelope_id = ?').get(envelopeId)) {
          prepareCached(db,
            `INSERT OR IGNORE INTO discrepancies (shipment_id, kind, envelope_id, recorded_at, recorded_by) VALUES (?, 'missing_from_box', ?, ?, ?)`,
          ).run(shipmentId, envelopeId, s.recorded_at, s.recorded_by);
        }
      }
      prepareCached(db, 'INSERT INTO sync_box_checks (gid, discrepancy_id) VALUES (?, ?)').run(s.gid, discrepancyId);
      pulled++;
    }
    writeSync(db, 'pulled_box_check_ord', Number(r.rows[r.rows.length - 1]!.ord));
  })();
  return pulled;
}
