/**
 * Issue #7: 10,000 scans in a row through the services and memory stays flat. Speed is not asserted here
 * (no wall-clock assertions in tests): `npm run bench` reports the same soak's p99 as soakScanP99Ms.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/services/db/open';
import { createContext } from '../../electron/services/context';
import { importFile } from '../../electron/services/lists/importList';
import { saveSettings } from '../../electron/services/settings';
import { generateRows, toShiftJisCsv } from '../../bench/generate';
import { SOAK_SCANS, soakScans } from '../../bench/soak';
import { tempDir } from '../e2e/harness';
import { checkInvariants } from './invariants';

/** Heap growth from scan 1,000 to 10,000 that counts as a leak: about 400 bytes a scan. */
const MAX_GROWTH_MB = 4;

describe('soak: 10,000 scans in a row (issue #7)', () => {
  it('keeps the heap flat and every scan right', { timeout: 180_000 }, () => {
    const db = openDatabase(path.join(tempDir(), 'soak.sqlite3'));
    try {
      const ctx = createContext(db);
      saveSettings(ctx, { companyName: '株式会社ソーク', operatorName: '総務部 山田' });
      const summary = importFile(ctx, toShiftJisCsv(generateRows(10_000, 11)), 'soak.csv', { insurerName: 'ソーク健保組合' });
      expect(summary.counts.members).toBe(10_000);

      const s = soakScans(ctx);
      expect(s.times).toHaveLength(SOAK_SCANS);
      expect(s.surprises).toEqual([]);
      // The mix the soak is meant to be: thousands of hand-overs, thousands of repeats, some strangers.
      expect(s.outcomes.handed_over).toBeGreaterThan(3_000);
      expect(s.outcomes.already_handed_over).toBeGreaterThan(2_000);
      expect(s.outcomes.unknown).toBeGreaterThan(500);
      const growth = s.heapAtEndMb - s.heapAtWarmMb;
      console.log(
        `soak: heap ${s.heapAtWarmMb.toFixed(2)} MB at scan 1,000, ${s.heapAtEndMb.toFixed(2)} MB at ${SOAK_SCANS}` +
          ` (growth ${growth.toFixed(2)} MB); ${JSON.stringify(s.outcomes)}`,
      );
      expect(growth).toBeLessThan(MAX_GROWTH_MB);

      // Every green is one hand-over action in the database, and nothing else changed.
      const actions = db.prepare(`SELECT COUNT(DISTINCT action_uid) FROM events WHERE kind = 'handover'`).pluck().get();
      expect(actions).toBe(s.outcomes.handed_over);
      expect(db.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(
        db.prepare(`SELECT COUNT(*) FROM envelopes WHERE status = 'handed_over'`).pluck().get(),
      );
      expect(checkInvariants(db)).toEqual([]);
    } finally {
      db.close();
    }
  });
});
