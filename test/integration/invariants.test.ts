/**
 * Invariants the code asserts, and the indexes the scan path relies on: a 100,000-member list makes a
 * full table scan at every scan visible at the desk, long before a test with 152 members would notice.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, prepareCached, preparedSql } from '../../electron/services/db/open';
import { createContext, type ServiceContext } from '../../electron/services/context';
import { importFile } from '../../electron/services/lists/importList';
import { scan } from '../../electron/services/handover/scan';
import { writeTransitions } from '../../electron/services/handover/transitions';
import { storeRosterFile } from '../../electron/services/roster/rosterStore';
import { saveSettings } from '../../electron/services/settings';
import { readFixture, repoRoot } from '../fixtures';
import { tempDir } from '../e2e/harness';

function withList(): ServiceContext {
  const ctx = createContext(openDatabase(path.join(tempDir(), 'k.sqlite3')), () => new Date('2024-10-01T09:00:00+09:00'));
  saveSettings(ctx, { companyName: 'テスト', operatorName: '山田' });
  importFile(ctx, readFixture('kenpo-household.xlsx'), 'kenpo-household.xlsx', {});
  storeRosterFile(ctx, readFixture('roster.csv'), 'roster.csv');
  return ctx;
}

const planOf = (ctx: ServiceContext, sql: string): string[] =>
  (ctx.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array<null>((sql.match(/\?/g) ?? []).length).fill(null)) as { detail: string }[]).map(
    (r) => r.detail,
  );

describe('the scan path uses its indexes', () => {
  it('every lookup of a scan (整理番号, 記号番号 with and without 枝番, 社員番号) searches an index, never scans a big table', () => {
    const ctx = withList();
    for (const code of ['1234-12345601-00', '1234 12345602 00', '1234 12345605', 'E10010']) scan(ctx, code);
    const lookups = preparedSql(ctx.db).filter((sql) => /^\s*SELECT/i.test(sql) && /\bWHERE\b/i.test(sql));
    const byRef = lookups.find((sql) => sql.includes('ref_key = ?'));
    expect(byRef).toBeDefined();
    // The partial index members_ref serves only a query that repeats its WHERE (ref_key <> '').
    expect(planOf(ctx, byRef!).join(' / ')).toMatch(/SEARCH members USING INDEX members_ref/);
    expect(lookups.length).toBeGreaterThan(5);
    for (const sql of lookups) {
      for (const step of planOf(ctx, sql)) {
        expect(step, sql).not.toMatch(/^SCAN (members|envelopes|events|roster_entries|m|e|v)\b(?! USING)/);
      }
    }
  });
});

describe('writeTransitions', () => {
  it('refuses to run outside a transaction, and writes nothing then', () => {
    const ctx = withList();
    const id = ctx.db.prepare('SELECT MIN(id) FROM envelopes').pluck().get() as number;
    expect(() => writeTransitions(ctx, { operator: '山田' }, [{ envelopeId: id, from: 'pending', to: 'handed_over', kind: 'handover' }])).toThrow(
      /inside a transaction/,
    );
    expect(ctx.db.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(0);
  });
});

describe('prepared statements', () => {
  it('a cached statement comes back in its plain mode after someone plucked it', () => {
    const ctx = withList();
    const sql = 'SELECT COUNT(*) AS n FROM envelopes';
    expect(prepareCached(ctx.db, sql).pluck().get()).toBe(48);
    expect(prepareCached(ctx.db, sql).get()).toEqual({ n: 48 });
  });

  it('services prepare statements one way: prepareCached (only the database plumbing in services/db/ calls db.prepare)', () => {
    const root = path.join(repoRoot, 'electron');
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (/\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) && path.dirname(file) !== path.join(root, 'services', 'db')) {
          fs.readFileSync(file, 'utf8')
            .split('\n')
            .forEach((line, i) => {
              if (/\.prepare\s*[<(]/.test(line)) offenders.push(`${path.relative(repoRoot, file)}:${i + 1}`);
            });
        }
      }
    };
    walk(root);
    expect(offenders).toEqual([]);
  });
});
