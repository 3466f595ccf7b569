import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateRows, toShiftJisCsv } from '../../../bench/generate';
import type { ParsedMember } from '../../../shared/import';
import { memberSearchText } from '../../domain/searchText';
import { createContext } from '../context';
import { openDatabase, type DB } from '../db/open';
import { commitImport, importFile, previewImport } from './importList';
import { searchTextMaker } from './insertPlan';
import { memberKeys } from './keys';
import type { PlannedMember } from './plan';

function member(over: Partial<ParsedMember>): PlannedMember {
  const m: ParsedMember = {
    row: 2,
    symbol: '01010101',
    number: '0000001',
    branch: '00',
    insuredName: '髙橋 大輔',
    name: '髙橋 大輔',
    kana: 'ﾀｶﾊｼ ﾀﾞｲｽｹ',
    relation: '本人',
    birthDate: '1980-01-02',
    sex: '男',
    deptCode: '1001',
    deptName: '営業部',
    refNumber: '0101-0000001-00',
    documentKind: '',
    delivery: '',
    ...over,
  };
  return { ...m, ...memberKeys(m) };
}

describe('searchTextMaker', () => {
  // The search index reads what the import stored; both ways of folding must store the same text.
  it('gives what memberSearchText gives, for repeated and unusual fields alike', () => {
    const members = [
      member({}),
      member({ number: '0000002', name: '山﨑　さくら', kana: 'ヤマザキ　サクラ', insuredName: '山﨑 健一' }),
      member({ number: '0000002', branch: '01', name: '山﨑　さくら', kana: 'ﾔﾏｻﾞｷ ｻｸﾗ', insuredName: '' }),
      member({ symbol: 'Ａ１２', number: '１２３', branch: '', deptCode: '', deptName: '' }),
      member({ symbol: 'ｶ-12', number: '00 7', branch: '０１', deptCode: 'Ｂ－２', deptName: 'ｿｳﾑﾌﾞ　一課' }),
      member({ name: 'か ゙', kana: 'ｶﾞｰﾃﾞﾝ', insuredName: '齋藤ー郎' }),
      member({ name: '', kana: '', insuredName: '', symbol: '', number: '', branch: '' }),
    ];
    const searchText = searchTextMaker();
    for (const m of [...members, ...members]) expect(searchText(m)).toBe(memberSearchText(m));
  });
});

describe('a list bigger than what is stored', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  function newCtx() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubaru-import-'));
    dirs.push(dir);
    return createContext(openDatabase(path.join(dir, 'k.sqlite3')));
  }
  const indexes = (db: DB) => db.prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'index' ORDER BY name`).all();
  // Big enough that the plain indexes are rebuilt after the rows are in rather than kept up to date.
  const list = toShiftJisCsv(generateRows(10000, 7));

  it('ends with every index as the schema has it, consistent with the rows', () => {
    const ctx = newCtx();
    const before = indexes(ctx.db);
    const s = importFile(ctx, list, 'big.csv', { insurerName: '大きな健保組合' });
    expect(s.counts.members).toBe(10000);
    expect(s.counts.envelopes).toBeGreaterThan(5000);
    expect(indexes(ctx.db)).toEqual(before);
    expect(ctx.db.pragma('integrity_check', { simple: true })).toBe('ok');
    // Ids run on from the first import's, as SQLite would hand them out, and every member finds its envelope.
    importFile(ctx, list, 'big.csv', { insurerName: '別の健保組合' });
    const ids = ctx.db.prepare('SELECT MIN(id), MAX(id), COUNT(*) FROM envelopes').raw().get();
    expect(ids).toEqual([1, s.counts.envelopes * 2, s.counts.envelopes * 2]);
    const orphans = ctx.db.prepare('SELECT COUNT(*) FROM members m LEFT JOIN envelopes e ON e.id = m.envelope_id WHERE e.id IS NULL').pluck().get();
    expect(orphans).toBe(0);
    expect(ctx.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('a failure after the indexes were dropped leaves them, and nothing else, behind', () => {
    const ctx = newCtx();
    const before = indexes(ctx.db);
    const p = previewImport(ctx, { fileName: 'big.csv', bytes: list, insurerName: '大きな健保組合' });
    ctx.db.exec(`CREATE TEMP TRIGGER fail_late BEFORE INSERT ON members WHEN NEW.source_row > 9000
                 BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    expect(() =>
      commitImport(ctx, { previewId: p.previewId, insurerName: p.insurerName, insurerNumber: null, unit: p.unit, receivedOn: null, boxCount: null }),
    ).toThrow(/disk full/);
    expect(indexes(ctx.db)).toEqual(before);
    expect(ctx.db.prepare('SELECT COUNT(*) FROM members').pluck().get()).toBe(0);
    expect(ctx.db.prepare('SELECT COUNT(*) FROM envelopes').pluck().get()).toBe(0);
  });
});
