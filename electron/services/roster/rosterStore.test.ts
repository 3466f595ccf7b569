import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFixture } from '../../../test/fixtures';
import { createContext, type ServiceContext } from '../context';
import { openDatabase } from '../db/open';
import { ImportError } from '../sheet/errors';
import { saveSettings } from '../settings';
import { parseRoster } from './parseRoster';
import { currentRoster, storeRosterFile, storedOrThrow, storeRoster } from './rosterStore';

const NOW = new Date('2024-10-01T09:00:00+09:00');
const utf8 = (s: string) => new TextEncoder().encode(s);

function newCtx(): ServiceContext {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubaru-roster-'));
  return createContext(openDatabase(path.join(dir, 'k.sqlite3')), () => NOW);
}

const counts = (ctx: ServiceContext) => ({
  imports: ctx.db.prepare('SELECT COUNT(*) FROM roster_imports').pluck().get(),
  entries: ctx.db.prepare('SELECT COUNT(*) FROM roster_entries').pluck().get(),
});

describe('storeRosterFile', () => {
  it('stores the roster with who imported it, and it is the roster in force', () => {
    const ctx = newCtx();
    saveSettings(ctx, { companyName: 'テスト', operatorName: '人事 花子' });
    const r = storedOrThrow(storeRosterFile(ctx, readFixture('roster.csv'), 'roster.csv'));
    expect(r).toMatchObject({ entries: 52, problems: [], ignoredColumns: [] });
    expect(currentRoster(ctx.db)).toEqual({
      id: r.rosterImportId,
      fileName: 'roster.csv',
      importedAt: NOW.toISOString(),
      importedBy: '人事 花子',
      entries: 52,
      // no list yet: the roster speaks of no particular insurer
      insurerId: null,
      insurerName: null,
    });
    const e = ctx.db
      .prepare(`SELECT employee_id, employee_key, employed, left_on, symbol, number, symbol_key, number_key FROM roster_entries WHERE employee_id = 'E10004'`)
      .get();
    expect(e).toEqual({
      employee_id: 'E10004',
      employee_key: 'E10004',
      employed: 0,
      left_on: '2024-08-15',
      symbol: '1234',
      number: '12345603',
      symbol_key: '1234',
      number_key: '12345603',
    });
  });

  it('a later roster replaces the one in force; the earlier stays on record', () => {
    const ctx = newCtx();
    const first = storedOrThrow(storeRosterFile(ctx, readFixture('roster.csv'), 'roster.csv', { operator: '山田' }));
    const second = storedOrThrow(storeRosterFile(ctx, utf8('社員番号,氏名\nA1,山田 太郎\n'), 'roster-new.csv', { operator: '佐藤' }));
    expect(second.rosterImportId).toBeGreaterThan(first.rosterImportId);
    expect(currentRoster(ctx.db)).toMatchObject({ id: second.rosterImportId, fileName: 'roster-new.csv', importedBy: '佐藤', entries: 1 });
    expect(counts(ctx)).toEqual({ imports: 2, entries: 53 });
  });

  it('a file that is not a roster stores nothing and leaves the roster in force alone', () => {
    const ctx = newCtx();
    const first = storedOrThrow(storeRosterFile(ctx, readFixture('roster.csv'), 'roster.csv'));
    for (const [name, bytes] of [
      ['garbage.xlsx', readFixture('bad/garbage.xlsx')],
      ['truncated.xlsx', readFixture('bad/truncated.xlsx')],
      ['list.xlsx', readFixture('kenpo-household.xlsx')],
      ['empty.csv', readFixture('bad/empty.csv')],
      ['bad-rows.csv', utf8('社員番号,氏名\n,山田 太郎\nA2,\n')],
    ] as const) {
      expect(() => storedOrThrow(storeRosterFile(ctx, bytes, name)), name).toThrow(ImportError);
    }
    expect(() => storeRosterFile(ctx, utf8('社員番号,氏名\n,山田 太郎\nA2,\n'), 'x.csv')).toThrow(
      '取り込める社員の行がありません（2行目: 社員番号がありません／3行目: 氏名がありません）',
    );
    expect(counts(ctx)).toEqual({ imports: 1, entries: 52 });
    expect(currentRoster(ctx.db)?.id).toBe(first.rosterImportId);
  });

  it('an entry that cannot be written takes the whole import back with it', () => {
    const ctx = newCtx();
    const parsed = parseRoster(utf8('社員番号,氏名\nA1,山田 太郎\nA2,佐藤 花子\n'), 'r.csv');
    // Two entries with one key cannot both be stored: the second insert fails after the first succeeded.
    parsed.entries[1]!.employeeKey = parsed.entries[0]!.employeeKey;
    expect(() => storeRoster(ctx, parsed, { fileName: 'r.csv', sha256: 'x', operator: '山田', insurerId: null })).toThrow();
    expect(counts(ctx)).toEqual({ imports: 0, entries: 0 });
    expect(currentRoster(ctx.db)).toBeNull();
  });
});
