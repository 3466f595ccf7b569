/**
 * Pull: what the other desks recorded comes in, by the server's order, inside one snapshot of the server
 * (REPEATABLE READ), so an event never arrives before the list it belongs to. Each list lands in one
 * SQLite transaction; events land in chunks.
 *
 * An event of another desk joins this desk's history of the envelope when it follows it (its from_status
 * is the envelope's status; an undo undoes the envelope's last event). One that does not follow is set
 * aside (sync_aside) and tried again at every sync. A hand-over set aside while the envelope is already
 * 配付済 is a 二重配付の可能性: both hand-overs are kept, the envelope counts once, the pair is recorded.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { DB } from '../db/open';
import { prepareCached } from '../db/open';
import { pullRosters } from './roster';
import { pullBoxChecks } from './boxCheck';
import { pullBatches } from './batches';
import { readSyncNumber, SYNC_MERGE, writeSync } from './state';
import type { ShipmentFields } from './push';

const EVENT_CHUNK = 5_000;

type ServerShipment = ShipmentFields & { ord: string; gid: string };

export interface ServerEvent {
  ord: string;
  uid: string;
  action_uid: string;
  device_id: string;
  shipment_gid: string;
  match_key: string;
  kind: string;
  from_status: string;
  to_status: string;
  at: string;
  operator: string;
  reason: string;
  detail: string | null;
  undoes_uid: string | null;
}

/** Stores one list of another desk (shipment, envelopes, members) in one transaction; returns rows stored. */
function storeShipment(db: DB, s: ServerShipment, envelopes: Record<string, unknown>[], members: Record<string, unknown>[], now: string): number {
  return db.transaction(() => {
    let insurerId = prepareCached(db, 'SELECT id FROM insurers WHERE name = ?').pluck().get(s.insurer_name) as number | undefined;
    insurerId ??= Number(
      prepareCached(db, 'INSERT INTO insurers (name, insurer_number, created_at) VALUES (?, ?, ?)').run(s.insurer_name, s.insurer_number, now)
        .lastInsertRowid,
    );
    // The same file imported here with other content (members already known here were skipped): keep ours.
    if (prepareCached(db, 'SELECT 1 FROM shipments WHERE insurer_id = ? AND file_sha256 = ?').get(insurerId, s.file_sha256)) return 0;
    const shipmentId = Number(
      prepareCached(db,
          `INSERT INTO shipments (insurer_id, file_name, file_sha256, received_on, box_count, unit, imported_at, imported_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(insurerId, s.file_name, s.file_sha256, s.received_on, s.box_count, s.unit, s.imported_at, s.imported_by).lastInsertRowid,
    );
    const insertEnvelope = prepareCached(db,
      `INSERT INTO envelopes (insurer_id, shipment_id, unit, match_key, symbol, number, branch, dept_code, dept_name, holder_name)
       VALUES (@insurerId, @shipmentId, @unit, @match_key, @symbol, @number, @branch, @dept_code, @dept_name, @holder_name)`,
    );
    const envelopeIds = new Map<string, number>();
    for (const e of envelopes) {
      envelopeIds.set(e.match_key as string, Number(insertEnvelope.run({ ...e, insurerId, shipmentId }).lastInsertRowid));
    }
    const insertMember = prepareCached(db,
      `INSERT INTO members (envelope_id, insurer_id, shipment_id, symbol, number, branch, symbol_key, number_key, branch_key, insured_name,
                            name, kana, relation, birth_date, sex, dept_code, dept_name, ref_number, ref_key, search_text, source_row)
       VALUES (@envelopeId, @insurerId, @shipmentId, @symbol, @number, @branch, @symbol_key, @number_key, @branch_key, @insured_name,
               @name, @kana, @relation, @birth_date, @sex, @dept_code, @dept_name, @ref_number, @ref_key, @search_text, @source_row)
       ON CONFLICT DO NOTHING`,
    );
    let stored = 1;
    for (const m of members) {
      const envelopeId = envelopeIds.get(m.match_key as string);
      if (envelopeId !== undefined) stored += insertMember.run({ ...m, envelopeId, insurerId, shipmentId }).changes;
    }
    // Members this desk already holds from another list stay there; an envelope left empty is not kept.
    prepareCached(db, 'DELETE FROM envelopes WHERE shipment_id = ? AND NOT EXISTS (SELECT 1 FROM members m WHERE m.envelope_id = envelopes.id)').run(shipmentId);
    stored += prepareCached(db, 'SELECT COUNT(*) FROM envelopes WHERE shipment_id = ?').pluck().get(shipmentId) as number;
    if (stored === 1) {
      prepareCached(db, 'DELETE FROM shipments WHERE id = ?').run(shipmentId);
      return 0;
    }
    prepareCached(db, 'INSERT INTO sync_shipments (shipment_id, gid) VALUES (?, ?)').run(shipmentId, s.gid);
    return stored;
  })();
}

async function pullShipments(db: DB, client: pg.ClientBase, campaignId: string, now: string): Promise<number> {
  const r = await client.query<ServerShipment>(
    `SELECT ord, gid, insurer_name, insurer_number, file_name, file_sha256, received_on, box_count, unit, imported_at, imported_by
       FROM kubaru.shipments WHERE campaign_id = $1 AND ord > $2 ORDER BY ord`,
    [campaignId, readSyncNumber(db, 'pulled_shipment_ord')],
  );
  let pulled = 0;
  for (const s of r.rows) {
    if (!prepareCached(db, 'SELECT 1 FROM sync_shipments WHERE gid = ?').get(s.gid)) {
      const envelopes = await client.query(
        `SELECT match_key, unit, symbol, number, branch, dept_code, dept_name, holder_name
           FROM kubaru.envelopes WHERE campaign_id = $1 AND shipment_gid = $2`,
        [campaignId, s.gid],
      );
      const members = await client.query(
        `SELECT match_key, symbol, number, branch, symbol_key, number_key, branch_key, insured_name, name, kana, relation, birth_date,
                sex, dept_code, dept_name, ref_number, ref_key, search_text, source_row
           FROM kubaru.members WHERE campaign_id = $1 AND shipment_gid = $2`,
        [campaignId, s.gid],
      );
      pulled += storeShipment(db, s, envelopes.rows, members.rows, now);
    }
    writeSync(db, 'pulled_shipment_ord', s.ord);
  }
  return pulled;
}

interface LocalEnvelope {
  id: number;
  status: string;
  last_uid: string | null;
  last_from: string | null;
  last_kind: string | null;
  last_device: string | null;
  last_operator: string | null;
  last_at: string | null;
}

function localEnvelope(db: DB, ev: ServerEvent): LocalEnvelope | undefined {
  return prepareCached<[string, string], LocalEnvelope>(
    db,
    `SELECT v.id, v.status, e.uid AS last_uid, e.from_status AS last_from, e.kind AS last_kind, e.device_id AS last_device, e.operator AS last_operator, e.at AS last_at
       FROM sync_shipments y JOIN envelopes v ON v.shipment_id = y.shipment_id LEFT JOIN events e ON e.seq = v.last_event_seq
      WHERE y.gid = ? AND v.match_key = ?`,
  ).get(ev.shipment_gid, ev.match_key);
}

/** Does the event follow this desk's history of the envelope? */
function follows(ev: ServerEvent, env: LocalEnvelope): boolean {
  if (ev.from_status !== env.status) return false;
  return ev.undoes_uid === null || ev.undoes_uid === env.last_uid;
}

function appendEvent(db: DB, ev: ServerEvent, envelopeId: number): void {
  const seq = prepareCached(
    db,
    `INSERT INTO events (uid, action_uid, device_id, envelope_id, kind, from_status, to_status, at, operator, reason, detail, undoes_uid)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(ev.uid, ev.action_uid, ev.device_id, envelopeId, ev.kind, ev.from_status, ev.to_status, ev.at, ev.operator, ev.reason, ev.detail, ev.undoes_uid)
    .lastInsertRowid;
  const changed = prepareCached(db, 'UPDATE envelopes SET status = ?, last_event_seq = ? WHERE id = ? AND status = ?').run(
    ev.to_status,
    seq,
    envelopeId,
    ev.from_status,
  ).changes;
  if (changed !== 1) throw new Error('pulled event does not follow the envelope');
}

const isHandOver = (kind: string | null, to: string | null) => kind === 'handover' && to === 'handed_over';

function recordDoubleHandOver(db: DB, env: LocalEnvelope, ev: ServerEvent, now: string): void {
  const a = { uid: env.last_uid!, device: env.last_device!, operator: env.last_operator!, at: env.last_at! };
  const b = { uid: ev.uid, device: ev.device_id, operator: ev.operator, at: ev.at };
  const [first, second] = a.at < b.at || (a.at === b.at && a.uid < b.uid) ? [a, b] : [b, a];
  prepareCached(
    db,
    `INSERT INTO sync_conflicts (envelope_id, first_uid, first_device, first_operator, first_at, second_uid, second_device, second_operator,
                                 second_at, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  ).run(env.id, first.uid, first.device, first.operator, first.at, second.uid, second.device, second.operator, second.at, now);
}

/**
 * Two desks changed one envelope from the same state while apart, other than both handing it over (that is a
 * 二重配付の可能性, 配付済 either way). Every desk settles it alike, whichever change it holds: a hand-over wins
 * (the envelope has left the desk), else the later change; a desk holding the other one follows with a local
 * event (never pushed: each desk reaches the same status by itself).
 */
function settleClash(db: DB, env: LocalEnvelope, ev: ServerEvent, deviceId: string, now: string): void {
  if (ev.undoes_uid !== null || env.last_uid === null || env.last_from !== ev.from_status || env.last_device === ev.device_id) return;
  const theirsWins =
    ev.to_status === 'handed_over' ||
    (env.status !== 'handed_over' && (ev.at > env.last_at! || (ev.at === env.last_at && ev.uid > env.last_uid)));
  if (!theirsWins || env.status === ev.to_status) return;
  const actionUid = randomUUID();
  appendEvent(
    db,
    {
      ...ev,
      uid: randomUUID(),
      action_uid: actionUid,
      device_id: deviceId,
      kind: SYNC_MERGE,
      from_status: env.status,
      to_status: ev.to_status,
      at: now,
      operator: '（同期）',
      reason: 'ほかの窓口の記録に合わせました',
      detail: JSON.stringify({ follows: ev.uid }),
    },
    env.id,
  );
}

/** Applies one event of another desk or sets it aside; true when it was new here. Inside the caller's transaction. */
function takeEvent(db: DB, ev: ServerEvent, deviceId: string, now: string): boolean {
  if (prepareCached(db, 'SELECT 1 FROM events WHERE uid = ?').get(ev.uid)) return false;
  if (prepareCached(db, 'SELECT 1 FROM sync_aside WHERE uid = ?').get(ev.uid)) return false;
  const env = localEnvelope(db, ev);
  if (!env) return false; // its list could not be stored here (see storeShipment)
  if (follows(ev, env)) {
    appendEvent(db, ev, env.id);
    return true;
  }
  prepareCached(db, 'INSERT INTO sync_aside (uid, envelope_id, event) VALUES (?, ?, ?)').run(ev.uid, env.id, JSON.stringify(ev));
  if (isHandOver(ev.kind, ev.to_status) && env.status === 'handed_over' && isHandOver(env.last_kind, 'handed_over')) {
    recordDoubleHandOver(db, env, ev, now);
  } else {
    settleClash(db, env, ev, deviceId, now);
  }
  return true;
}

/** Events set aside that now follow (the other hand-over was undone here, the undone event arrived): applied. */
export function retryAside(db: DB): number {
  let applied = 0;
  db.transaction(() => {
    for (let progress = true; progress; ) {
      progress = false;
      const rows = prepareCached(db, 'SELECT uid, envelope_id, event FROM sync_aside ORDER BY rowid').all() as { uid: string; envelope_id: number; event: string }[];
      for (const row of rows) {
        const ev = JSON.parse(row.event) as ServerEvent;
        const env = localEnvelope(db, ev);
        if (!env || !follows(ev, env)) continue;
        prepareCached(db, 'DELETE FROM sync_aside WHERE uid = ?').run(row.uid);
        appendEvent(db, ev, env.id);
        applied++;
        progress = true;
      }
    }
  })();
  return applied;
}

/** `own`: also this desk's own events (after a restore); otherwise they are here already. */
async function pullEvents(db: DB, client: pg.ClientBase, campaignId: string, deviceId: string, own: boolean, now: string): Promise<number> {
  let pulled = 0;
  for (;;) {
    const r = await client.query<ServerEvent>(
      `SELECT ord, uid, action_uid, device_id, shipment_gid, match_key, kind, from_status, to_status, at, operator, reason, detail, undoes_uid
         FROM kubaru.events WHERE campaign_id = $1 AND ord > $2 AND (device_id <> $3 OR $4) ORDER BY ord LIMIT ${EVENT_CHUNK}`,
      [campaignId, readSyncNumber(db, 'pulled_event_ord'), deviceId, own],
    );
    if (r.rows.length === 0) break;
    db.transaction(() => {
      for (const ev of r.rows) if (takeEvent(db, ev, deviceId, now)) pulled++;
      writeSync(db, 'pulled_event_ord', r.rows[r.rows.length - 1]!.ord);
    })();
  }
  return pulled;
}

async function pullDesks(db: DB, client: pg.ClientBase, campaignId: string): Promise<void> {
  const r = await client.query<{ device_id: string; name: string; last_seen: Date }>(
    'SELECT device_id, name, last_seen FROM kubaru.desks WHERE campaign_id = $1',
    [campaignId],
  );
  const upsert = prepareCached(db,
    `INSERT INTO sync_desks (device_id, name, last_seen) VALUES (?, ?, ?)
     ON CONFLICT (device_id) DO UPDATE SET name = excluded.name, last_seen = excluded.last_seen`,
  );
  db.transaction(() => {
    for (const d of r.rows) upsert.run(d.device_id, d.name, d.last_seen.toISOString());
  })();
}

/** Everything the server has that this desk lacks; returns how many rows were new here. */
// Databases already checked for own events missing here (a new object after a restore is checked again).
const ownEventsChecked = new WeakSet<DB>();

/**
 * A database restored from a backup (or read in from another PC) lacks events this desk pushed after that
 * backup; the pull skips this desk's own events, so they would never come back. Once per opened database the
 * server's count of this desk's events is compared with ours, and when ours is short the events are pulled
 * again from the start (the ones already here are skipped).
 */
async function ownEventsMissing(db: DB, client: pg.ClientBase, campaignId: string, deviceId: string): Promise<boolean> {
  if (ownEventsChecked.has(db)) return false;
  const r = await client.query<{ n: string }>('SELECT count(*) AS n FROM kubaru.events WHERE campaign_id = $1 AND device_id = $2', [campaignId, deviceId]);
  const local = prepareCached(db, `SELECT COUNT(*) FROM events WHERE device_id = ? AND kind <> '${SYNC_MERGE}'`).pluck().get(deviceId) as number;
  if (Number(r.rows[0]!.n) <= local) {
    ownEventsChecked.add(db);
    return false;
  }
  writeSync(db, 'pulled_event_ord', 0);
  return true;
}

export async function pull(db: DB, client: pg.ClientBase, campaignId: string, deviceId: string, now: string): Promise<number> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const own = await ownEventsMissing(db, client, campaignId, deviceId);
    const pulled =
      (await pullShipments(db, client, campaignId, now)) + (await pullRosters(db, client, campaignId)) + (await pullBoxChecks(db, client, campaignId)) + (await pullBatches(db, client, campaignId, deviceId)) +
      (await pullEvents(db, client, campaignId, deviceId, own, now));
    if (own) ownEventsChecked.add(db); // all of them came back
    await pullDesks(db, client, campaignId);
    await client.query('COMMIT');
    retryAside(db); // counted when they arrived
    return pulled;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  }
}
