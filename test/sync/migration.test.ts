import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, SCHEMA_VERSION } from '../../electron/services/db/migrations';
import { migration7Sync } from '../../electron/services/db/migration7Sync';
import { migration5Counts } from '../../electron/services/db/migration5Counts';
import { openDatabase } from '../../electron/services/db/open';
import { createContext } from '../../electron/services/context';
import { importFile } from '../../electron/services/lists/importList';
import { scan } from '../../electron/services/handover/scan';
import { tempDir } from '../e2e/harness';
import { readFixture } from '../fixtures';
import { checkInvariants } from '../reliability/invariants';
import { syncStatus } from '../../electron/services/sync/state';
import { deviceId } from '../../electron/services/settings';

describe('migration 7 (multi-desk sync)', () => {
  it('upgrades a database of the previous version and keeps its lists and events, all pending for the first sync', () => {
    const file = path.join(tempDir(), 'old.sqlite3');
    // A database as the previous Kubaru left it: every migration before this one.
    const old = openDatabase(file);
    importFile(createContext(old), readFixture('kyokai-person.csv'), 'kyokai-person.csv', { insurerName: '全国健康保険協会' });
    scan(createContext(old), '01010101 0000002');
    old.close();
    const raw = new Database(file);
    raw.exec('DROP TABLE sync_state; DROP TABLE sync_shipments; DROP TABLE sync_rosters; DROP TABLE sync_box_checks; DROP TABLE sync_batches; DROP TABLE sync_aside; DROP TABLE sync_conflicts; DROP TABLE sync_desks;');
    // …nor what came after it (migration 8): no staging table, and migration 5's count triggers as they were.
    raw.exec('DROP TABLE staging_shipments;');
    for (const name of ['envelope_counts_insert', 'envelope_counts_delete', 'envelope_counts_update', 'member_count_insert', 'member_count_delete']) {
      raw.exec(`DROP TRIGGER ${name}`);
    }
    for (const trigger of migration5Counts.sql.match(/CREATE TRIGGER[\s\S]*?END;/g)!) raw.exec(trigger);
    const previous = Math.max(...MIGRATIONS.filter((m) => m.version < migration7Sync.version).map((m) => m.version));
    raw.pragma(`user_version = ${previous}`);
    const before = raw.prepare('SELECT (SELECT COUNT(*) FROM members), (SELECT COUNT(*) FROM events)').raw().get();
    raw.close();

    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare('SELECT (SELECT COUNT(*) FROM members), (SELECT COUNT(*) FROM events)').raw().get()).toEqual(before);
    const [members, events] = before as [number, number];
    const envelopes = db.prepare('SELECT COUNT(*) FROM envelopes').pluck().get() as number;
    expect(syncStatus(db, deviceId(createContext(db)))).toEqual({ pending: 1 + envelopes + members + events, conflicts: 0, lastSyncAt: null });
    expect(checkInvariants(db)).toEqual([]);
    db.close();
  });
});
