import path from 'node:path';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { openDatabase, type DB } from '../../electron/services/db/open';
import { createContext, type ServiceContext } from '../../electron/services/context';
import { commitImport, importFile, listShipments, previewImport } from '../../electron/services/lists/importList';
import { getStatus } from '../../electron/services/status';
import { dispatch } from '../../electron/services/handlers';
import { readFixture } from '../fixtures';
import { tempDir } from '../e2e/harness';

const newCtx = (): ServiceContext => createContext(openDatabase(path.join(tempDir(), 'k.sqlite3')));
const utf8 = (s: string) => new Uint8Array(Buffer.from('\ufeff' + s, 'utf8'));

/** Every text value in every table, to prove what is (not) stored. */
function dumpAllText(db: DB): string {
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[];
  return tables.map((t) => JSON.stringify(db.prepare(`SELECT * FROM "${t}"`).all())).join('\n');
}

function tableCounts(db: DB) {
  const n = (t: string) => db.prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get();
  return { insurers: n('insurers'), shipments: n('shipments'), envelopes: n('envelopes'), members: n('members'), events: n('events') };
}

const EMPTY = { insurers: 0, shipments: 0, envelopes: 0, members: 0, events: 0 };

describe('importing the fixtures', () => {
  it('kenpo-household.xlsx: 48 household envelopes, 94 members, insurer from the title rows', () => {
    const ctx = newCtx();
    const s = importFile(ctx, readFixture('kenpo-household.xlsx'), 'kenpo-household.xlsx', {});
    expect(s.unit).toBe('household');
    expect(s.insurerName).toBe('サンプル電機健康保険組合');
    expect(s.counts).toMatchObject({ envelopes: 48, members: 94, households: 48 });
    expect(getStatus(ctx)).toMatchObject({ envelopes: { total: 48, pending: 48 }, members: 94 });
    const ins = ctx.db.prepare('SELECT insurer_number FROM insurers').pluck().get();
    expect(ins).toBe('06139999');
    // A household envelope holds the whole family and goes to the insured person.
    const env = ctx.db
      .prepare(`SELECT e.holder_name, e.symbol, e.number, COUNT(m.id) n FROM envelopes e JOIN members m ON m.envelope_id = e.id WHERE e.number = '12345601' GROUP BY e.id`)
      .get() as { holder_name: string; symbol: string; n: number };
    expect(env).toMatchObject({ holder_name: '松本　太郎', symbol: '1234', n: 4 });
  });

  it('kyokai-person.csv: 152 person envelopes, leading zeros kept', () => {
    const ctx = newCtx();
    const s = importFile(ctx, readFixture('kyokai-person.csv'), 'kyokai-person.csv', {});
    expect(s.unit).toBe('person');
    expect(s.counts.envelopes).toBe(152);
    expect(s.counts.members).toBe(152);
    expect(s.counts.households).toBe(90);
    const first = ctx.db.prepare(`SELECT symbol, number, branch FROM members ORDER BY source_row LIMIT 1`).get();
    expect(first).toEqual({ symbol: '01010101', number: '0000001', branch: '00' });
  });

  it('the Shift_JIS file gives exactly what the UTF-8 file gives (髙 intact, kana as written)', () => {
    const a = newCtx();
    const b = newCtx();
    importFile(a, readFixture('kyokai-person.csv'), 'a.csv', {});
    importFile(b, readFixture('kyokai-person-sjis.csv'), 'b.csv', {});
    const q = `SELECT symbol, number, branch, name, insured_name, relation, birth_date, dept_code, search_text FROM members ORDER BY source_row`;
    const ra = a.db.prepare(q).all() as { name: string; search_text: string }[];
    const rb = b.db.prepare(q).all() as { name: string; search_text: string }[];
    expect(rb).toEqual(ra); // search text folds half-width kana, so even that is equal
    expect(rb[0]!.name).toBe('髙橋 大輔');
    const kana = b.db.prepare(`SELECT kana FROM members ORDER BY source_row LIMIT 1`).pluck().get();
    expect(kana).toBe('ﾀｶﾊｼ ﾀﾞｲｽｹ');
  });
});

describe('later shipments', () => {
  it('the same file again changes nothing and says so', () => {
    const ctx = newCtx();
    importFile(ctx, readFixture('kyokai-person.csv'), 'kyokai-person.csv', {});
    const before = tableCounts(ctx.db);
    const again = importFile(ctx, readFixture('kyokai-person.csv'), 'kyokai-person.csv', {});
    expect(again.notice).toMatch(/取込済み/);
    expect(tableCounts(ctx.db)).toEqual(before);
    const p = previewImport(ctx, { fileName: 'kyokai-person.csv', bytes: readFixture('kyokai-person.csv') });
    expect(p.alreadyImported).not.toBeNull();
    expect(() => commitImport(ctx, { previewId: p.previewId, insurerName: p.insurerName, insurerNumber: null, unit: p.unit, receivedOn: null, boxCount: null })).toThrow(/取込済み/);
    expect(tableCounts(ctx.db)).toEqual(before);
  });

  it('a later list adds only its new members and reports the known ones with their shipment', () => {
    const ctx = newCtx();
    const header = '記号,番号,枝番,被保険者氏名,対象者氏名,続柄,所属コード\n';
    importFile(ctx, utf8(header + '01010101,0000001,00,山田 太郎,山田 太郎,本人,1001\n01010101,0000002,00,鈴木 花子,鈴木 花子,本人,1002\n'), 'july.csv', {});
    const p = previewImport(ctx, {
      fileName: 'december.csv',
      bytes: utf8(header + '01010101,1,00,山田 太郎,山田 太郎,本人,1001\n01010101,0000003,00,佐藤 一郎,佐藤 一郎,本人,1001\n01010101,0000003,01,佐藤 一郎,佐藤 花,妻,1001\n'),
    });
    expect(p.insurerName).toBe('協会けんぽ');
    expect(p.counts).toEqual({ envelopes: 2, members: 2, households: 1, knownMembers: 1, direct: 0 });
    // Leading zeros do not matter for recognising a member.
    expect(p.knownMembers).toEqual([expect.objectContaining({ row: 2, name: '山田 太郎', fileName: 'july.csv' })]);
    const s = commitImport(ctx, { previewId: p.previewId, insurerName: p.insurerName, insurerNumber: null, unit: 'person', receivedOn: '2024-12-10', boxCount: 1 });
    expect(s.counts.members).toBe(2);
    expect(getStatus(ctx)).toMatchObject({ envelopes: { total: 4 }, members: 4 });
    const shipments = listShipments(ctx);
    expect(shipments.map((x) => [x.fileName, x.envelopes, x.receivedOn, x.boxCount])).toEqual([
      ['december.csv', 2, '2024-12-10', 1],
      ['july.csv', 2, null, null],
    ]);
  });

  it('a household that gets a new dependent later receives a second envelope', () => {
    const ctx = newCtx();
    const header = '記号,番号,枝番,被保険者氏名,対象者氏名,続柄\n';
    importFile(ctx, utf8(header + '1234,100,00,山田 太郎,山田 太郎,本人\n'), 'a.csv', { insurerName: 'テスト健康保険組合' });
    const s = importFile(ctx, utf8(header + '1234,100,01,山田 太郎,山田 花子,妻\n'), 'b.csv', { insurerName: 'テスト健康保険組合' });
    expect(s.unit).toBe('household');
    expect(s.counts).toMatchObject({ envelopes: 1, members: 1 });
    expect(getStatus(ctx).envelopes.total).toBe(2);
  });

  it('a 記号 with letters is text: A1 and B1 with one 番号 are two households', () => {
    const ctx = newCtx();
    const header = '記号,番号,枝番,被保険者氏名,対象者氏名,続柄\n';
    const s = importFile(ctx, utf8(header + 'A1,5,00,山田 太郎,山田 太郎,本人\nB1,5,00,鈴木 一郎,鈴木 一郎,本人\nＡ１,5,01,山田 太郎,山田 花子,妻\n'), 'letters.csv', {
      insurerName: 'テスト健康保険組合',
      unit: 'household',
    });
    expect(s.counts).toMatchObject({ envelopes: 2, members: 3 });
    const households = ctx.db.prepare('SELECT symbol, COUNT(*) AS n FROM members GROUP BY envelope_id ORDER BY symbol').raw().all();
    expect(households).toEqual([
      ['A1', 2],
      ['B1', 1],
    ]);
  });
});

describe('problem rows and privacy', () => {
  it('a My Number column never reaches the database', () => {
    const ctx = newCtx();
    const s = importFile(ctx, readFixture('bad/mynumber-column.csv'), 'mynumber-column.csv', {});
    expect(s.ignoredColumns).toEqual(['個人番号']);
    expect(s.counts.members).toBe(5);
    const myNumbers = Buffer.from(readFixture('bad/mynumber-column.csv')).toString('utf8').match(/\b\d{12}\b/g)!;
    expect(myNumbers).toHaveLength(5);
    const stored = dumpAllText(ctx.db);
    for (const n of myNumbers) expect(stored).not.toContain(n);
    // No 12-digit number at all outside hex digests (file hashes, ids).
    expect(stored).not.toMatch(/(?<![0-9a-f-])\d{12}(?![0-9a-f-])/);
  });

  it('missing 番号: that row is reported by number and the rest imported', () => {
    const ctx = newCtx();
    const s = importFile(ctx, readFixture('bad/missing-number.csv'), 'missing-number.csv', {});
    expect(s.problems).toEqual([{ row: 3, reason: expect.stringContaining('番号') }]);
    expect(s.counts.members).toBe(2);
  });

  it('duplicates: one envelope for the exact duplicate, the conflict reported with both rows', () => {
    const ctx = newCtx();
    const p = previewImport(ctx, { fileName: 'duplicates.csv', bytes: readFixture('bad/duplicates.csv') });
    expect(p.mergedDuplicates).toEqual([{ row: 4, sameAs: 2 }]);
    expect(p.problems.map((x) => x.row).sort()).toEqual([3, 5]);
    expect(p.problems.find((x) => x.row === 3)!.reason).toContain('5');
    expect(p.counts.envelopes).toBe(1);
  });

  it('formula-looking cells are stored as plain text', () => {
    const ctx = newCtx();
    importFile(ctx, readFixture('bad/formula-injection.csv'), 'f.csv', {});
    const m = ctx.db.prepare('SELECT insured_name, name, kana, dept_code FROM members').get();
    expect(m).toEqual({ insured_name: '=HYPERLINK("http://example.invalid","x")', name: '=1+2', kana: '+ﾃｽﾄ', dept_code: '@SUM(A1)' });
  });

  it.each([
    ['bad/empty.csv', /取り込む行がありません/],
    ['bad/header-only.csv', /取り込む行がありません/],
    ['bad/unrelated-table.csv', /商品コード/],
    ['bad/garbage.xlsx', /ファイルを読めません/],
    ['bad/truncated.xlsx', /ファイルを読めません/],
  ])('%s: a clear message through the API, nothing stored', async (name, message) => {
    const ctx = newCtx();
    const r = await dispatch(ctx, 'previewImport', { fileName: path.basename(name), bytes: readFixture(name) });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
    expect(tableCounts(ctx.db)).toEqual(EMPTY);
  });
});

describe('column mapping', () => {
  const odd = (rows: string) => utf8('被保険者記号,被保険者番号,Edaban,Shimei,Shozoku\n' + rows);

  it('asks when columns are not recognised, and remembers the choice for the insurer', async () => {
    const ctx = newCtx();
    const p = previewImport(ctx, { fileName: 'odd.csv', bytes: odd('1234,100,00,山田 太郎,1001\n'), insurerName: '独自健康保険組合' });
    expect(p.missingFields.length).toBeGreaterThan(0);
    const mapping = { symbol: 0, number: 1, branch: 2, name: 3, deptCode: 4 };
    const mapped = previewImport(ctx, { fileName: 'odd.csv', bytes: odd('1234,100,00,山田 太郎,1001\n'), insurerName: '独自健康保険組合', mapping });
    expect(mapped.missingFields).toEqual([]);
    expect(mapped.counts.members).toBe(1);
    commitImport(ctx, { previewId: mapped.previewId, insurerName: '独自健康保険組合', insurerNumber: null, unit: 'household', receivedOn: null, boxCount: null });

    const next = previewImport(ctx, { fileName: 'odd2.csv', bytes: odd('1234,200,00,鈴木 一郎,2001\n'), insurerName: '独自健康保険組合' });
    expect(next.mappingRemembered).toBe(true);
    expect(next.missingFields).toEqual([]);
    expect(next.byDept).toEqual([{ deptCode: '2001', deptName: '', envelopes: 1, members: 1 }]);
  });
});

describe('all or nothing', () => {
  it('a failure in the middle of storing leaves nothing behind', () => {
    const ctx = newCtx();
    const p = previewImport(ctx, { fileName: 'kyokai-person.csv', bytes: readFixture('kyokai-person.csv') });
    // Make the 100th member insert fail, as a full disk or a crash would.
    ctx.db.exec(`CREATE TEMP TRIGGER fail_late BEFORE INSERT ON members WHEN (SELECT COUNT(*) FROM members) >= 99
                 BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    expect(() => commitImport(ctx, { previewId: p.previewId, insurerName: p.insurerName, insurerNumber: null, unit: 'person', receivedOn: null, boxCount: null })).toThrow(/disk full/);
    expect(tableCounts(ctx.db)).toEqual(EMPTY);
  });

  it('an xlsx whose 番号 Excel stored as numbers keeps the width of the list', () => {
    const ctx = newCtx();
    const ws = XLSX.utils.aoa_to_sheet([
      ['記号', '番号', '枝番', '氏名'],
      ['01010101', '0000010', '00', '山田 太郎'],
      ['01010101', 11, '00', '鈴木 花子'],
    ]);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'list');
    const bytes = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    importFile(ctx, bytes, 'n.xlsx', {});
    expect(ctx.db.prepare('SELECT number FROM members ORDER BY source_row').pluck().all()).toEqual(['0000010', '0000011']);
  });
});
