import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { blankFormulas } from './biff';
import { ImportError, parseList } from '../lists/parseList';

function record(type: number, body: number[]): number[] {
  return [type & 0xff, type >> 8, body.length & 0xff, body.length >> 8, ...body];
}
const BOF = record(0x0809, [0x00, 0x06, 0x10, 0x00]);

describe('blankFormulas', () => {
  it('zeroes the formula length of FORMULA, NAME, SHRFMLA and ARRAY records and nothing else', () => {
    const formula = Array.from({ length: 30 }, (_, i) => i + 1);
    const name = Array.from({ length: 20 }, (_, i) => i + 1);
    const shared = Array.from({ length: 16 }, (_, i) => i + 1);
    const array = Array.from({ length: 20 }, (_, i) => i + 1);
    const label = [9, 9, 9, 9];
    const s = Uint8Array.from([...BOF, ...record(0x0006, formula), ...record(0x0018, name), ...record(0x04bc, shared), ...record(0x0221, array), ...record(0x00fd, label)]);
    const before = Uint8Array.from(s);
    expect(blankFormulas(s)).toBe(true);
    const changed = [...s.keys()].filter((i) => s[i] !== before[i]);
    const fStart = BOF.length + 4;
    const nStart = fStart + 30 + 4;
    const shStart = nStart + 20 + 4;
    const aStart = shStart + 16 + 4;
    expect(changed).toEqual([fStart + 20, fStart + 21, nStart + 4, nStart + 5, shStart + 8, shStart + 9, aStart + 12, aStart + 13]);
  });

  it('reports a formula record too short to hold its formula', () => {
    expect(blankFormulas(Uint8Array.from([...BOF, ...record(0x0006, new Array(16).fill(1))]))).toBe(false);
  });

  it('leaves streams that are not BIFF5/8 alone', () => {
    const s = Uint8Array.from(record(0x0006, new Array(30).fill(1)));
    expect(blankFormulas(s)).toBe(true);
    expect([...s]).toEqual(record(0x0006, new Array(30).fill(1)));
  });
});

describe('damaged .xls', () => {
  it('refuses a workbook with a broken formula record instead of freezing in SheetJS', () => {
    const ws = XLSX.utils.aoa_to_sheet([
      ['記号', '番号', '氏名'],
      ['1234', 1, '髙橋'],
    ]);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'S');
    const cfb = XLSX.CFB.read(new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'biff8' }) as ArrayBuffer), { type: 'array' });
    const s = XLSX.CFB.find(cfb, '/Workbook').content as Uint8Array;
    // Turn the NUMBER record (14 bytes) into a FORMULA record: SheetJS alone loops forever on it.
    let p = 0;
    while ((s[p]! | (s[p + 1]! << 8)) !== 0x0203) p += 4 + (s[p + 2]! | (s[p + 3]! << 8));
    s[p] = 0x06;
    s[p + 1] = 0x00;
    const bytes = new Uint8Array(XLSX.CFB.write(cfb, { type: 'array' }) as ArrayLike<number>);
    expect(() => parseList(bytes, 'list.xls')).toThrow(ImportError);
  });
});
