/** The invariant checker of crash.test.ts must see each kind of damage, or the crash test proves nothing. */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DB } from '../../electron/services/db/open';
import { createContext } from '../../electron/services/context';
import { importFile } from '../../electron/services/lists/importList';
import { scan } from '../../electron/services/handover/scan';
import { undoAction } from '../../electron/services/handover/undo';
import { holdEnvelopes } from '../../electron/services/returns/flags';
import { saveSettings } from '../../electron/services/settings';
import { HOLD_REASONS } from '../../shared/returns';
import { generateRows, toXlsx } from '../../bench/generate';
import { tempDir } from '../e2e/harness';
import { checkInvariants } from './invariants';

let sound = '';

beforeAll(() => {
  sound = path.join(tempDir(), 'sound.sqlite3');
  const db = openDatabase(sound);
  const ctx = createContext(db);
  saveSettings(ctx, { companyName: 'テスト', operatorName: '山田' });
  // Per person: a scanned household is an action over several envelopes.
  importFile(ctx, toXlsx(generateRows(60, 3)), 'list.xlsx', { insurerName: 'テスト', unit: 'person' });
  for (let n = 1; n <= 8; n++) scan(ctx, `01010101 ${String(n).padStart(7, '0')}`);
  undoAction(ctx, undefined);
  const pending = db.prepare(`SELECT id FROM envelopes WHERE status = 'pending' ORDER BY id DESC LIMIT 1`).pluck().get() as number;
  holdEnvelopes(ctx, { envelopeIds: [pending], reason: HOLD_REASONS[0] });
  db.close();
});

/**
 * A copy of the sound database, damaged by `damage` with the schema's guards out of the way. The triggers
 * that keep the counts stay unless `countsToo`: each damage then shows as the one rule it breaks.
 */
function damaged(damage: (db: DB) => void, countsToo = false): string[] {
  const file = path.join(tempDir(), 'damaged.sqlite3');
  fs.copyFileSync(sound, file);
  const db = openDatabase(file);
  try {
    db.pragma('foreign_keys = OFF');
    const guards = (db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger'`).all() as { name: string; sql: string }[]).filter(
      (g) => countsToo || !/^(envelope_counts|member_count)_/.test(g.name),
    );
    for (const g of guards) db.exec(`DROP TRIGGER ${g.name}`);
    damage(db);
    for (const g of guards) db.exec(g.sql);
    return checkInvariants(db);
  } finally {
    db.close();
  }
}

const handedOverId = (db: DB) => db.prepare(`SELECT id FROM envelopes WHERE status = 'handed_over' LIMIT 1`).pluck().get() as number;
const pendingId = (db: DB) => db.prepare(`SELECT id FROM envelopes WHERE status = 'pending' AND last_event_seq IS NULL LIMIT 1`).pluck().get() as number;

describe('checkInvariants', () => {
  it('finds nothing wrong in a database the services wrote (imports, scans, an undo, a hold)', () => {
    const db = openDatabase(sound);
    try {
      expect(db.prepare('SELECT COUNT(DISTINCT kind) FROM events').pluck().get()).toBe(3);
      expect(db.prepare('SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM events GROUP BY action_uid)').pluck().get()).toBeGreaterThan(1);
      expect(checkInvariants(db)).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('a status changed without its event', () => {
    expect(damaged((db) => db.prepare(`UPDATE envelopes SET status = 'handed_over' WHERE id = ?`).run(pendingId(db)))).toEqual([
      expect.stringMatching(/^an envelope untouched since import is pending/),
    ]);
    expect(damaged((db) => db.prepare(`UPDATE envelopes SET status = 'pending' WHERE id = ?`).run(handedOverId(db)))).toEqual([
      expect.stringMatching(/^an envelope's status is the to_status of its last event/),
    ]);
  });

  it('an event lost, or written without the status it sets', () => {
    const lost = damaged((db) => db.prepare(`DELETE FROM events WHERE seq = (SELECT last_event_seq FROM envelopes WHERE id = ?)`).run(handedOverId(db)));
    expect(lost.join('\n')).toMatch(/status is the to_status of its last event/);
    const unapplied = damaged((db) => {
      const id = pendingId(db);
      db.prepare(
        `INSERT INTO events (uid, action_uid, device_id, envelope_id, kind, from_status, to_status, at, operator)
         VALUES ('u1', 'a1', 'd', ?, 'handover', 'pending', 'handed_over', '2024-01-01T00:00:00.000Z', 'x')`,
      ).run(id);
    });
    expect(unapplied.join('\n')).toMatch(/untouched since import is pending and has no events/);
  });

  it('an event history that does not chain, or an action torn apart', () => {
    expect(damaged((db) => db.exec(`UPDATE events SET from_status = 'on_hold' WHERE seq = 1`)).join('\n')).toMatch(/each event starts where/);
    expect(damaged((db) => db.exec(
          `UPDATE events SET at = '2000-01-01T00:00:00.000Z'
            WHERE seq = (SELECT MIN(seq) FROM events WHERE action_uid = (SELECT action_uid FROM events GROUP BY action_uid HAVING COUNT(*) > 1 LIMIT 1))`,
        )).join('\n')).toMatch(/one action is one moment/);
  });

  it('an envelope without members, a member without envelope, a shipment stored in part', () => {
    expect(damaged((db) => db.exec(`DELETE FROM members WHERE envelope_id = (SELECT MAX(id) FROM envelopes)`)).join('\n')).toMatch(
      /no envelope without members/,
    );
    const orphan = damaged((db) => db.exec(`UPDATE members SET envelope_id = 999999 WHERE id = (SELECT MAX(id) FROM members)`));
    expect(orphan.join('\n')).toMatch(/foreign_key_check/);
    expect(orphan.join('\n')).toMatch(/no member without its envelope/);
    const partial = damaged((db) => db.exec(`DELETE FROM members; DELETE FROM envelopes;`));
    expect(partial.join('\n')).toMatch(/no shipment without envelopes/);
    expect(partial.join('\n')).toMatch(/events|event belongs/);
  });

  it('counts that drifted from the envelopes and members they count', () => {
    // A status written past the triggers: the envelope says handed over, the counts still pending.
    const drifted = damaged((db) => {
      const id = pendingId(db);
      const seq = db
        .prepare(
          `INSERT INTO events (uid, action_uid, device_id, envelope_id, kind, from_status, to_status, at, operator)
           VALUES ('u1', 'a1', 'd', ?, 'handover', 'pending', 'handed_over', '2024-01-01T00:00:00.000Z', 'x')`,
        )
        .run(id).lastInsertRowid;
      db.prepare(`UPDATE envelopes SET status = 'handed_over', last_event_seq = ? WHERE id = ?`).run(seq, id);
    }, true);
    expect(drifted.join('\n')).toMatch(/kept envelope counts equal a recount of the visible envelopes/);
    expect(drifted.join('\n')).toMatch(/handed_over count|counts do not add up/);
    expect(damaged((db) => db.exec(`UPDATE member_count SET n = n + 1`)).join('\n')).toMatch(/kept member count equals a recount of the visible members/);
    expect(damaged((db) => db.exec(`DROP TRIGGER envelope_counts_update`)).join('\n')).toMatch(/counts keep their triggers/);
  });

  it('a list marked as being copied in that the desk has already counted and worked on', () => {
    // Staging rows are invisible and uncounted (migration 8): a visible list turned staging shows both ways.
    const hidden = damaged((db) => {
      db.prepare('INSERT INTO staging_shipments (shipment_id, pid, started_at) SELECT id, ?, imported_at FROM shipments').run(process.pid);
    }).join('\n');
    expect(hidden).toMatch(/nobody has touched a list still being copied in/);
    expect(hidden).toMatch(/kept envelope counts equal a recount of the visible envelopes/);
    expect(hidden).toMatch(/kept member count equals a recount of the visible members/);
  });

  it('an audit trail without its guards', () => {
    const file = path.join(tempDir(), 'unguarded.sqlite3');
    fs.copyFileSync(sound, file);
    const db = openDatabase(file);
    try {
      db.exec('DROP TRIGGER events_no_delete');
      expect(checkInvariants(db)).toEqual([expect.stringMatching(/^the audit trail keeps its guards.*: \{"name":"events_no_delete"\}$/)]);
    } finally {
      db.close();
    }
  });

  it('a damaged file', () => {
    const file = path.join(tempDir(), 'torn.sqlite3');
    fs.copyFileSync(sound, file);
    // Overwrite one page in the middle of the file with garbage (the file is 4 KiB pages).
    const fd = fs.openSync(file, 'r+');
    const pages = Math.floor(fs.fstatSync(fd).size / 4096);
    fs.writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, Math.floor(pages / 2) * 4096);
    fs.closeSync(fd);
    let problems: string[];
    try {
      const db = openDatabase(file);
      try {
        problems = checkInvariants(db);
      } finally {
        db.close();
      }
    } catch (e) {
      problems = [`cannot check: ${(e as Error).message}`];
    }
    expect(problems.length).toBeGreaterThan(0);
  });
});
