import type { Migration } from './migrations';

/**
 * 複数の窓口 (issue #15): what a desk needs to share its campaign through a PostgreSQL server. Lists and events
 * keep their tables: shipments get a global id from their content (a list imported at two desks is one
 * list), events already carry a uid and the device that made them.
 */
export const migration7Sync: Migration = {
  version: 7,
  description: 'multi-desk sync: global ids of shipments, events set aside, double hand-over conflicts, desks',
  sql: `
    -- Watermarks and connection state (campaign id, last pulled server order, last sync time …).
    CREATE TABLE sync_state (
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    -- A shipment known to the server: pushed from here or pulled from another desk. Its gid is a hash of
    -- the insurer, the unit and the members' keys, so the same list imported at two desks has one gid.
    CREATE TABLE sync_shipments (
      shipment_id INTEGER PRIMARY KEY REFERENCES shipments(id),
      gid         TEXT NOT NULL UNIQUE
    ) STRICT;

    -- A 社員名簿 import known to the server, with the server's order: the roster in force is the one with
    -- the highest ord (an import not pushed yet counts as newest), so every desk agrees after syncing.
    CREATE TABLE sync_rosters (
      roster_import_id INTEGER PRIMARY KEY REFERENCES roster_imports(id),
      gid              TEXT NOT NULL UNIQUE,
      ord              INTEGER NOT NULL
    ) STRICT;

    -- 受入チェック records known to the server (sync/boxCheck.ts): scans and 箱に無い by a gid made of the
    -- list's gid and the envelope's key; a リストに無い record of this desk also names its local row.
    CREATE TABLE sync_box_checks (
      gid            TEXT PRIMARY KEY,
      discrepancy_id INTEGER UNIQUE REFERENCES discrepancies(id)
    ) STRICT;

    -- レターパック batches known to the server (sync/batches.ts). Only the desk that made a batch (desk_id)
    -- changes it; \`pushed\` is the state last pushed (own batches); conflict_note says what a clash took out.
    CREATE TABLE sync_batches (
      batch_id      INTEGER PRIMARY KEY REFERENCES return_batches(id),
      gid           TEXT NOT NULL UNIQUE,
      desk_id       TEXT NOT NULL,
      pushed        TEXT,
      conflict_note TEXT NOT NULL DEFAULT ''
    ) STRICT;

    -- Events of other desks that do not follow this desk's history of the envelope (the same household
    -- handed over at two desks while apart, an undo of an event this desk never applied). Kept whole, and
    -- applied later when they do follow (e.g. after a local undo).
    CREATE TABLE sync_aside (
      uid         TEXT PRIMARY KEY,
      envelope_id INTEGER NOT NULL REFERENCES envelopes(id),
      event       TEXT NOT NULL            -- JSON of the server's event row
    ) STRICT;
    CREATE INDEX sync_aside_envelope ON sync_aside(envelope_id);

    -- 二重配付の可能性: two live hand-overs of one envelope from different desks. One row per pair of events,
    -- the earlier first, so every desk records the same pair.
    CREATE TABLE sync_conflicts (
      id              INTEGER PRIMARY KEY,
      envelope_id     INTEGER NOT NULL REFERENCES envelopes(id),
      first_uid       TEXT NOT NULL,
      first_device    TEXT NOT NULL,
      first_operator  TEXT NOT NULL,
      first_at        TEXT NOT NULL,
      second_uid      TEXT NOT NULL,
      second_device   TEXT NOT NULL,
      second_operator TEXT NOT NULL,
      second_at       TEXT NOT NULL,
      recorded_at     TEXT NOT NULL,
      UNIQUE (first_uid, second_uid)
    ) STRICT;
    CREATE INDEX sync_conflicts_envelope ON sync_conflicts(envelope_id);

    -- The desks of the campaign as the server lists them: their names on conflicts and in the report.
    CREATE TABLE sync_desks (
      device_id TEXT PRIMARY KEY,
      name      TEXT NOT NULL,
      last_seen TEXT NOT NULL
    ) STRICT;
  `,
};
