import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import Encoding from 'encoding-japanese';
import fc from 'fast-check';
import { readFixture } from '../../../test/fixtures';
import type { ParsedList } from '../../../shared/import';
import { searchKey } from '../../domain/normalize';
import { insuranceKey, memberKeys } from './keys';
import { ImportError, parseList } from './parseList';
import { MAX_IMPORT_BYTES } from '../sheet/limits';

// ---- helpers -------------------------------------------------------------------------------

const utf8 = (s: string) => new TextEncoder().encode(s);
const sjis = (s: string) => Uint8Array.from(Encoding.convert(Encoding.stringToCode(s), { to: 'SJIS', from: 'UNICODE' }));

function workbook(sheets: [string, XLSX.WorkSheet][], bookType: XLSX.BookType = 'xlsx'): Uint8Array {
  const wb = XLSX.utils.book_new();
  for (const [name, ws] of sheets) XLSX.utils.book_append_sheet(wb, ws, name);
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType }) as ArrayBuffer);
}

const sheet = (rows: unknown[][]) => XLSX.utils.aoa_to_sheet(rows);

function importError(fn: () => unknown): ImportError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ImportError) return e;
    throw e;
  }
  throw new Error('no ImportError thrown');
}

/** Every row with member data is accounted for exactly once. */
function expectAccounted(r: ParsedList): void {
  const rows = [...r.members.map((m) => m.row), ...r.mergedDuplicates.map((d) => d.row), ...r.problems.map((p) => p.row)];
  expect(new Set(rows).size).toBe(rows.length);
  expect(rows.length).toBe(r.totalDataRows);
}

const TWELVE_DIGITS = /\d{12}/;

// ---- the shared fixtures -------------------------------------------------------------------

describe('kenpo-household.xlsx (健保組合, title rows above the header)', () => {
  const r = parseList(readFixture('kenpo-household.xlsx'), 'kenpo-household.xlsx');

  it('finds the header on row 5 below the title rows', () => {
    expect(r.format).toBe('xlsx');
    expect(r.encoding).toBeNull();
    expect(r.sheetName).toBe('送付対象者リスト');
    expect(r.headerRow).toBe(5);
    expect(r.missingFields).toEqual([]);
    expect(r.headers).toContain('No.');
    expect(r.mapping).toMatchObject({ deptCode: 1, deptName: 2, symbol: 3, number: 4, branch: 5, insuredName: 6, name: 7, kana: 8, relation: 9, birthDate: 10, refNumber: 11 });
  });

  it('reads 94 members in 48 households, all with 記号 1234', () => {
    expect(r.members).toHaveLength(94);
    expect(new Set(r.members.map((m) => insuranceKey(memberKeys(m)))).size).toBe(48);
    expect(new Set(r.members.map((m) => m.symbol))).toEqual(new Set(['1234']));
    expect(r.problems).toEqual([]);
    expect(r.totalDataRows).toBe(94);
    expectAccounted(r);
  });

  it('keeps the row numbers the clerk sees and converts 和暦 birth dates', () => {
    expect(r.members[0]).toMatchObject({
      row: 6,
      number: '12345600',
      branch: '00',
      name: '齋藤　拓也',
      kana: 'サイトウ　タクヤ',
      birthDate: '1966-03-14',
      refNumber: '1234-12345600-00',
    });
    expect(r.members.at(-1)?.row).toBe(99);
  });

  it('reads insurer and employer from the title rows and proposes household envelopes', () => {
    expect(r.insurerName).toBe('サンプル電機健康保険組合');
    expect(r.insurerNumber).toBe('06139999');
    expect(r.companyName).toBe('株式会社サンプル電機');
    expect(r.proposedUnit).toBe('household');
  });

  it('previews the first 8 data rows as displayed', () => {
    expect(r.preview).toHaveLength(8);
    expect(r.preview[0]?.slice(3, 6)).toEqual(['1234', '12345600', '00']);
  });
});

describe('kyokai-person.csv (協会けんぽ, UTF-8 with BOM)', () => {
  const r = parseList(readFixture('kyokai-person.csv'), 'kyokai-person.csv');

  it('reads 152 members in 90 households with codes as text', () => {
    expect(r.format).toBe('csv');
    expect(r.encoding).toBe('utf-8');
    expect(r.headerRow).toBe(1);
    expect(r.members).toHaveLength(152);
    expect(new Set(r.members.map((m) => insuranceKey(memberKeys(m)))).size).toBe(90);
    expect(r.members[0]).toMatchObject({ row: 2, symbol: '01010101', number: '0000001', branch: '00', name: '髙橋 大輔', birthDate: '1992-10-18', sex: '男', deptCode: '1002' });
    expect(r.problems).toEqual([]);
    expect(r.proposedUnit).toBe('person');
    expect(r.insurerName).toBeNull();
    expectAccounted(r);
  });
});

describe('kyokai-person-sjis.csv (Shift_JIS, CRLF, half-width kana)', () => {
  const r = parseList(readFixture('kyokai-person-sjis.csv'), 'kyokai-person-sjis.csv');
  const u = parseList(readFixture('kyokai-person.csv'), 'kyokai-person.csv');

  it('gives the same members as the UTF-8 file, 髙 intact', () => {
    expect(r.encoding).toBe('shift_jis');
    expect(r.members).toHaveLength(152);
    const withoutKana = (l: ParsedList) => l.members.map(({ kana: _kana, ...rest }) => rest);
    expect(withoutKana(r)).toEqual(withoutKana(u));
    expect(r.members[0]?.name).toBe('髙橋 大輔');
  });

  it('keeps the kana half-width as written, yet searchable like the full-width file', () => {
    expect(r.members[0]?.kana).toBe('ﾀｶﾊｼ ﾀﾞｲｽｹ');
    r.members.forEach((m, i) => {
      expect(searchKey(m.kana)).toBe(searchKey(u.members[i]?.kana ?? ''));
    });
    expect(searchKey(r.members[0]?.kana ?? '')).toBe(searchKey('たかはし　だいすけ'));
  });
});

describe('fixtures in bad/', () => {
  it('empty.csv: nothing to import', () => {
    expect(importError(() => parseList(readFixture('bad/empty.csv'), 'empty.csv')).message).toMatch(/取り込む行がありません/);
  });

  it('header-only.csv: nothing to import', () => {
    expect(importError(() => parseList(readFixture('bad/header-only.csv'), 'header-only.csv')).message).toBe('取り込む行がありません');
  });

  it('unrelated-table.csv: names what is missing and the columns it did find', () => {
    const e = importError(() => parseList(readFixture('bad/unrelated-table.csv'), 'unrelated-table.csv'));
    expect(e.message).toContain('記号・番号・氏名');
    expect(e.message).toContain('見つかった列: 商品コード, 商品名, 単価');
  });

  it('mynumber-column.csv: imports the list and never returns a 12-digit number', () => {
    const r = parseList(readFixture('bad/mynumber-column.csv'), 'mynumber-column.csv');
    expect(r.members).toHaveLength(5);
    expect(r.ignoredColumns).toEqual(['個人番号']);
    expect(r.headers[10]).toBe('個人番号');
    expect(r.preview.every((row) => row[10] === '')).toBe(true);
    expect(Object.values(r.mapping)).not.toContain(10);
    expect(TWELVE_DIGITS.test(JSON.stringify(r))).toBe(false);
  });

  it('duplicates.csv: merges the exact duplicate and reports the conflicting pair by row number', () => {
    const r = parseList(readFixture('bad/duplicates.csv'), 'duplicates.csv');
    expect(r.members.map((m) => m.row)).toEqual([2]);
    expect(r.mergedDuplicates).toEqual([{ row: 4, sameAs: 2 }]);
    expect(r.problems).toEqual([
      { row: 3, reason: '5行目と同じ記号・番号・枝番で氏名が異なります' },
      { row: 5, reason: '3行目と同じ記号・番号・枝番で氏名が異なります' },
    ]);
    expectAccounted(r);
  });

  it('missing-number.csv: reports row 3 and imports the rest', () => {
    const r = parseList(readFixture('bad/missing-number.csv'), 'missing-number.csv');
    expect(r.problems).toEqual([{ row: 3, reason: '番号がありません' }]);
    expect(r.members.map((m) => m.row)).toEqual([2, 4]);
  });

  it('formula-injection.csv: keeps formulas as literal text', () => {
    const r = parseList(readFixture('bad/formula-injection.csv'), 'formula-injection.csv');
    expect(r.members).toHaveLength(1);
    expect(r.members[0]).toMatchObject({
      name: '=1+2',
      insuredName: '=HYPERLINK("http://example.invalid","x")',
      kana: '+ﾃｽﾄ',
      deptCode: '@SUM(A1)',
    });
  });

  it.each([['bad/truncated.xlsx'], ['bad/garbage.xlsx']])('%s: a message for the clerk, not a library error', (name) => {
    const e = importError(() => parseList(readFixture(name), name));
    expect(e.message).toMatch(/^ファイルを読めません/);
    expect(e.message).not.toMatch(/zip|undefined|Error/i);
  });
});

// ---- lists built here ----------------------------------------------------------------------

describe('spreadsheets that stored codes as numbers', () => {
  it('restores 番号 from a 0000000 number format', () => {
    const ws = sheet([
      ['記号', '番号', '枝番', '氏名'],
      ['01010101', 1, 0, '髙橋 大輔'],
      ['01010101', 25, 1, '田中 芽依'],
    ]);
    for (const ref of ['B2', 'B3']) (ws[ref] as XLSX.CellObject).z = '0000000';
    const r = parseList(workbook([['リスト', ws]]), 'list.xlsx');
    expect(r.members.map((m) => [m.number, m.branch])).toEqual([
      ['0000001', '00'],
      ['0000025', '01'],
    ]);
    expect(r.preview[0]?.[1]).toBe('0000001');
  });

  it('restores the width most text cells of the column have when there is no format', () => {
    const r = parseList(
      workbook([
        [
          'リスト',
          sheet([
            ['記号', '番号', '氏名'],
            ['01010101', '0000001', '髙橋 大輔'],
            [1010101, 2, '田中 さくら'],
            ['01010101', '0000003', '林 美咲'],
          ]),
        ],
      ]),
      'list.xlsx',
    );
    expect(r.members.map((m) => `${m.symbol}-${m.number}`)).toEqual(['01010101-0000001', '01010101-0000002', '01010101-0000003']);
  });

  it('keeps full-width digits as written', () => {
    const r = parseList(utf8('記号,番号,氏名\n１２３４,０００１,髙橋\n'), 'list.csv');
    expect(r.members[0]).toMatchObject({ symbol: '１２３４', number: '０００１' });
  });
});

describe('workbook layouts', () => {
  it('skips a cover sheet and reads insurer and employer from it', () => {
    const cover = sheet([['「資格情報のお知らせ」の送付について'], ['保険者名：全国健康保険協会　東京支部'], ['事業所名：株式会社サンプル 御中']]);
    const list = sheet([['送付対象者リスト'], [], ['記号', '番号', '被保険者氏名', '対象者氏名'], ['01010101', '0000001', '髙橋 大輔', '髙橋 大輔']]);
    const r = parseList(workbook([['表紙', cover], ['対象者一覧', list]]), 'list.xlsx');
    expect(r.sheetName).toBe('対象者一覧');
    expect(r.headerRow).toBe(3);
    expect(r.members).toHaveLength(1);
    expect(r.insurerName).toBe('全国健康保険協会　東京支部');
    expect(r.companyName).toBe('株式会社サンプル');
    expect(r.proposedUnit).toBe('person');
  });

  it('skips blank rows, notes, a repeated header and 合計 rows without reporting them', () => {
    const r = parseList(
      utf8(
        [
          'No.,記号,番号,氏名',
          '1,1234,1,髙橋 大輔',
          ',,,',
          '2,1234,2,計良 太郎',
          'No.,記号,番号,氏名',
          '3,1234,3,田中 さくら',
          '合計,,,3名',
          '※この一覧は令和6年8月7日現在です,,,',
        ].join('\n'),
      ),
      'list.csv',
    );
    expect(r.members.map((m) => m.name)).toEqual(['髙橋 大輔', '計良 太郎', '田中 さくら']);
    expect(r.problems).toEqual([]);
    expect(r.totalDataRows).toBe(3);
  });

  it('reads tab-separated Shift_JIS text, with commas inside cells', () => {
    const r = parseList(sjis('記号\t番号\t氏名\t所属名\r\n1234\t0000001\t髙橋 大輔\t本社,総務部\r\n'), 'list.txt');
    expect(r.format).toBe('tsv');
    expect(r.encoding).toBe('shift_jis');
    expect(r.members[0]).toMatchObject({ name: '髙橋 大輔', deptName: '本社,総務部', number: '0000001' });
  });

  it('reads quoted CSV fields with commas and line breaks, counting rows as Excel shows them', () => {
    const r = parseList(utf8('記号,番号,氏名,所属名\r\n1234,1,"髙橋, 大輔","本社\r\n総務部"\r\n1234,,田中,工場\r\n'), 'list.csv');
    expect(r.members[0]).toMatchObject({ row: 2, name: '髙橋, 大輔', deptName: '本社\r\n総務部' });
    expect(r.problems).toEqual([{ row: 3, reason: '番号がありません' }]);
  });

  it('reads a 和暦 birth date column and reports a date that does not exist', () => {
    const r = parseList(
      utf8(['記号,番号,氏名,生年月日', '1,1,甲,S40.10.01', '1,2,乙,平成31年4月30日', '1,3,丙,令和元年5月1日', '1,4,丁,H1.1.8', '1,5,戊,昭和40年2月30日', '1,6,己,'].join('\n')),
      'list.csv',
    );
    expect(r.members.map((m) => m.birthDate)).toEqual(['1965-10-01', '2019-04-30', '2019-05-01', '1989-01-08', null]);
    expect(r.problems).toEqual([{ row: 6, reason: '生年月日を読めません（昭和40年2月30日）' }]);
  });

  it('refuses a birth date in the future', () => {
    const r = parseList(utf8('記号,番号,氏名,生年月日\n1,1,甲,2999-01-01\n'), 'list.csv');
    expect(r.problems).toEqual([{ row: 2, reason: '生年月日が正しくありません（2999-01-01）' }]);
  });

  it('reads Excel date cells', () => {
    const ws = XLSX.utils.aoa_to_sheet(
      [
        ['記号', '番号', '氏名', '生年月日'],
        ['1', '1', '髙橋', new Date(Date.UTC(1992, 9, 18))],
      ],
      { cellDates: true },
    );
    const r = parseList(workbook([['リスト', ws]]), 'list.xlsx');
    expect(r.members[0]?.birthDate).toBe('1992-10-18');
    expect(r.preview[0]?.[3]).toBe('1992/10/18');
  });

  it('reads an error cell in the birth date column as unreadable, not as empty', () => {
    const ws = sheet([
      ['記号', '番号', '氏名', '生年月日'],
      ['1', '1', '髙橋', 0],
    ]);
    ws['D2'] = { t: 'e', v: 42, w: '#N/A' };
    const r = parseList(workbook([['S', ws]]), 'list.xlsx');
    expect(r.problems).toEqual([{ row: 2, reason: '生年月日を読めません（#N/A）' }]);
  });

  it('reads an .xls (BIFF8) workbook', () => {
    const ws = sheet([
      ['被保険者証記号', '被保険者証番号', '氏名（漢字）', 'フリガナ'],
      ['01010101', 1, '山﨑 浩二', 'ﾔﾏｻﾞｷ ｺｳｼﾞ'],
    ]);
    (ws['B2'] as XLSX.CellObject).z = '0000000';
    const r = parseList(workbook([['Sheet1', ws]], 'biff8'), 'list.xls');
    expect(r.format).toBe('xls');
    expect(r.members[0]).toMatchObject({ symbol: '01010101', number: '0000001', name: '山﨑 浩二', kana: 'ﾔﾏｻﾞｷ ｺｳｼﾞ' });
  });

  it('reads an HTML table saved as .xls, keeping the codes as text', () => {
    const html = '<html><body><table><tr><td>記号</td><td>番号</td><td>氏名</td></tr><tr><td>0001</td><td>0000001</td><td>髙橋 大輔</td></tr></table></body></html>';
    const r = parseList(utf8(html), 'list.xls');
    expect(r.format).toBe('xls');
    expect(r.members[0]).toMatchObject({ symbol: '0001', number: '0000001', name: '髙橋 大輔' });
  });

  it('goes by the bytes, not the file name', () => {
    expect(parseList(utf8('記号,番号,氏名\n1,1,髙橋\n'), 'list.xlsx').format).toBe('csv');
    const xlsx = workbook([['S', sheet([['記号', '番号', '氏名'], ['1', '1', '髙橋']])]]);
    expect(parseList(xlsx, 'list.csv').format).toBe('xlsx');
  });
});

describe('duplicates', () => {
  it('merges rows that differ only in spaces or width', () => {
    const r = parseList(utf8('記号,番号,枝番,氏名\n1,1,00,髙橋 大輔\n1,0001,0,髙橋　大輔\n'), 'list.csv');
    expect(r.members).toHaveLength(1);
    expect(r.mergedDuplicates).toEqual([{ row: 3, sameAs: 2 }]);
  });

  it('reports one key with other data, naming what differs', () => {
    const r = parseList(utf8('記号,番号,枝番,氏名,生年月日\n1,1,00,髙橋,1990-01-01\n1,1,00,髙橋,1991-01-01\n'), 'list.csv');
    expect(r.members).toEqual([]);
    expect(r.problems).toEqual([
      { row: 2, reason: '3行目と同じ記号・番号・枝番で内容が異なります（生年月日）' },
      { row: 3, reason: '2行目と同じ記号・番号・枝番で内容が異なります（生年月日）' },
    ]);
  });

  it('does not import an exact copy of a conflicting row either', () => {
    const r = parseList(utf8('記号,番号,氏名\n1,1,髙橋\n1,1,田中\n1,1,髙橋\n'), 'list.csv');
    expect(r.members).toEqual([]);
    expect(r.mergedDuplicates).toEqual([]);
    expect(r.problems.map((p) => p.row)).toEqual([2, 3, 4]);
    expectAccounted(r);
  });
});

describe('My Numbers', () => {
  it('ignores a column of 12-digit numbers under an innocent header (xlsx numbers)', () => {
    const r = parseList(
      workbook([
        [
          'リスト',
          sheet([
            ['記号', '番号', '氏名', 'ID'],
            ['1', '1', '髙橋', 123456789012],
            ['1', '2', '田中', 23456789012], // lost its leading zero
            ['1', '3', '林', 345678901234],
          ]),
        ],
      ]),
      'list.xlsx',
    );
    expect(r.ignoredColumns).toEqual(['ID']);
    expect(r.members).toHaveLength(3);
    expect(r.preview.map((row) => row[3])).toEqual(['', '', '']);
    expect(TWELVE_DIGITS.test(JSON.stringify(r))).toBe(false);
  });

  it('ignores 4-4-4 grouped numbers in text and never echoes one typed into another column', () => {
    const r = parseList(
      utf8(
        [
          '記号,番号,氏名,備考,整理番号',
          '1,1,髙橋,1234-5678-9012,1234-12345678-12',
          '1,2,123456789012,1234 5678 9013,x',
          '1,3,田中,2345-6789-0123,備考 345678901234 あり',
        ].join('\n'),
      ),
      'list.csv',
    );
    expect(r.ignoredColumns).toEqual(['備考']);
    expect(r.problems).toEqual([{ row: 3, reason: '対象者氏名に個人番号と思われる12桁の数字があります' }]);
    expect(r.members[0]?.refNumber).toBe('1234-12345678-12');
    expect(r.members[1]?.refNumber).not.toMatch(/345678901234/);
    const json = JSON.stringify(r);
    expect(TWELVE_DIGITS.test(json)).toBe(false);
    expect(json).not.toMatch(/\d{4}[- ]\d{4}[- ]\d{4}(?!\d)/);
  });

  it('drops a chosen mapping that points at a My Number column', () => {
    const r = parseList(readFixture('bad/mynumber-column.csv'), 'mynumber-column.csv', {
      mapping: { symbol: 0, number: 10, name: 4 },
    });
    expect(r.mapping).toEqual({ symbol: 0, name: 4 });
    expect(r.missingFields).toEqual(['number']);
    expect(r.members).toEqual([]);
    expect(TWELVE_DIGITS.test(JSON.stringify(r))).toBe(false);
  });
});

describe('mapping', () => {
  it('asks for the mapping when a required column is missing, with a preview', () => {
    const r = parseList(utf8('記号,氏名,受付番号\n1234,髙橋,0000001\n1234,田中,0000002\n'), 'list.csv');
    expect(r.missingFields).toEqual(['number']);
    expect(r.mapping).toEqual({ symbol: 0, name: 1 });
    expect(r.members).toEqual([]);
    expect(r.problems).toEqual([]);
    expect(r.totalDataRows).toBe(2);
    expect(r.preview).toEqual([
      ['1234', '髙橋', '0000001'],
      ['1234', '田中', '0000002'],
    ]);
  });

  it('uses the clerk’s mapping instead of the recognised one', () => {
    const r = parseList(utf8('記号,氏名,受付番号\n1234,髙橋,0000001\n'), 'list.csv', { mapping: { symbol: 0, number: 2, name: 1 } });
    expect(r.missingFields).toEqual([]);
    expect(r.mapping).toEqual({ symbol: 0, number: 2, name: 1 });
    expect(r.members[0]).toMatchObject({ symbol: '1234', number: '0000001', name: '髙橋', kana: '' });
  });

  it('replaces the recognised mapping completely', () => {
    const mapping = { symbol: 0, number: 1, branch: 2, name: 3 };
    const r = parseList(readFixture('kyokai-person.csv'), 'kyokai-person.csv', { mapping });
    expect(r.mapping).toEqual(mapping);
    // row 4 is 田中 芽依 (01); the clerk chose the 被保険者氏名 column as the name
    expect(r.members[2]).toMatchObject({ row: 4, branch: '01', name: '田中 さくら', insuredName: '', kana: '', birthDate: null });
  });

  it('lets the clerk map a table whose headers it does not know', () => {
    const r = parseList(utf8('A,B,C\n1234,1,髙橋\n'), 'list.csv', { mapping: { symbol: 0, number: 1, name: 2 } });
    expect(r.headerRow).toBe(1);
    expect(r.members[0]).toMatchObject({ symbol: '1234', number: '1', name: '髙橋' });
  });
});

describe('files that are not lists', () => {
  it('refuses a file larger than the limit before reading it', () => {
    const e = importError(() => parseList(new Uint8Array(MAX_IMPORT_BYTES + 1), 'big.csv'));
    expect(e.message).toMatch(/大きすぎます/);
  });

  it('refuses an xlsx whose contents would inflate beyond the limit', () => {
    const bytes = workbook([['S', sheet([['記号', '番号', '氏名'], ['1', '1', '髙橋']])]]);
    // Claim a huge uncompressed size in the first central directory entry.
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let eocd = bytes.length - 22;
    while (view.getUint32(eocd, true) !== 0x06054b50) eocd--;
    const cd = view.getUint32(eocd + 16, true);
    view.setUint32(cd + 24, 0xfffffff0, true);
    expect(importError(() => parseList(bytes, 'bomb.xlsx')).message).toMatch(/大きすぎ/);
  });

  it('tells the clerk to unpack a zip archive of lists', () => {
    const bytes = workbook([['S', sheet([['記号', '番号', '氏名'], ['1', '1', '髙橋']])]]);
    // Rename [Content_Types].xml in the central directory: now it is just a zip of files.
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let eocd = bytes.length - 22;
    while (view.getUint32(eocd, true) !== 0x06054b50) eocd--;
    const cd = view.getUint32(eocd + 16, true);
    const at = Buffer.from(bytes.subarray(cd)).indexOf('[Content_Types].xml', 0, 'latin1');
    expect(at).toBeGreaterThan(0);
    bytes[cd + at + 1] = 0x63; // C -> c
    expect(importError(() => parseList(bytes, 'lists.zip')).message).toMatch(/^ZIPで圧縮された/);
  });

  it('explains that a PDF list cannot be imported', () => {
    expect(importError(() => parseList(utf8('%PDF-1.7\n%âãÏÓ\n'), 'list.pdf')).message).toMatch(/^PDFのファイルは取り込めません/);
  });

  it('refuses binary junk named .csv', () => {
    const junk = Uint8Array.from({ length: 2000 }, (_, i) => (i * 7919) % 256);
    expect(importError(() => parseList(junk, 'list.csv')).message).toMatch(/ファイルを読めません|文字コード/);
  });

  it('refuses a workbook without any list', () => {
    const e = importError(() => parseList(workbook([['S', sheet([['売上表'], ['商品', '金額'], ['ペン', 100]])]]), 'x.xlsx'));
    expect(e.message).toContain('見つかった列: 商品, 金額');
  });
});

describe('damaged files', () => {
  it('ignores cells beyond the last row Excel can have', () => {
    const bytes = workbook([['S', sheet([['記号', '番号', '氏名'], ['1', '1', '髙橋'], ['1', '2', '田中']])]]);
    // A damaged file claimed row 30,000,000; walking up to it on every pass would stall the import.
    const zip = XLSX.CFB.read(bytes, { type: 'array' });
    const part = XLSX.CFB.find(zip, '/xl/worksheets/sheet1.xml');
    const xml = new TextDecoder().decode(part.content as Uint8Array).replace(/r="3"/g, 'r="30000000"').replace(/([A-C])3"/g, '$130000000"');
    part.content = new TextEncoder().encode(xml);
    const damaged = new Uint8Array(XLSX.CFB.write(zip, { fileType: 'zip', type: 'array' }) as ArrayLike<number>);
    const started = Date.now();
    const r = parseList(damaged, 'list.xlsx');
    expect(r.members.map((m) => m.name)).toEqual(['髙橋']);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  // Mutated copies of real lists: whatever the damage, the clerk gets a list or a message, never a crash.
  it('either reads a damaged file or refuses it with an ImportError', () => {
    const originals = [readFixture('kenpo-household.xlsx'), readFixture('kyokai-person-sjis.csv')];
    fc.assert(
      fc.property(
        fc.nat(1),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 20 }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        (which, edits, keep) => {
          const original = originals[which] as Uint8Array;
          const bytes = original.slice(0, Math.max(1, Math.floor(original.length * keep)));
          for (const [at, value] of edits) bytes[Math.floor(at * (bytes.length - 1))] = value;
          try {
            const r = parseList(bytes, which === 0 ? 'list.xlsx' : 'list.csv');
            if (r.missingFields.length === 0) expectAccounted(r);
            // 13+ digit runs can be legitimate codes; an exact 12-digit run never leaves the importer
            expect(/(?<!\d)\d{12}(?!\d)/.test(JSON.stringify(r))).toBe(false);
          } catch (e) {
            expect(e).toBeInstanceOf(ImportError);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
