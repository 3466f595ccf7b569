/**
 * Lists as they arrive after a PDF → Excel/CSV conversion: long names wrapped onto a second row, and a
 * 保険者番号 printed without a 保険者名. The fixtures are made here, as such conversions make them.
 */
import path from 'node:path';
import * as XLSX from 'xlsx';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/services/db/open';
import { createContext, type ServiceContext } from '../../electron/services/context';
import { importFile, previewImport } from '../../electron/services/lists/importList';
import { insurerKindOf } from '../../electron/services/lists/insurerKind';
import { saveSettings } from '../../electron/services/settings';
import { tempDir } from '../e2e/harness';

const HEADER = ['記号', '番号', '枝番', '被保険者氏名', '氏名', 'カナ', '続柄', '生年月日', '所属コード'];

/** Rows as a converted PDF page holds them: the name that did not fit continues on the next row. */
const ROWS: string[][] = [
  ['1234', '12345601', '00', '松本　太郎', '松本　太郎', 'マツモト　タロウ', '本人', '1980-04-01', '1001'],
  ['1234', '12345602', '00', '長谷川　左衛門', '長谷川　左衛門', 'ハセガワ　サエモン', '本人', '1975-06-15', '1001'],
  ['', '', '', '三郎太', '三郎太', 'サブロウタ', '', '', ''],
  ['1234', '12345602', '01', '長谷川　左衛門', '長谷川　アレクサンドラ', 'ハセガワ　アレクサンドラ', '妻', '1978-01-02', '1001'],
  ['', '', '', '三郎太', '・マリア', '・マリア', '', '', ''],
  ['', '', '', '', '', '', '', '', ''],
  ['', '', '', '', '鈴木　一郎', 'スズキ　イチロウ', '', '', ''],
  ['1234', '12345603', '00', '佐藤　花子', '佐藤　花子', 'サトウ　ハナコ', '本人', '1990-02-03', '2001'],
];

function xlsxList(title: string[][]): Uint8Array {
  const ws = XLSX.utils.aoa_to_sheet([...title, [], HEADER, ...ROWS]);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, '1ページ');
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

const csvList = (title: string[][]) => Buffer.from([...title, HEADER, ...ROWS].map((r) => r.join(',')).join('\r\n'), 'utf8');

function desk(): ServiceContext {
  const ctx = createContext(openDatabase(path.join(tempDir(), 'k.sqlite3')));
  saveSettings(ctx, { companyName: 'サンプル電機', operatorName: '山田' });
  return ctx;
}

const TITLE = [['「資格情報のお知らせ」送付対象者リスト'], ['保険者番号：06139999']];

describe('a name wrapped onto the next row', () => {
  it.each([
    ['xlsx', 'list.xlsx', xlsxList(TITLE), 4],
    ['csv', 'list.csv', csvList(TITLE), 3],
  ] as const)('%s: joined to the member above and listed as joined, not as a problem', (_kind, fileName, bytes, headerRow) => {
    const ctx = desk();
    const p = previewImport(ctx, { fileName, bytes });
    const row = (i: number) => headerRow + 1 + i; // the row number the clerk sees for ROWS[i]
    expect(p.joinedRows).toEqual([
      { row: row(2), into: row(1) },
      { row: row(4), into: row(3) },
    ]);
    // A name-only row after a blank line continues nothing: it stays a problem.
    expect(p.problems).toEqual([{ row: row(6), reason: expect.stringContaining('記号・番号がありません') }]);
    expect(p.counts).toMatchObject({ members: 4 });

    importFile(ctx, bytes, fileName, {});
    const names = ctx.db.prepare('SELECT name, kana FROM members ORDER BY number, branch').all();
    expect(names).toEqual([
      { name: '松本　太郎', kana: 'マツモト　タロウ' },
      { name: '長谷川　左衛門三郎太', kana: 'ハセガワ　サエモンサブロウタ' },
      { name: '長谷川　アレクサンドラ・マリア', kana: 'ハセガワ　アレクサンドラ・マリア' },
      { name: '佐藤　花子', kana: 'サトウ　ハナコ' },
    ]);
    const holder = ctx.db.prepare(`SELECT holder_name FROM envelopes WHERE number = '12345602'`).pluck().all();
    expect(new Set(holder)).toEqual(new Set(['長谷川　左衛門三郎太']));
  });
});

describe('保険者番号 without 保険者名', () => {
  it('proposes the kind of insurer from the 法別番号 for the clerk to complete', () => {
    const ctx = desk();
    const p = previewImport(ctx, { fileName: 'list.xlsx', bytes: xlsxList(TITLE) });
    expect(p).toMatchObject({ insurerFromFile: false, insurerKind: '健康保険組合', insurerNumber: '06139999', insurerName: '健康保険組合（06139999）' });
    // The clerk completes the name; the number stays with it.
    const named = previewImport(ctx, { fileName: 'list.xlsx', bytes: xlsxList(TITLE), insurerName: 'サンプル電機健康保険組合' });
    expect(named.insurerName).toBe('サンプル電機健康保険組合');

    const kyokai = previewImport(ctx, { fileName: 'k.csv', bytes: csvList([['保険者番号', '01130012']]) });
    expect([kyokai.insurerName, kyokai.insurerKind]).toEqual(['協会けんぽ', '協会けんぽ']);
    // A name in the file wins; no kind is proposed then.
    const withName = previewImport(ctx, { fileName: 'n.csv', bytes: csvList([['保険者名：東京都職員共済組合'], ['保険者番号：32130011']]) });
    expect([withName.insurerName, withName.insurerKind]).toEqual(['東京都職員共済組合', null]);
  });

  it('the 法別番号 table', () => {
    expect(
      ['01130012', '06139999', '31130015', '32130011', '33130017', '34130013', '63139996', '72130010', '39131000', '138016', '99130000', '0613'].map(
        insurerKindOf,
      ),
    ).toEqual([
      '協会けんぽ', '健康保険組合', '国家公務員共済組合', '地方公務員等共済組合', '警察共済組合', '公立学校共済組合・私学共済',
      '特定健康保険組合', '国家公務員特定共済組合', '後期高齢者医療広域連合', '国民健康保険', null, null,
    ]);
    expect(insurerKindOf('０６１３９９９９')).toBe('健康保険組合'); // typed full-width
  });
});
