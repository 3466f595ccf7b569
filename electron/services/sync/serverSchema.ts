/**
 * The server's schema, created and migrated by Kubaru itself in its own PostgreSQL schema (`kubaru`), so a
 * plain role that owns its database is enough: no superuser, no extension. Versioned like the SQLite
 * migrations; never edit a shipped step, append one.
 */
import type pg from 'pg';

export const SERVER_SCHEMA = 'kubaru';

const STEPS: readonly string[] = [
  // 1: campaigns, desks, lists, events. Rows pulled by order carry `ord` (an identity, assigned at push);
  // envelopes and members travel with their shipment, whose row is pushed last, so a desk never pulls
  // half a list. Members are keyed by insurer + 記号 + 番号 + 枝番: a list imported at two desks is one list.
  `
  CREATE TABLE kubaru.campaigns (
    id          uuid PRIMARY KEY,
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    finished_by text,
    summary     jsonb          -- counts only, kept after 配付業務の完了
  );
  CREATE UNIQUE INDEX campaigns_one_active ON kubaru.campaigns ((true)) WHERE finished_at IS NULL;

  CREATE TABLE kubaru.desks (
    device_id   text PRIMARY KEY,
    campaign_id uuid NOT NULL,
    name        text NOT NULL,
    last_seen   timestamptz NOT NULL
  );

  CREATE TABLE kubaru.shipments (
    ord            bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    campaign_id    uuid NOT NULL,
    gid            text NOT NULL,
    desk_id        text NOT NULL,
    insurer_name   text NOT NULL,
    insurer_number text,
    file_name      text NOT NULL,
    file_sha256    text NOT NULL,
    received_on    text,
    box_count      integer,
    unit           text NOT NULL,
    imported_at    text NOT NULL,
    imported_by    text NOT NULL,
    PRIMARY KEY (campaign_id, gid)
  );

  CREATE TABLE kubaru.envelopes (
    campaign_id  uuid NOT NULL,
    shipment_gid text NOT NULL,
    match_key    text NOT NULL,
    unit         text NOT NULL,
    symbol       text NOT NULL,
    number       text NOT NULL,
    branch       text NOT NULL,
    dept_code    text NOT NULL,
    dept_name    text NOT NULL,
    holder_name  text NOT NULL,
    PRIMARY KEY (campaign_id, shipment_gid, match_key)
  );

  CREATE TABLE kubaru.members (
    campaign_id  uuid NOT NULL,
    insurer_name text NOT NULL,
    number_key   text NOT NULL,
    symbol_key   text NOT NULL,
    branch_key   text NOT NULL,
    shipment_gid text NOT NULL,
    match_key    text NOT NULL,
    symbol       text NOT NULL,
    number       text NOT NULL,
    branch       text NOT NULL,
    insured_name text NOT NULL,
    name         text NOT NULL,
    kana         text NOT NULL,
    relation     text NOT NULL,
    birth_date   text,
    sex          text NOT NULL,
    dept_code    text NOT NULL,
    dept_name    text NOT NULL,
    ref_number   text NOT NULL,
    ref_key      text NOT NULL,
    search_text  text NOT NULL,
    source_row   integer NOT NULL,
    PRIMARY KEY (campaign_id, insurer_name, number_key, symbol_key, branch_key)
  );
  CREATE INDEX members_shipment ON kubaru.members (campaign_id, shipment_gid);

  CREATE TABLE kubaru.events (
    ord          bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    campaign_id  uuid NOT NULL,
    uid          text NOT NULL,
    action_uid   text NOT NULL,
    device_id    text NOT NULL,
    shipment_gid text NOT NULL,
    match_key    text NOT NULL,
    kind         text NOT NULL,
    from_status  text NOT NULL,
    to_status    text NOT NULL,
    at           text NOT NULL,
    operator     text NOT NULL,
    reason       text NOT NULL,
    detail       text,
    undoes_uid   text,
    PRIMARY KEY (campaign_id, uid)
  );
  -- A desk checks once per opened database that the server holds none of its own events that it lacks.
  CREATE INDEX events_desk ON kubaru.events (campaign_id, device_id);
  `,
  // 2: the 社員名簿. An import travels whole (its entries as one JSON array, a roster being a few thousand
  // rows); the roster in force on every desk is the one with the highest `ord`.
  `
  CREATE TABLE kubaru.rosters (
    ord          bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    campaign_id  uuid NOT NULL,
    gid          text NOT NULL,
    desk_id      text NOT NULL,
    file_name    text NOT NULL,
    file_sha256  text NOT NULL,
    imported_at  text NOT NULL,
    imported_by  text NOT NULL,
    insurer_name text,
    entries      jsonb NOT NULL,
    PRIMARY KEY (campaign_id, gid)
  );
  `,
  // 3: 受入チェック records (sync/boxCheck.ts): scans, 箱に無い and リストに無い, append-only, pulled by `ord`.
  `
  CREATE TABLE kubaru.box_checks (
    ord          bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    campaign_id  uuid NOT NULL,
    gid          text NOT NULL,
    desk_id      text NOT NULL,
    shipment_gid text NOT NULL,
    kind         text NOT NULL CHECK (kind IN ('scan', 'missing', 'not_on_list')),
    match_key    text,
    window_text  text NOT NULL,
    note         text NOT NULL,
    recorded_at  text NOT NULL,
    recorded_by  text NOT NULL,
    PRIMARY KEY (campaign_id, gid)
  );
  `,
  // 4: レターパック batches (sync/batches.ts): a snapshot per batch, owned by the desk that made it and moved
  // to a new \`ord\` at each change; one claim per envelope, the first push keeping it.
  `
  CREATE SEQUENCE kubaru.batch_ord;
  CREATE TABLE kubaru.batches (
    ord         bigint NOT NULL UNIQUE,
    campaign_id uuid NOT NULL,
    gid         text NOT NULL,
    desk_id     text NOT NULL,
    state       jsonb NOT NULL,
    PRIMARY KEY (campaign_id, gid)
  );
  CREATE TABLE kubaru.batch_items (
    campaign_id  uuid NOT NULL,
    shipment_gid text NOT NULL,
    match_key    text NOT NULL,
    batch_gid    text NOT NULL,
    PRIMARY KEY (campaign_id, shipment_gid, match_key)
  );
  `,
];

/** Brings the server's schema up to date; concurrent desks wait for each other on an advisory lock. */
export async function migrateServer(client: pg.ClientBase): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(`SELECT pg_advisory_xact_lock(${SCHEMA_LOCK})`);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${SERVER_SCHEMA}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${SERVER_SCHEMA}.schema_version (version integer NOT NULL)`);
    const r = await client.query<{ version: number }>(`SELECT version FROM ${SERVER_SCHEMA}.schema_version`);
    const current = r.rows[0]?.version ?? 0;
    if (current > STEPS.length) {
      throw new ServerTooNew(current);
    }
    for (let v = current + 1; v <= STEPS.length; v++) await client.query(STEPS[v - 1]!);
    if (r.rows.length === 0) await client.query(`INSERT INTO ${SERVER_SCHEMA}.schema_version VALUES ($1)`, [STEPS.length]);
    else if (current < STEPS.length) await client.query(`UPDATE ${SERVER_SCHEMA}.schema_version SET version = $1`, [STEPS.length]);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  }
}

export class ServerTooNew extends Error {
  constructor(readonly version: number) {
    super(`server schema ${version} is newer than ${STEPS.length}`);
  }
}

/** Advisory lock keys (any bigint; chosen once). Pushes that assign `ord` hold PUSH_LOCK until they commit,
 * so rows become visible in `ord` order and a desk pulling "after ord N" never skips a late commit. */
const SCHEMA_LOCK = 0x6b75_6261_01;
export const PUSH_LOCK = 0x6b75_6261_02;
