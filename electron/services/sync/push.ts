/**
 * Push: what this desk recorded goes to the server. Every row carries its global key, and every INSERT is
 * either COPYed where the server cannot have it yet or merged ON CONFLICT DO NOTHING, so a push cut off
 * anywhere (kill -9, cable pulled) is simply run again.
 * SQLite is read in chunks between awaits, so the scan path is never held up for long.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DB } from '../db/open';
import { PUSH_LOCK } from './serverSchema';
import { LOCAL_ONLY_KINDS, readSyncNumber, writeSync } from './state';
import { pushRosters } from './roster';
import { pushBoxChecks } from './boxCheck';
import { pushBatches } from './batches';
import { prepareCached } from '../db/open';
import { visibleShipment } from '../db/staging';

/** Rows per transaction: what a push cut off loses and sends again. */
export const PUSH_CHUNK = 10_000;
/** Rows per read from SQLite: the scan path waits at most this long between reads. */
const READ_CHUNK = 2_500;

export class CampaignFinishedOnServer extends Error {}

/** Columns and their PostgreSQL array types, in the order the SELECT reads them from SQLite. */
type Columns = readonly (readonly [name: string, type: 'text' | 'integer'])[];

const ENVELOPE_COLUMNS: Columns = [
  ['shipment_gid', 'text'], ['match_key', 'text'], ['unit', 'text'], ['symbol', 'text'], ['number', 'text'], ['branch', 'text'],
  ['dept_code', 'text'], ['dept_name', 'text'], ['holder_name', 'text'],
];
export const MEMBER_COLUMNS: Columns = [
  ['insurer_name', 'text'], ['number_key', 'text'], ['symbol_key', 'text'], ['branch_key', 'text'], ['shipment_gid', 'text'],
  ['match_key', 'text'], ['symbol', 'text'], ['number', 'text'], ['branch', 'text'], ['insured_name', 'text'], ['name', 'text'],
  ['kana', 'text'], ['relation', 'text'], ['birth_date', 'text'], ['sex', 'text'], ['dept_code', 'text'], ['dept_name', 'text'],
  ['ref_number', 'text'], ['ref_key', 'text'], ['search_text', 'text'], ['source_row', 'integer'],
];
const EVENT_COLUMNS: Columns = [
  ['uid', 'text'], ['action_uid', 'text'], ['device_id', 'text'], ['shipment_gid', 'text'], ['match_key', 'text'], ['kind', 'text'],
  ['from_status', 'text'], ['to_status', 'text'], ['at', 'text'], ['operator', 'text'], ['reason', 'text'], ['detail', 'text'],
  ['undoes_uid', 'text'],
];

/**
 * One transaction that first checks the campaign is still open (配付業務の完了 takes the row FOR UPDATE).
 * A list's envelopes and members commit without waiting for the disk: nothing counts them as sent until
 * the list's own row commits, durably, after them, and its commit flushes theirs (the WAL is written in
 * order). A list cut off before that row is sent again from the start. Events are durable one by one.
 */
async function inCampaign<T>(client: pg.ClientBase, campaignId: string, table: 'envelopes' | 'members' | 'events' | 'shipments' | 'rosters' | 'box_checks' | 'batches', work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    if (table === 'envelopes' || table === 'members') await client.query('SET LOCAL synchronous_commit = off');
    // Pushes that assign the pull order `ord` commit one at a time (see PUSH_LOCK).
    if (table !== 'envelopes' && table !== 'members') await client.query(`SELECT pg_advisory_xact_lock(${PUSH_LOCK})`);
    const c = await client.query('SELECT finished_at FROM kubaru.campaigns WHERE id = $1 FOR SHARE', [campaignId]);
    if (c.rows.length === 0 || c.rows[0].finished_at !== null) throw new CampaignFinishedOnServer();
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  }
}

/**
 * How a chunk goes in. `copy`: COPY straight into the table, the fastest way PostgreSQL takes rows; right for
 * rows the server cannot have yet (a list's first push). `merge`: COPY into a temporary table, then
 * INSERT … SELECT … ON CONFLICT DO NOTHING, for rows that may be there already (a push cut off and run
 * again, or the same list pushed by another desk).
 */
type PushMode = 'copy' | 'merge';

/** A text-format COPY field: NULL as \N; backslash, tab, newline and carriage return escaped. */
function copyField(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  const text = String(v);
  return /[\\\t\n\r]/.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!) : text;
}

function copyText(campaignId: string, rows: unknown[][]): string {
  let out = '';
  for (const row of rows) {
    out += campaignId;
    for (let c = 1; c < row.length; c++) out += '\t' + copyField(row[c]);
    out += '\n';
  }
  return out;
}

/** What one transaction stored: rows the server did not have, the last local id sent, and the rows read next. */
interface Stored {
  stored: number;
  last: number;
  next: unknown[][];
}

/**
 * COPYs rows (local id first, not sent) into `target`, reading on until PUSH_CHUNK rows are sent. The next
 * rows are read from SQLite and encoded while the socket drains into the server, so both work at once.
 */
async function copyInto(client: pg.ClientBase, target: string, columns: Columns, campaignId: string, rows: unknown[][], read: (after: number) => unknown[][]): Promise<Stored> {
  const names = columns.map(([n]) => n).join(', ');
  const stream = client.query(copyFrom(`COPY ${target} (campaign_id, ${names}) FROM STDIN`));
  const done = new Promise<number>((resolve, reject) => {
    stream.on('error', reject);
    stream.on('finish', () => resolve(stream.rowCount));
  });
  done.catch(() => {}); // awaited below; a failure mid-stream also ends the drain wait
  let sent = 0;
  let last = 0;
  while (rows.length > 0 && sent < PUSH_CHUNK) {
    last = rows[rows.length - 1]![0] as number;
    sent += rows.length;
    const ready = stream.write(copyText(campaignId, rows));
    rows = read(last);
    if (!ready) await Promise.race([new Promise((r) => stream.once('drain', r)), done]);
  }
  stream.end();
  return { stored: await done, last, next: rows };
}

async function storeChunk(
  client: pg.ClientBase,
  table: 'envelopes' | 'members' | 'events',
  columns: Columns,
  campaignId: string,
  rows: unknown[][],
  read: (after: number) => unknown[][],
  mode: PushMode,
): Promise<Stored> {
  if (mode === 'copy') return copyInto(client, `kubaru.${table}`, columns, campaignId, rows, read);
  const names = columns.map(([n]) => n).join(', ');
  await client.query(`CREATE TEMP TABLE push_rows ON COMMIT DROP AS SELECT campaign_id, ${names} FROM kubaru.${table} WITH NO DATA`);
  const copied = await copyInto(client, 'push_rows', columns, campaignId, rows, read);
  const r = await client.query(`INSERT INTO kubaru.${table} (campaign_id, ${names}) SELECT campaign_id, ${names} FROM push_rows ON CONFLICT DO NOTHING`);
  return { ...copied, stored: r.rowCount ?? 0 };
}

const isUniqueViolation = (e: unknown): boolean => (e as { code?: unknown } | null)?.code === '23505';

/**
 * Sends rows PUSH_CHUNK at a time, each in its own transaction. Rows start with their local id, which
 * orders them and is not sent. Transactions COPY straight in until one meets a row the server has; that one
 * (rolled back whole) and the rest go through the merge. Events (which carry `ord`) take the push lock.
 */
async function pushChunks(
  client: pg.ClientBase,
  campaignId: string,
  table: 'envelopes' | 'members' | 'events',
  columns: Columns,
  start: number,
  read: (after: number) => unknown[][],
  onSent?: (last: number) => void,
): Promise<number> {
  let pushed = 0;
  let mode: PushMode = 'copy';
  let rows = read(start);
  while (rows.length > 0) {
    let result: Stored;
    try {
      result = await inCampaign(client, campaignId, table, () => storeChunk(client, table, columns, campaignId, rows, read, mode));
    } catch (e) {
      if (mode === 'merge' || !isUniqueViolation(e)) throw e;
      mode = 'merge';
      continue;
    }
    pushed += result.stored;
    onSent?.(result.last);
    rows = result.next;
  }
  return pushed;
}

/** A shipment's own fields as both sides store them (the server adds ord and gid, SQLite an id). */
export interface ShipmentFields {
  insurer_name: string;
  insurer_number: string | null;
  file_name: string;
  file_sha256: string;
  received_on: string | null;
  box_count: number | null;
  unit: string;
  imported_at: string;
  imported_by: string;
}
type LocalShipment = ShipmentFields & { id: number };

/** The list's identity from what it holds: the same members of the same insurer make the same gid, whatever the file. */
export function shipmentGid(db: DB, s: { id: number; insurer_name: string; unit: string }): string {
  const hash = createHash('sha256').update(`${s.insurer_name}\n${s.unit}\n`);
  const keys = prepareCached(db, 'SELECT number_key, symbol_key, branch_key FROM members WHERE shipment_id = ? ORDER BY number_key, symbol_key, branch_key')
    .raw()
    .iterate(s.id) as IterableIterator<string[]>;
  for (const k of keys) hash.update(k.join('|') + '\n');
  return hash.digest('hex');
}

/**
 * Pushes the shipments not yet on the server, envelopes and members first and the shipment row last. A list
 * still being copied in waits for its last slice (db/staging.ts): the other desks get it whole, or never.
 */
async function pushShipments(db: DB, client: pg.ClientBase, campaignId: string, deviceId: string): Promise<number> {
  const shipments = prepareCached(db,
      `SELECT s.id, i.name AS insurer_name, i.insurer_number, s.file_name, s.file_sha256, s.received_on, s.box_count, s.unit,
              s.imported_at, s.imported_by
         FROM shipments s JOIN insurers i ON i.id = s.insurer_id
        WHERE NOT EXISTS (SELECT 1 FROM sync_shipments y WHERE y.shipment_id = s.id) AND ${visibleShipment('s.id')} ORDER BY s.id`,
    )
    .all() as LocalShipment[];
  let pushed = 0;
  for (const s of shipments) {
    const gid = shipmentGid(db, s);
    const envelopes = prepareCached(db,
      `SELECT id, ?, match_key, unit, symbol, number, branch, dept_code, dept_name, holder_name
         FROM envelopes WHERE shipment_id = ? AND id > ? ORDER BY id LIMIT ${READ_CHUNK}`,
    ).raw();
    pushed += await pushChunks(client, campaignId, 'envelopes', ENVELOPE_COLUMNS, 0, (after) => envelopes.all(gid, s.id, after) as unknown[][]);
    const members = prepareCached(db,
      `SELECT m.id, ?, m.number_key, m.symbol_key, m.branch_key, ?, e.match_key, m.symbol, m.number, m.branch, m.insured_name,
              m.name, m.kana, m.relation, m.birth_date, m.sex, m.dept_code, m.dept_name, m.ref_number, m.ref_key, m.search_text,
              m.source_row
         FROM members m JOIN envelopes e ON e.id = m.envelope_id
        WHERE m.shipment_id = ? AND m.id > ? ORDER BY m.id LIMIT ${READ_CHUNK}`,
    ).raw();
    pushed += await pushChunks(client, campaignId, 'members', MEMBER_COLUMNS, 0, (after) => members.all(s.insurer_name, gid, s.id, after) as unknown[][]);
    pushed += await inCampaign(client, campaignId, 'shipments', async () => {
      const r = await client.query(
        `INSERT INTO kubaru.shipments (campaign_id, gid, desk_id, insurer_name, insurer_number, file_name, file_sha256, received_on,
                                       box_count, unit, imported_at, imported_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING`,
        [campaignId, gid, deviceId, s.insurer_name, s.insurer_number, s.file_name, s.file_sha256, s.received_on, s.box_count, s.unit, s.imported_at, s.imported_by],
      );
      return r.rowCount ?? 0;
    });
    prepareCached(db, 'INSERT INTO sync_shipments (shipment_id, gid) VALUES (?, ?)').run(s.id, gid);
  }
  return pushed;
}

/** Pushes this desk's own events after the watermark, in local order. */
async function pushEvents(db: DB, client: pg.ClientBase, campaignId: string, deviceId: string): Promise<number> {
  const select = prepareCached(db,
    `SELECT e.seq, e.uid, e.action_uid, e.device_id, y.gid, v.match_key, e.kind, e.from_status, e.to_status, e.at, e.operator,
            e.reason, e.detail, e.undoes_uid
       FROM events e JOIN envelopes v ON v.id = e.envelope_id JOIN sync_shipments y ON y.shipment_id = v.shipment_id
      WHERE e.device_id = ? AND e.seq > ? AND e.kind NOT IN ${LOCAL_ONLY_KINDS} ORDER BY e.seq LIMIT ${READ_CHUNK}`,
  ).raw();
  const pushed = await pushChunks(
    client,
    campaignId,
    'events',
    EVENT_COLUMNS,
    readSyncNumber(db, 'pushed_event_seq'),
    (after) => select.all(deviceId, after) as unknown[][],
    (last) => writeSync(db, 'pushed_event_seq', last),
  );
  return pushed;
}

/** Everything this desk has that the server lacks; returns how many rows the server did not have yet. */
export async function push(db: DB, client: pg.ClientBase, campaignId: string, deviceId: string): Promise<number> {
  const lists = await pushShipments(db, client, campaignId, deviceId);
  // Rosters before events: a 退職 flag pulled elsewhere then finds the roster that led to it.
  const rosters = await pushRosters(db, client, campaignId, deviceId, (work) => inCampaign(client, campaignId, 'rosters', work));
  const boxChecks = await pushBoxChecks(db, client, campaignId, deviceId, (work) => inCampaign(client, campaignId, 'box_checks', work));
  const batches = await pushBatches(db, client, campaignId, deviceId, (work) => inCampaign(client, campaignId, 'batches', work));
  return lists + rosters + boxChecks + batches + (await pushEvents(db, client, campaignId, deviceId));
}
