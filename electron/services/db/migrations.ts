import { migration4RosterInsurer } from './migration4RosterInsurer';
import { migration5Counts } from './migration5Counts';
import { migration6Envelope } from './migration6Envelope';

/**
 * Numbered schema migrations, in order; each stamps its version in `PRAGMA user_version`. Versions run
 * 1, 2, 3 … with no gap (checked below).
 * Never edit a migration that has shipped: append a new one.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

import { migration7Sync } from './migration7Sync';
import { migration8Staging } from './migration8Staging';

const STATUS_CHECK = `CHECK (status IN ('pending','handed_over','to_return','returned','on_hold'))`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'insurers, shipments, envelopes, members, append-only events',
    sql: `
      CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE insurers (
        id             INTEGER PRIMARY KEY,
        name           TEXT NOT NULL UNIQUE,
        insurer_number TEXT,
        column_mapping TEXT,               -- JSON chosen on the mapping screen, reused for the next list
        created_at     TEXT NOT NULL
      ) STRICT;

      CREATE TABLE shipments (
        id          INTEGER PRIMARY KEY,
        insurer_id  INTEGER NOT NULL REFERENCES insurers(id),
        file_name   TEXT NOT NULL,
        file_sha256 TEXT NOT NULL,         -- importing the same file twice is recognised, not duplicated
        received_on TEXT,                  -- ISO date the box arrived
        box_count   INTEGER CHECK (box_count IS NULL OR box_count >= 0),
        unit        TEXT NOT NULL CHECK (unit IN ('person','household')),
        imported_at TEXT NOT NULL,
        imported_by TEXT NOT NULL,
        UNIQUE (insurer_id, file_sha256)
      ) STRICT;

      CREATE TABLE envelopes (
        id             INTEGER PRIMARY KEY,
        insurer_id     INTEGER NOT NULL REFERENCES insurers(id),
        shipment_id    INTEGER NOT NULL REFERENCES shipments(id),
        unit           TEXT NOT NULL CHECK (unit IN ('person','household')),
        match_key      TEXT NOT NULL,      -- leading-zero-free 記号|番号(|枝番): identity within an insurer
        symbol         TEXT NOT NULL,      -- as printed, leading zeros kept
        number         TEXT NOT NULL,
        branch         TEXT NOT NULL DEFAULT '',
        dept_code      TEXT NOT NULL DEFAULT '',
        dept_name      TEXT NOT NULL DEFAULT '',
        holder_name    TEXT NOT NULL DEFAULT '',  -- 被保険者氏名: who receives the envelope
        status         TEXT NOT NULL DEFAULT 'pending' ${STATUS_CHECK},
        last_event_seq INTEGER REFERENCES events(seq),  -- NULL: untouched since import, i.e. pending
        -- A later shipment may bring a new envelope for a known household (a new dependent).
        UNIQUE (shipment_id, match_key)
      ) STRICT;
      CREATE INDEX envelopes_order ON envelopes(insurer_id, symbol, number, branch, id);
      CREATE INDEX envelopes_holder ON envelopes(holder_name);
      CREATE INDEX envelopes_status ON envelopes(status);
      CREATE INDEX envelopes_dept ON envelopes(dept_code);

      CREATE TABLE members (
        id           INTEGER PRIMARY KEY,
        envelope_id  INTEGER NOT NULL REFERENCES envelopes(id),
        insurer_id   INTEGER NOT NULL REFERENCES insurers(id),
        shipment_id  INTEGER NOT NULL REFERENCES shipments(id),
        symbol       TEXT NOT NULL,
        number       TEXT NOT NULL,
        branch       TEXT NOT NULL,
        symbol_key   TEXT NOT NULL,
        number_key   TEXT NOT NULL,
        branch_key   TEXT NOT NULL,
        insured_name TEXT NOT NULL,
        name         TEXT NOT NULL,
        kana         TEXT NOT NULL,
        relation     TEXT NOT NULL,
        birth_date   TEXT,
        sex          TEXT NOT NULL,
        dept_code    TEXT NOT NULL,
        dept_name    TEXT NOT NULL,
        ref_number   TEXT NOT NULL,        -- 整理番号 as printed
        ref_key      TEXT NOT NULL,        -- digits only, for scanning
        search_text  TEXT NOT NULL,        -- width/kana-folded names and codes for search-as-you-type
        source_row   INTEGER NOT NULL,
        -- Key order serves the scanner's lookups (記号+番号, with or without 枝番) as well as uniqueness.
        UNIQUE (number_key, symbol_key, branch_key, insurer_id)
      ) STRICT;
      CREATE INDEX members_envelope ON members(envelope_id);
      CREATE INDEX members_ref ON members(ref_key) WHERE ref_key <> '';

      CREATE TABLE events (
        seq         INTEGER PRIMARY KEY,   -- local order of this database
        uid         TEXT NOT NULL UNIQUE,  -- globally unique, so several desks can be merged later
        action_uid  TEXT NOT NULL,         -- one clerk action (a scan hands over a whole household): undone together
        device_id   TEXT NOT NULL,         -- the PC that made the event
        envelope_id INTEGER NOT NULL REFERENCES envelopes(id),
        kind        TEXT NOT NULL,         -- handover, undo, flag, hold, release, return_sent …
        from_status TEXT NOT NULL,
        to_status   TEXT NOT NULL,
        at          TEXT NOT NULL,         -- ISO 8601 UTC with milliseconds
        operator    TEXT NOT NULL,
        reason      TEXT NOT NULL DEFAULT '',
        detail      TEXT,                  -- JSON (recipient, batch …)
        undoes_uid  TEXT REFERENCES events(uid)
      ) STRICT;
      CREATE INDEX events_envelope ON events(envelope_id, seq);
      CREATE INDEX events_action ON events(action_uid);
      CREATE INDEX events_undoes ON events(undoes_uid) WHERE undoes_uid IS NOT NULL;

      -- The audit trail is append-only: undo is a new event, never an edit.
      CREATE TRIGGER events_no_update BEFORE UPDATE ON events
      BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
      CREATE TRIGGER events_no_delete BEFORE DELETE ON events
      BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

      -- A status changes only together with the event that records it.
      CREATE TRIGGER envelopes_status_needs_event BEFORE UPDATE OF status, last_event_seq ON envelopes
      WHEN NOT EXISTS (
        SELECT 1 FROM events e
        WHERE e.seq = NEW.last_event_seq AND e.envelope_id = NEW.id
          AND e.to_status = NEW.status AND e.from_status = OLD.status
      )
      BEGIN SELECT RAISE(ABORT, 'status change without its event'); END;
    `,
  },
  {
    version: 2,
    description: 'employer roster (社員名簿), return batches (レターパック), box checks (受入チェック)',
    sql: `
      CREATE TABLE roster_imports (
        id          INTEGER PRIMARY KEY,
        file_name   TEXT NOT NULL,
        file_sha256 TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        imported_by TEXT NOT NULL
      ) STRICT;

      -- The latest import is the roster in force; older ones stay for the record.
      CREATE TABLE roster_entries (
        id               INTEGER PRIMARY KEY,
        roster_import_id INTEGER NOT NULL REFERENCES roster_imports(id),
        source_row       INTEGER NOT NULL,
        employee_id      TEXT NOT NULL,    -- 社員番号 as written
        employee_key     TEXT NOT NULL,    -- folded for scanning an ID card
        name             TEXT NOT NULL,
        kana             TEXT NOT NULL,
        dept_code        TEXT NOT NULL,
        employed         INTEGER NOT NULL CHECK (employed IN (0, 1)),
        left_on          TEXT,             -- ISO date of 退職 / 資格喪失
        symbol           TEXT NOT NULL,    -- 健保記号・番号 as written ('' when the roster has none)
        number           TEXT NOT NULL,
        symbol_key       TEXT NOT NULL,
        number_key       TEXT NOT NULL,
        UNIQUE (roster_import_id, employee_key)
      ) STRICT;
      CREATE INDEX roster_entries_employee ON roster_entries(employee_key);
      CREATE INDEX roster_entries_insurance ON roster_entries(number_key, symbol_key);

      CREATE TABLE return_batches (
        id              INTEGER PRIMARY KEY,
        kind            TEXT NOT NULL CHECK (kind IN ('letterpack', 'reply_envelope', 'other')),
        tracking_number TEXT CHECK (tracking_number IS NULL OR (length(tracking_number) = 12 AND tracking_number NOT GLOB '*[^0-9]*')),
        insurer_id      INTEGER REFERENCES insurers(id),
        note            TEXT NOT NULL DEFAULT '',
        created_at      TEXT NOT NULL,
        created_by      TEXT NOT NULL,
        sent_on         TEXT               -- set when the batch left: its envelopes became 返送済
      ) STRICT;

      -- What is packed in which batch. Unpacking before the batch is sent removes the row; once sent,
      -- the events of its envelopes (返送済, with the batch and tracking number) are the record.
      CREATE TABLE return_batch_items (
        batch_id    INTEGER NOT NULL REFERENCES return_batches(id),
        envelope_id INTEGER NOT NULL UNIQUE REFERENCES envelopes(id),
        added_at    TEXT NOT NULL,
        PRIMARY KEY (batch_id, envelope_id)
      ) STRICT;

      -- 受入チェック: envelopes seen while unpacking a shipment's boxes.
      CREATE TABLE box_check_scans (
        shipment_id INTEGER NOT NULL REFERENCES shipments(id),
        envelope_id INTEGER NOT NULL REFERENCES envelopes(id),
        at          TEXT NOT NULL,
        operator    TEXT NOT NULL,
        PRIMARY KEY (shipment_id, envelope_id)
      ) STRICT;

      -- What the insurer must hear about: on the list but not in the box (箱に無い), or in the box but not
      -- on the list (リストに無い, described by what the envelope's window shows).
      CREATE TABLE discrepancies (
        id          INTEGER PRIMARY KEY,
        shipment_id INTEGER NOT NULL REFERENCES shipments(id),
        kind        TEXT NOT NULL CHECK (kind IN ('missing_from_box', 'not_on_list')),
        envelope_id INTEGER REFERENCES envelopes(id),
        window_text TEXT NOT NULL DEFAULT '',
        note        TEXT NOT NULL DEFAULT '',
        recorded_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL,
        CHECK ((kind = 'missing_from_box') = (envelope_id IS NOT NULL)),
        UNIQUE (shipment_id, envelope_id)
      ) STRICT;
    `,
  },
  {
    version: 3,
    description: 'report exports, finished campaigns (配付業務の完了)',
    sql: `
      -- Each completion report written, with the state of the record it reflects: the personal data may be
      -- purged only when the last report still shows the current record.
      CREATE TABLE report_exports (
        id             INTEGER PRIMARY KEY,
        exported_at    TEXT NOT NULL,
        exported_by    TEXT NOT NULL,
        format         TEXT NOT NULL CHECK (format IN ('xlsx', 'csv')),
        file_name      TEXT NOT NULL,      -- base name only: the folder may name a person's home
        row_count      INTEGER NOT NULL,
        last_event_seq INTEGER NOT NULL,   -- MAX(events.seq) when written, 0 with no events
        envelope_count INTEGER NOT NULL
      ) STRICT;

      -- What remains of a campaign after 配付業務の完了: counts only, no names or numbers.
      CREATE TABLE finished_campaigns (
        id                 INTEGER PRIMARY KEY,
        finished_at        TEXT NOT NULL,
        finished_by        TEXT NOT NULL,
        report_exported_at TEXT NOT NULL,
        report_file        TEXT NOT NULL,
        summary            TEXT NOT NULL   -- JSON CampaignSummary
      ) STRICT;
    `,
  },
  migration4RosterInsurer,
  migration5Counts,
  migration6Envelope,
  migration7Sync,
  migration8Staging,
];

// Versions run 1, 2, 3 … with no gap: a database at version n has had exactly the first n migrations.
MIGRATIONS.forEach((m, i) => {
  if (m.version !== i + 1) throw new Error(`migration ${i + 1} says it is version ${m.version}`);
});

/** The newest version. */
export const SCHEMA_VERSION = MIGRATIONS.length;
