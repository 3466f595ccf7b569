/**
 * Migration 5's counts: a database of the previous version gains them from its data, and the 配付 screen's
 * totals and per-所属 progress read from them agree with the envelopes through scans, undo and a purge.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/services/db/open';
import { MIGRATIONS, SCHEMA_VERSION } from '../../electron/services/db/migrations';
import { migration5Counts } from '../../electron/services/db/migration5Counts';
import { createContext } from '../../electron/services/context';
import { getStatus } from '../../electron/services/status';
import { deptProgress } from '../../electron/services/handover/list';
import { importFile } from '../../electron/services/lists/importList';
import { scan } from '../../electron/services/handover/scan';
import { undoAction } from '../../electron/services/handover/undo';
import { dispatch } from '../../electron/services/handlers';
import { saveSettings } from '../../electron/services/settings';
import { generateRows, toXlsx } from '../../bench/generate';
import { tempDir } from '../e2e/harness';
import { checkInvariants } from '../reliability/invariants';

const newFile = () => path.join(tempDir(), 'k.sqlite3');

/** What the screens showed before migration 5: GROUP BY over every envelope. */
function recount(db: Database.Database) {
  return db
    .prepare(
      `SELECT dept_code AS deptCode, MAX(dept_name) AS deptName, COUNT(*) AS total,
              SUM(status = 'handed_over') AS handedOver, SUM(status = 'pending') AS remaining
         FROM envelopes GROUP BY dept_code ORDER BY dept_code`,
    )
    .all();
}

describe('envelope and member counts (migration 5)', () => {
  it('are filled from the data of a database of the previous version, which keeps its data', () => {
    const file = newFile();
    // A version-3 file with a list imported and some envelopes handed over, as a clerk's PC has it.
    const old = new Database(file);
    old.exec('PRAGMA foreign_keys = ON');
    for (const m of MIGRATIONS.filter((x) => x.version < migration5Counts.version)) old.exec(m.sql);
    old.pragma(`user_version = ${migration5Counts.version - 1}`);
    old.prepare(`INSERT INTO meta (key, value) VALUES ('device_id', 'pc-1')`).run();
    old.prepare(`INSERT INTO insurers (id, name, created_at) VALUES (1, 'テスト健保', '2024-01-01')`).run();
    old.prepare(
      `INSERT INTO shipments (id, insurer_id, file_name, file_sha256, unit, imported_at, imported_by)
       VALUES (1, 1, 'list.csv', 'abc', 'person', '2024-01-01', '山田')`,
    ).run();
    const env = old.prepare(
      `INSERT INTO envelopes (id, insurer_id, shipment_id, unit, match_key, symbol, number, dept_code, dept_name) VALUES (?, 1, 1, 'person', ?, '01', ?, ?, ?)`,
    );
    const mem = old.prepare(
      `INSERT INTO members (envelope_id, insurer_id, shipment_id, symbol, number, branch, symbol_key, number_key, branch_key, insured_name, name, kana,
                            relation, sex, dept_code, dept_name, ref_number, ref_key, search_text, source_row)
       VALUES (?, 1, 1, '01', ?, '', '1', ?, '', '山田', '山田', 'やまだ', '本人', '', ?, ?, '', '', '', ?)`,
    );
    for (let i = 1; i <= 9; i++) {
      const dept = i <= 4 ? ['100', '総務部'] : ['200', '営業部'];
      env.run(i, `1|${i}`, String(i), dept[0], dept[1]);
      mem.run(i, String(i), String(i), dept[0], dept[1], i);
    }
    for (const id of [1, 2, 5]) {
      const seq = old
        .prepare(
          `INSERT INTO events (uid, action_uid, device_id, envelope_id, kind, from_status, to_status, at, operator)
           VALUES (?, ?, 'pc-1', ?, 'handover', 'pending', 'handed_over', '2024-11-25T01:00:00.000Z', '山田')`,
        )
        .run(`u${id}`, `a${id}`, id).lastInsertRowid;
      old.prepare(`UPDATE envelopes SET status = 'handed_over', last_event_seq = ? WHERE id = ?`).run(seq, id);
    }
    const before = recount(old);
    old.close();

    const db = openDatabase(file);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION); // upgraded through v5 (the counts) to the newest
      const ctx = createContext(db);
      expect(deptProgress(ctx)).toEqual([
        { deptCode: '100', deptName: '総務部', total: 4, handedOver: 2, remaining: 2 },
        { deptCode: '200', deptName: '営業部', total: 5, handedOver: 1, remaining: 4 },
      ]);
      expect(deptProgress(ctx)).toEqual(before);
      expect(getStatus(ctx)).toEqual({ envelopes: { total: 9, pending: 6, handed_over: 3, to_return: 0, returned: 0, on_hold: 0, direct: 0 }, members: 9 });
      expect(db.prepare(`SELECT COUNT(*) FROM events`).pluck().get()).toBe(3);
      expect(checkInvariants(db)).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('follow every import, scan and undo, as a full recount would', async () => {
    const db = openDatabase(newFile());
    try {
      const ctx = createContext(db);
      saveSettings(ctx, { companyName: 'テスト', operatorName: '山田' });
      importFile(ctx, toXlsx(generateRows(400, 7)), 'list.xlsx', { insurerName: 'テスト健保', unit: 'person' });
      importFile(ctx, toXlsx(generateRows(200, 8)), 'list2.xlsx', { insurerName: '別の健保', unit: 'household' });
      // Households on one list only: the same 記号番号 under both insurers is for the clerk to pick.
      const codes = db
        .prepare(`SELECT symbol || ' ' || number FROM members GROUP BY symbol, number HAVING COUNT(DISTINCT insurer_id) = 1 ORDER BY MIN(id) LIMIT 40`)
        .pluck()
        .all() as string[];
      expect(codes).toHaveLength(40);
      for (const [i, code] of codes.entries()) {
        expect(scan(ctx, code).result).not.toBe('unknown');
        if (i % 7 === 0) undoAction(ctx, undefined);
        expect(deptProgress(ctx)).toEqual(recount(db));
      }
      const handed = db.prepare(`SELECT COUNT(*) FROM envelopes WHERE status = 'handed_over'`).pluck().get() as number;
      expect(handed).toBeGreaterThan(20);
      expect(getStatus(ctx).envelopes.handed_over).toBe(handed);
      expect(getStatus(ctx).members).toBe(600);
      expect(checkInvariants(db)).toEqual([]);

      // The 配付 screen's one call after a scan: the newest action first, the progress and the totals.
      const last = scan(ctx, codes.at(-1)!);
      const pendingCode = db
        .prepare(
          `SELECT symbol || ' ' || number FROM members GROUP BY symbol, number
            HAVING COUNT(DISTINCT insurer_id) = 1 AND MIN(envelope_id IN (SELECT id FROM envelopes WHERE status = 'pending')) = 1 LIMIT 1`,
        )
        .pluck()
        .get() as string;
      const fresh = scan(ctx, pendingCode);
      expect(fresh.result).toBe('handed_over');
      expect(last.result).toBe('already_handed_over');
      const panels = await dispatch(ctx, 'handoverPanels', undefined);
      expect(panels).toEqual({ ok: true, value: { actions: expect.any(Array), progress: recount(db), status: getStatus(ctx) } });
      const actions = (panels as { value: { actions: { actionUid: string }[] } }).value.actions;
      expect(actions).toHaveLength(30);
      expect(actions[0]!.actionUid).toBe(fresh.actionUid);
    } finally {
      db.close();
    }
  });
});
