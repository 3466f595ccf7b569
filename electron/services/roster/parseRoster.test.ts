import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import Encoding from 'encoding-japanese';
import { readFixture } from '../../../test/fixtures';
import { ImportError } from '../sheet/errors';
import { parseRoster } from './parseRoster';
import { employeeKey, isLeftStatus } from './rosterSheet';

const utf8 = (s: string) => new TextEncoder().encode(s);
const sjis = (s: string) => Uint8Array.from(Encoding.convert(Encoding.stringToCode(s), { to: 'SJIS', from: 'UNICODE' }));
const TODAY = { today: '2024-10-01' };

function xlsx(ws: XLSX.WorkSheet): Uint8Array {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, '社員名簿');
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

function importError(fn: () => unknown): ImportError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ImportError) return e;
    throw e;
  }
  throw new Error('no ImportError thrown');
}

describe('roster.csv (the shared fixture)', () => {
  const r = parseRoster(readFixture('roster.csv'), 'roster.csv', TODAY);

  it('reads all 52 employees with their 健保記号・番号 as text', () => {
    expect(r.format).toBe('csv');
    expect(r.headerRow).toBe(1);
    expect(r.entries).toHaveLength(52);
    expect(r.problems).toEqual([]);
    expect(r.ignoredColumns).toEqual([]);
    expect(r.entries[1]).toMatchObject({
      row: 3,
      employeeId: 'E10002',
      employeeKey: 'E10002',
      name: '松本 太郎',
      kana: 'マツモト タロウ',
      deptCode: '1001',
      status: '在籍',
      employed: true,
      leftOn: null,
      symbol: '1234',
      number: '12345601',
    });
  });

  it('marks the 5 employees with 退職 and a 退職日 as left', () => {
    const left = r.entries.filter((e) => !e.employed);
    expect(left.map((e) => [e.employeeId, e.name, e.leftOn])).toEqual([
      ['E10004', '斎藤 花子', '2024-08-15'],
      ['E10015', '鈴木 由美', '2024-08-15'],
      ['E10026', '髙橋 大輔', '2024-08-15'],
      ['E10037', '井上 大輔', '2024-08-15'],
      ['E10048', '渡辺 恵', '2024-08-15'],
    ]);
  });
});

describe('header wordings and layouts', () => {
  it('finds the header below title rows, in Shift_JIS, with other wordings', () => {
    const text = [
      '社員名簿（2024年10月1日現在）',
      '株式会社サンプル',
      '',
      '従業員番号,社員氏名,フリガナ,所属,在職区分,資格喪失日,被保険者記号,被保険者番号',
      '0123,山田 太郎,ﾔﾏﾀﾞ ﾀﾛｳ,総務,在籍,,1234,00000042',
      '0124,髙橋 誠,ﾀｶﾊｼ ﾏｺﾄ,営業,退職,令和6年8月15日,1234,00000043',
    ].join('\r\n');
    const r = parseRoster(sjis(text), 'roster.csv', TODAY);
    expect(r.encoding).toBe('shift_jis');
    expect(r.headerRow).toBe(4);
    expect(r.entries.map((e) => [e.employeeId, e.employeeKey, e.name, e.kana, e.deptCode, e.employed, e.leftOn, e.number, e.numberKey])).toEqual([
      ['0123', '123', '山田 太郎', 'ﾔﾏﾀﾞ ﾀﾛｳ', '総務', true, null, '00000042', '42'],
      ['0124', '124', '髙橋 誠', 'ﾀｶﾊｼ ﾏｺﾄ', '営業', false, '2024-08-15', '00000043', '43'],
    ]);
  });

  it('reads an xlsx with numbers and date cells, and splits a combined 健保記号・番号 column', () => {
    const ws = XLSX.utils.aoa_to_sheet([
      ['社員コード', '氏名', '氏名カナ', '所属コード', '退職日', '健保記号・番号'],
      [10001, '佐藤 一郎', 'サトウ イチロウ', 1001, null, '1234-12345600'],
      [10002, '佐藤 二郎', 'サトウ ジロウ', 1002, null, '１２３４　１２３４５６０１'],
    ]);
    ws['E3'] = { t: 'n', v: 45519, z: 'yyyy/mm/dd' }; // 2024-08-15 as Excel stores it
    const r = parseRoster(xlsx(ws), 'roster.xlsx', TODAY);
    expect(r.entries.map((e) => [e.employeeId, e.employed, e.leftOn, e.symbol, e.number])).toEqual([
      ['10001', true, null, '1234', '12345600'],
      ['10002', false, '2024-08-15', '1234', '12345601'],
    ]);
  });

  it('works without insurance columns (matching then falls back to names)', () => {
    const r = parseRoster(utf8('社員番号,氏名\nA1,山田 太郎\n'), 'r.csv', TODAY);
    expect(r.entries).toEqual([expect.objectContaining({ employeeId: 'A1', symbol: '', number: '', symbolKey: '', numberKey: '' })]);
  });
});

describe('who has left', () => {
  const roster = (rows: string[]) => parseRoster(utf8(['社員番号,氏名,在籍区分,退職日', ...rows].join('\n')), 'r.csv', TODAY).entries;

  it('退職 without a date, or a 退職日 without 退職, both mean left', () => {
    const e = roster(['1,甲,退職,', '2,乙,在籍,2024/09/30', '3,丙,休職,', '4,丁,,']);
    expect(e.map((x) => [x.employeeId, x.employed, x.leftOn])).toEqual([
      ['1', false, null],
      ['2', false, '2024-09-30'],
      ['3', true, null],
      ['4', true, null],
    ]);
  });

  it('a 退職日 still ahead is not yet a departure: the notice is valid until then', () => {
    const e = roster(['1,甲,在籍,2024-12-31', '2,乙,退職予定,2024-12-31']);
    expect(e.map((x) => [x.employed, x.leftOn])).toEqual([
      [true, '2024-12-31'],
      [true, '2024-12-31'],
    ]);
  });

  it('recognises the usual wordings of 在籍区分', () => {
    for (const s of ['退職', '退職者', '退社', '離職', '資格喪失', '死亡退職']) expect(isLeftStatus(s)).toBe(true);
    for (const s of ['在籍', '休職', '出向', '産休', '育休', '退職予定', '']) expect(isLeftStatus(s)).toBe(false);
  });
});

describe('rows that are not taken', () => {
  it('says which row lacks what, and skips blank and total lines silently', () => {
    const r = parseRoster(
      utf8(['社員番号,氏名,退職日', 'A1,山田 太郎,', ',名無し,', 'A3,,', ',,', 'A4,佐藤 花子,2024-02-30', '合計,3名,'].join('\n')),
      'r.csv',
      TODAY,
    );
    expect(r.entries.map((e) => e.employeeId)).toEqual(['A1']);
    expect(r.problems).toEqual([
      { row: 3, reason: '社員番号がありません' },
      { row: 4, reason: '氏名がありません' },
      { row: 6, reason: '退職日を読めません（2024-02-30）' },
    ]);
  });

  it('one row twice is one employee; one ID with two different people is reported with both rows and neither taken', () => {
    const r = parseRoster(
      utf8(['社員番号,氏名,在籍区分', 'A1,山田 太郎,在籍', 'A1,山田　太郎,在籍', 'A2,佐藤 花子,在籍', 'a2,佐藤 花子,退職'].join('\n')),
      'r.csv',
      TODAY,
    );
    expect(r.entries.map((e) => [e.row, e.employeeId])).toEqual([[2, 'A1']]);
    expect(r.problems).toEqual([
      { row: 4, reason: '5行目と同じ社員番号で内容が異なります' },
      { row: 5, reason: '4行目と同じ社員番号で内容が異なります' },
    ]);
  });
});

describe('My Numbers never get through', () => {
  it('a 個人番号 column, or 12-digit numbers under another header, is not read', () => {
    const r = parseRoster(
      utf8(
        [
          '社員番号,氏名,個人番号,備考,健保記号,健保番号',
          'A1,山田 太郎,123456789012,1111 2222 3333,1234,1',
          'A2,佐藤 花子,234567890123,444455556666,1234,2',
        ].join('\n'),
      ),
      'r.csv',
      TODAY,
    );
    expect(r.entries).toHaveLength(2);
    expect(r.ignoredColumns).toEqual(['個人番号', '備考']);
    expect(JSON.stringify(r)).not.toMatch(/\d{12}|\d{4} \d{4} \d{4}/);
  });

  it('a My Number typed into a field read is dropped with the row, and not echoed', () => {
    const r = parseRoster(utf8(['社員番号,氏名,健保番号', 'A1,山田 太郎,1', 'A2,佐藤 花子,1234-5678-9012', 'A3,鈴木 一,3'].join('\n')), 'r.csv', TODAY);
    expect(r.entries.map((e) => e.employeeId)).toEqual(['A1', 'A3']);
    expect(r.problems).toEqual([{ row: 3, reason: '健保番号に個人番号と思われる12桁の数字があります' }]);
    expect(JSON.stringify(r)).not.toContain('5678');
  });
});

describe('files that are not a roster', () => {
  it('a header without 社員番号 asks for the columns (returned, not thrown); no header at all is refused', () => {
    const r = parseRoster(utf8('氏名,所属\n山田 太郎,総務\n'), 'r.csv', TODAY);
    expect(r.entries).toEqual([]);
    expect(r.needsMapping).toEqual({
      message: '社員名簿に必要な列（社員番号）が見つかりません。見つかった列: 氏名, 所属',
      headers: ['氏名', '所属'],
      rows: [['山田 太郎', '総務']],
      mapping: { name: 0, deptCode: 1 },
    });
    expect(importError(() => parseRoster(utf8('商品,価格\nりんご,100\n'), 'r.csv', TODAY)).message).toBe(
      '社員名簿の見出し（社員番号・氏名）が見つかりません。見つかった列: 商品, 価格',
    );
  });

  it('an insurer list given as a roster has no 社員番号: the clerk is asked for it', () => {
    expect(parseRoster(readFixture('kenpo-household.xlsx'), 'kenpo-household.xlsx', TODAY).needsMapping?.message).toMatch(
      /^社員名簿に必要な列（社員番号）が見つかりません/,
    );
  });

  it('refuses empty, header-only and broken files', () => {
    expect(importError(() => parseRoster(new Uint8Array(), 'r.csv')).message).toMatch(/ファイルが空です/);
    expect(importError(() => parseRoster(utf8('社員番号,氏名\n'), 'r.csv')).message).toBe('取り込む行がありません');
    expect(importError(() => parseRoster(readFixture('bad/garbage.xlsx'), 'r.xlsx')).message).toMatch(/読めません/);
    expect(importError(() => parseRoster(readFixture('bad/truncated.xlsx'), 'r.xlsx')).message).toMatch(/読めません/);
  });
});

describe('employeeKey', () => {
  it('an ID card read in full width, lower case or with a hyphen finds the same employee', () => {
    for (const typed of ['E10002', 'e10002', 'Ｅ１０００２', 'ｅ１０００２', ' E-10002 ']) expect(employeeKey(typed)).toBe('E10002');
    expect(employeeKey('000123')).toBe(employeeKey('123'));
    expect(employeeKey('A0123')).not.toBe(employeeKey('A123'));
    expect(employeeKey('')).toBe('');
  });
});
