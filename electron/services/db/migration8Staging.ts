/**
 * Migration 8: a list is copied into the live tables a slice at a time, so the desk's scans never wait
 * seconds for SQLite's single write lock (issue #13). Until its last slice is in, its shipment is
 * listed in staging_shipments: every reader skips it (lists/staging.ts holds the SQL that says so), the
 * counts kept by migration 5's triggers leave its rows out (the last slice adds them all at once), and a
 * list whose copying process is gone (a crash, kill -9) is removed when the file is next opened.
 */
import type { Migration } from './migrations';
// The same trigger bodies as migration 5; only their WHEN changes.
import { ADD_NEW, REMOVE_OLD } from './migration5Counts';

// A row of a list still being copied: the counts triggers leave it to the copy's last transaction.
const STAGING = (row: 'NEW' | 'OLD') => `EXISTS (SELECT 1 FROM staging_shipments WHERE shipment_id = ${row}.shipment_id)`;

export const migration8Staging: Migration = {
  version: 8,
  description: 'shipments being copied in are staging: invisible to readers and to the kept counts',
  sql: `
    -- A shipment listed here is still being copied in by the process pid (on this PC: the database file
    -- is local, desks share through PostgreSQL). Its last transaction removes the row.
    CREATE TABLE staging_shipments (
      shipment_id INTEGER PRIMARY KEY REFERENCES shipments(id),
      pid         INTEGER NOT NULL,
      started_at  TEXT NOT NULL
    ) STRICT;

    DROP TRIGGER envelope_counts_insert;
    DROP TRIGGER envelope_counts_delete;
    DROP TRIGGER envelope_counts_update;
    DROP TRIGGER member_count_insert;
    DROP TRIGGER member_count_delete;

    CREATE TRIGGER envelope_counts_insert AFTER INSERT ON envelopes
    WHEN NOT ${STAGING('NEW')}
    BEGIN ${ADD_NEW} END;
    CREATE TRIGGER envelope_counts_delete AFTER DELETE ON envelopes
    WHEN NOT ${STAGING('OLD')}
    BEGIN ${REMOVE_OLD} END;
    CREATE TRIGGER envelope_counts_update AFTER UPDATE OF status, dept_code, dept_name ON envelopes
    WHEN (OLD.status <> NEW.status OR OLD.dept_code <> NEW.dept_code OR OLD.dept_name <> NEW.dept_name) AND NOT ${STAGING('OLD')}
    BEGIN ${REMOVE_OLD} ${ADD_NEW} END;

    CREATE TRIGGER member_count_insert AFTER INSERT ON members
    WHEN NOT ${STAGING('NEW')}
    BEGIN UPDATE member_count SET n = n + 1 WHERE id = 1; END;
    CREATE TRIGGER member_count_delete AFTER DELETE ON members
    WHEN NOT ${STAGING('OLD')}
    BEGIN UPDATE member_count SET n = n - 1 WHERE id = 1; END;
  `,
};
