/**
 * My Numbers in the places of a list the header cannot warn about (issue #11 §5): a 個人番号 header merged across
 * several columns, one written into a name cell in any spelling, an Excel number that lost its leading zero.
 */
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { parseList } from './parseList';
import { parseRoster } from '../roster/parseRoster';
import { SPELLINGS } from '../../../test/myNumberSpellings';

function xlsx(rows: unknown[][], merges: XLSX.Range[] = []): Uint8Array {
  const ws = XLSX.utils.aoa_to_sheet(rows);
  ws['!merges'] = merges;
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, 'リスト');
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

const range = (r: number, c1: number, c2: number): XLSX.Range => ({ s: { r, c: c1 }, e: { r, c: c2 } });

describe('a 個人番号 header merged across cells', () => {
  // 個人番号 over C:E, its digits spread over the three cells (as on a paper form), 氏名 after it.
  const rows = [
    ['記号', '番号', '個人番号', '', '', '氏名', '生年月日'],
    ['1234', '1', '1234', '5678', '9018', '髙橋 大輔', '1980/01/02'],
    ['1234', '2', '0123', '4567', '8903', '田中 さくら', '1985/05/06'],
  ];
  const file = xlsx(rows, [range(0, 2, 4)]);

  it('blocks every column under it: not shown, not mappable', () => {
    const r = parseList(file, 'merged.xlsx');
    expect(r.ignoredColumns).toEqual(['個人番号', 'D列', 'E列']);
    expect(r.preview.map((row) => row.slice(2, 5))).toEqual([
      ['', '', ''],
      ['', '', ''],
    ]);
    expect(r.members.map((m) => m.name)).toEqual(['髙橋 大輔', '田中 さくら']);
    // the clerk cannot map a column under it by hand either
    const chosen = parseList(file, 'merged.xlsx', { mapping: { symbol: 0, number: 1, name: 5, refNumber: 3, deptName: 4 } });
    expect(chosen.mapping.refNumber).toBeUndefined();
    expect(chosen.mapping.deptName).toBeUndefined();
    expect(JSON.stringify(chosen)).not.toMatch(/5678|4567|9018|8903/);
  });

  it('in the upper row of a two-row header too, and in a roster', () => {
    const two = xlsx(
      [
        ['社員番号', '氏名', '個人番号', ''],
        ['', '', '上4桁', '下8桁'],
        ['1001', '髙橋 大輔', '1234', '56789018'],
      ],
      [range(0, 2, 3)],
    );
    const roster = parseRoster(two, 'roster.xlsx');
    expect(roster.ignoredColumns).toHaveLength(2);
    expect(JSON.stringify(roster)).not.toMatch(/56789018/);
  });
});

describe('a My Number in a name cell never becomes a member', () => {
  const header = ['記号', '番号', '氏名', '所属名'];
  // enough ordinary rows that the column is not taken for a My Number column as a whole
  const others = [3, 4, 5, 6].map((i) => ['1234', String(i), `試験 太郎${i}`, '営業部']);

  it.each(SPELLINGS.map(([label, spell]) => [label, spell('123456789018')] as const))('%s', (_label, spelled) => {
    const r = parseList(xlsx([header, ['1234', '1', spelled, '総務部'], ['1234', '2', '髙橋 大輔', `総務部 ${spelled}`], ...others]), 'list.xlsx');
    expect(r.problems).toEqual([{ row: 2, reason: '対象者氏名に個人番号と思われる12桁の数字があります' }]);
    expect(r.members.map((m) => [m.name, m.deptName])[0]).toEqual(['髙橋 大輔', '総務部 ************']);
    expect(r.members).toHaveLength(5);
  });

  it('an Excel number that lost its leading zero, in a name cell and in the preview', () => {
    const lost = Number('012345678903'); // 12345678903
    const r = parseList(xlsx([header, ['1234', '1', lost, '総務部'], ['1234', '2', '髙橋 大輔', lost], ...others]), 'list.xlsx');
    expect(r.problems).toEqual([
      { row: 2, reason: '対象者氏名に個人番号と思われる12桁の数字があります' },
      { row: 3, reason: '所属名に個人番号と思われる12桁の数字があります' },
    ]);
    expect(JSON.stringify(r)).not.toContain('12345678903');
  });

  it('an 11-digit number that is not a My Number is kept (a 整理番号)', () => {
    const r = parseList(xlsx([['記号', '番号', '氏名', '整理番号'], ['1234', '1', '髙橋 大輔', 12345678904], ...others.map((o) => [...o.slice(0, 3), 'A-1'])]), 'list.xlsx');
    expect(r.members[0]?.refNumber).toBe('12345678904');
  });
});
