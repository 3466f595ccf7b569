/**
 * Upgrades real files of every earlier schema version to the current one: each is built by running only
 * the first migrations, filled the way that version's app filled it, then opened by today's app.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, SCHEMA_VERSION } from '../../electron/services/db/migrations';
import { openDatabase } from '../../electron/services/db/open';
import { createContext } from '../../electron/services/context';
import { scan } from '../../electron/services/handover/scan';
import { currentRoster } from '../../electron/services/roster/rosterStore';
import { reconcile } from '../../electron/services/roster/reconcile';
import { getStatus } from '../../electron/services/status';
import { tempDir } from '../e2e/harness';

const NOW = new Date('2024-10-01T09:00:00+09:00');

/** A database file as the app of `version` left it, with one household of two (one handed over). */
function fileAtVersion(version: number): string {
  const file = path.join(tempDir(), `v${version}.sqlite3`);
  const db = new Database(file);
  db.pragma('foreign_keys = ON');
  db.transaction(() => {
    for (const m of MIGRATIONS.slice(0, version)) {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }
    db.prepare(`INSERT INTO meta (key, value) VALUES ('device_id', 'old-pc'), ('created_at', '2024-09-01T00:00:00Z')`).run();
    db.prepare(`INSERT INTO insurers (id, name, created_at) VALUES (1, 'テスト健保', '2024-09-01')`).run();
    db.prepare(
      `INSERT INTO shipments (id, insurer_id, file_name, file_sha256, unit, imported_at, imported_by)
       VALUES (1, 1, 'list.csv', 'abc', 'person', '2024-09-01T00:00:00Z', '山田')`,
    ).run();
    const member = db.prepare(
      `INSERT INTO members (envelope_id, insurer_id, shipment_id, symbol, number, branch, symbol_key, number_key, branch_key,
         insured_name, name, kana, relation, sex, dept_code, dept_name, ref_number, ref_key, search_text, source_row)
       VALUES (?, 1, 1, '77', '5', ?, '77', '5', ?, '山田 太郎', ?, '', ?, '', '1001', '本社', '', '', ?, ?)`,
    );
    for (const [id, branch, name, relation] of [
      [1, '00', '山田 太郎', '本人'],
      [2, '01', '山田 花子', '妻'],
    ] as const) {
      db.prepare(
        `INSERT INTO envelopes (id, insurer_id, shipment_id, unit, match_key, symbol, number, branch, holder_name) VALUES (?, 1, 1, 'person', ?, '77', '5', ?, '山田 太郎')`,
      ).run(id, `77|5|${Number(branch)}`, branch);
      member.run(id, branch, String(Number(branch)), name, relation, name, id + 1);
    }
    db.prepare(
      `INSERT INTO events (seq, uid, action_uid, device_id, envelope_id, kind, from_status, to_status, at, operator)
       VALUES (1, 'u1', 'a1', 'old-pc', 1, 'handover', 'pending', 'handed_over', '2024-09-02T00:00:00Z', '山田')`,
    ).run();
    db.prepare(`UPDATE envelopes SET status = 'handed_over', last_event_seq = 1 WHERE id = 1`).run();
    if (version >= 2) {
      db.prepare(`INSERT INTO roster_imports (id, file_name, file_sha256, imported_at, imported_by) VALUES (1, 'roster.csv', 'r', '2024-09-03T00:00:00Z', '山田')`).run();
      db.prepare(
        `INSERT INTO roster_entries (roster_import_id, source_row, employee_id, employee_key, name, kana, dept_code, employed, left_on, symbol, number, symbol_key, number_key)
         VALUES (1, 2, 'E1', 'E1', '山田 太郎', '', '1001', 0, '2024-08-31', '77', '5', '77', '5')`,
      ).run();
      db.prepare(`INSERT INTO return_batches (id, kind, created_at, created_by) VALUES (1, 'reply_envelope', '2024-09-03T00:00:00Z', '山田')`).run();
    }
    if (version >= 3) {
      db.prepare(
        `INSERT INTO report_exports (exported_at, exported_by, format, file_name, row_count, last_event_seq, envelope_count) VALUES ('2024-09-04T00:00:00Z', '山田', 'xlsx', 'r.xlsx', 2, 1, 2)`,
      ).run();
    }
  })();
  db.close();
  return file;
}

describe('upgrading an older database file', () => {
  for (let version = 1; version < SCHEMA_VERSION; version++) {
    it(`version ${version} opens at version ${SCHEMA_VERSION} with its record intact`, () => {
      const db = openDatabase(fileAtVersion(version));
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(db.prepare(`SELECT value FROM meta WHERE key = 'device_id'`).pluck().get()).toBe('old-pc');
      const ctx = createContext(db, () => NOW);
      expect(getStatus(ctx)).toMatchObject({ envelopes: { total: 2, handed_over: 1, pending: 1 }, members: 2 });
      expect(db.prepare('SELECT kind, operator FROM events').all()).toEqual([{ kind: 'handover', operator: '山田' }]);
      if (version >= 2) {
        // an old roster speaks of no particular insurer, and still finds the retiree's envelope
        expect(currentRoster(db)).toMatchObject({ fileName: 'roster.csv', entries: 1, insurerId: null, insurerName: null });
        expect(reconcile(ctx).proposals.map((p) => [p.envelopeId, p.employeeId])).toEqual([[2, 'E1']]);
        expect(db.prepare('SELECT COUNT(*) FROM return_batches').pluck().get()).toBe(1);
      }
      // the upgraded file works: the wife's envelope is handed over by scanning
      expect(scan(ctx, '77 5 01').result).toBe('handed_over');

      if (version >= 3) expect(db.prepare('SELECT file_name FROM report_exports').pluck().all()).toEqual(['r.xlsx']);
      db.close();
    });
  }
});
