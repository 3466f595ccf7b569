/**
 * レターパック return batches across desks. A batch is mutable (packed, unpacked, tracking number, sent), so
 * it travels as a snapshot owned by the desk that made it: only that desk changes it (returns/batches.ts
 * refuses elsewhere, naming the owner), and every change is pushed again with a new server order; the other
 * desks replace their read-only copy in that order.
 * One envelope packed into batches at two desks: the server keeps one claim per envelope (kubaru.batch_items),
 * and the first batch whose push reached the server keeps it. The later desk takes the envelope out of its
 * own batch when it pushes (or when it pulls the winner) and notes why (sync_batches.conflict_note).
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { DB } from '../db/open';
import { prepareCached } from '../db/open';
import { readSyncNumber, writeSync } from './state';
import type { BatchDb } from '../returns/batches';

interface Item { shipment_gid: string; match_key: string; added_at: string }
type BatchState = Omit<BatchDb, 'id'> & { items: Item[] };

const itemKey = (i: { shipment_gid: string; match_key: string }) => `${i.shipment_gid}|${i.match_key}`;

function stateOf(db: DB, batchId: number): BatchState {
  const b = prepareCached(db,
    `SELECT r.kind, r.tracking_number, i.name AS insurer_name, r.note, r.created_at, r.created_by, r.sent_on
       FROM return_batches r LEFT JOIN insurers i ON i.id = r.insurer_id WHERE r.id = ?`).get(batchId) as Omit<BatchState, 'items'>;
  const items = prepareCached(db,
    `SELECT y.gid AS shipment_gid, e.match_key, b.added_at FROM return_batch_items b JOIN envelopes e ON e.id = b.envelope_id
       JOIN sync_shipments y ON y.shipment_id = e.shipment_id WHERE b.batch_id = ? ORDER BY y.gid, e.match_key`).all(batchId) as Item[];
  return { ...b, items };
}

/** This desk's batches whose state differs from what the server has (never pushed, or changed since). */
function changedOwnBatches(db: DB, deviceId: string): { id: number; gid: string | null; state: BatchState; json: string }[] {
  const own = prepareCached(db,
    `SELECT r.id, y.gid, y.pushed FROM return_batches r LEFT JOIN sync_batches y ON y.batch_id = r.id
      WHERE y.batch_id IS NULL OR y.desk_id = ? ORDER BY r.id`).all(deviceId) as { id: number; gid: string | null; pushed: string | null }[];
  return own.flatMap((b) => {
    const state = stateOf(db, b.id);
    const json = JSON.stringify(state);
    return json === b.pushed ? [] : [{ id: b.id, gid: b.gid, state, json }];
  });
}

export const unpushedBatchCount = (db: DB, deviceId: string) => changedOwnBatches(db, deviceId).length;

const envelopeOf = (db: DB, i: Item) =>
  prepareCached(db, 'SELECT e.id FROM envelopes e JOIN sync_shipments y ON y.shipment_id = e.shipment_id WHERE y.gid = ? AND e.match_key = ?')
    .pluck().get(i.shipment_gid, i.match_key) as number | undefined;

function note(db: DB, batchId: number, text: string): void {
  prepareCached(db, `UPDATE sync_batches SET conflict_note = conflict_note || ? WHERE batch_id = ?`).run(`${text}\n`, batchId);
}

/** Own batches that changed: claims first, then the snapshot with the claims this batch holds. */
export async function pushBatches(db: DB, client: pg.ClientBase, campaignId: string, deviceId: string, inCampaign: <T>(work: () => Promise<T>) => Promise<T>): Promise<number> {
  let pushed = 0;
  for (const b of changedOwnBatches(db, deviceId)) {
    const gid = b.gid ?? createHash('sha256').update(`${deviceId}\n${b.id}\n${b.state.created_at}`).digest('hex');
    const keys = [b.state.items.map((i) => i.shipment_gid), b.state.items.map((i) => i.match_key)];
    const won = await inCampaign(async () => {
      await client.query(
        `DELETE FROM kubaru.batch_items WHERE campaign_id = $1 AND batch_gid = $2
            AND (shipment_gid, match_key) NOT IN (SELECT * FROM unnest($3::text[], $4::text[]))`, [campaignId, gid, ...keys]);
      await client.query(
        `INSERT INTO kubaru.batch_items (campaign_id, shipment_gid, match_key, batch_gid)
         SELECT $1, s, m, $2 FROM unnest($3::text[], $4::text[]) AS u(s, m) ON CONFLICT DO NOTHING`, [campaignId, gid, ...keys]);
      const held = await client.query<Item>('SELECT shipment_gid, match_key FROM kubaru.batch_items WHERE campaign_id = $1 AND batch_gid = $2', [campaignId, gid]);
      const heldKeys = new Set(held.rows.map(itemKey));
      const state = { ...b.state, items: b.state.items.filter((i) => heldKeys.has(itemKey(i))) };
      await client.query(
        `INSERT INTO kubaru.batches (campaign_id, gid, desk_id, state, ord) VALUES ($1, $2, $3, $4, nextval('kubaru.batch_ord'))
         ON CONFLICT (campaign_id, gid) DO UPDATE SET state = excluded.state, ord = excluded.ord WHERE kubaru.batches.desk_id = excluded.desk_id`,
        [campaignId, gid, deviceId, JSON.stringify(state)]);
      return state;
    });
    db.transaction(() => {
      prepareCached(db, 'INSERT INTO sync_batches (batch_id, gid, desk_id) VALUES (?, ?, ?) ON CONFLICT (batch_id) DO NOTHING').run(b.id, gid, deviceId);
      const wonKeys = new Set(won.items.map(itemKey));
      for (const lost of b.state.items.filter((i) => !wonKeys.has(itemKey(i)))) {
        prepareCached(db, 'DELETE FROM return_batch_items WHERE batch_id = ? AND envelope_id = ?').run(b.id, envelopeOf(db, lost));
        note(db, b.id, `${lost.match_key}: ほかの窓口の袋に先に入っていたため、この袋から外しました。`);
      }
      prepareCached(db, 'UPDATE sync_batches SET pushed = ? WHERE batch_id = ?').run(JSON.stringify(won), b.id);
    })();
    pushed++;
  }
  return pushed;
}

/** Batches of other desks changed after the watermark: each replaces this desk's read-only copy. Inside the pull's snapshot. */
export async function pullBatches(db: DB, client: pg.ClientBase, campaignId: string, deviceId: string): Promise<number> {
  const r = await client.query<{ ord: string; gid: string; desk_id: string; state: BatchState }>(
    'SELECT ord, gid, desk_id, state FROM kubaru.batches WHERE campaign_id = $1 AND ord > $2 ORDER BY ord',
    [campaignId, readSyncNumber(db, 'pulled_batch_ord')]);
  let pulled = 0;
  for (const s of r.rows) {
    db.transaction(() => {
      if (s.desk_id !== deviceId) {
        const st = s.state;
        const insurerId = st.insurer_name === null ? null : ((prepareCached(db, 'SELECT id FROM insurers WHERE name = ?').pluck().get(st.insurer_name) as number | undefined) ?? null);
        let id = prepareCached(db, 'SELECT batch_id FROM sync_batches WHERE gid = ?').pluck().get(s.gid) as number | undefined;
        if (id === undefined) {
          id = Number(prepareCached(db, 'INSERT INTO return_batches (kind, tracking_number, insurer_id, note, created_at, created_by, sent_on) VALUES (?, ?, ?, ?, ?, ?, ?)')
            .run(st.kind, st.tracking_number, insurerId, st.note, st.created_at, st.created_by, st.sent_on).lastInsertRowid);
          prepareCached(db, 'INSERT INTO sync_batches (batch_id, gid, desk_id) VALUES (?, ?, ?)').run(id, s.gid, s.desk_id);
        } else {
          prepareCached(db, 'UPDATE return_batches SET tracking_number = ?, insurer_id = ?, note = ?, sent_on = ? WHERE id = ?').run(st.tracking_number, insurerId, st.note, st.sent_on, id);
          prepareCached(db, 'DELETE FROM return_batch_items WHERE batch_id = ?').run(id);
        }
        for (const item of st.items) {
          const envelopeId = envelopeOf(db, item);
          if (envelopeId === undefined) continue;
          // The server's claim is the other desk's: an unsent batch of ours that packed it since our push gives it up.
          const mine = prepareCached(db, 'SELECT b.batch_id, r.sent_on FROM return_batch_items b JOIN return_batches r ON r.id = b.batch_id WHERE b.envelope_id = ?')
            .get(envelopeId) as { batch_id: number; sent_on: string | null } | undefined;
          if (mine?.sent_on) { note(db, id, `${item.match_key}: この窓口の発送済みの袋に入っているため、表示から外しました。`); continue; }
          if (mine) {
            prepareCached(db, 'DELETE FROM return_batch_items WHERE envelope_id = ?').run(envelopeId);
            note(db, mine.batch_id, `${item.match_key}: ほかの窓口の袋に先に入っていたため、この袋から外しました。`);
          }
          prepareCached(db, 'INSERT INTO return_batch_items (batch_id, envelope_id, added_at) VALUES (?, ?, ?)').run(id, envelopeId, item.added_at);
        }
        pulled++;
      }
      writeSync(db, 'pulled_batch_ord', Number(s.ord));
    })();
  }
  return pulled;
}

/** The desk that owns a batch pulled from elsewhere (null: this desk's own). */
export function batchOwner(db: DB, batchId: number, deviceId: string): string | null {
  return (prepareCached(db, `SELECT COALESCE((SELECT name FROM sync_desks WHERE device_id = y.desk_id), 'ほかの窓口') FROM sync_batches y WHERE y.batch_id = ? AND y.desk_id <> ?`)
    .pluck().get(batchId, deviceId) as string | undefined) ?? null;
}
