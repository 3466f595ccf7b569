import { describe, expect, it } from 'vitest';
import { parseScannedCode } from './scanCode';

const keys = (code: string) => parseScannedCode(code)!.candidates.map((c) => [c.symbolKey, c.numberKey, c.branchKey]);

describe('parseScannedCode', () => {
  it('separated 記号 番号 枝番, any separator, full-width digits', () => {
    expect(keys('01010101 0000001 00')).toEqual([['1010101', '1', '0']]);
    expect(keys('1234-12345601-02')).toEqual([['1234', '12345601', '2']]);
    expect(keys('１２３４－１２３４５６０１')).toEqual([['1234', '12345601', null]]);
    expect(keys('1234　12345601')).toEqual([['1234', '12345601', null]]);
  });

  it('a joined code yields every cut, including the right one with and without 枝番', () => {
    const k = keys('123412345601');
    expect(k).toContainEqual(['1234', '12345601', null]);
    expect(k).toContainEqual(['1234', '123456', '1']);
    const withBranch = keys('12341234560102');
    expect(withBranch).toContainEqual(['1234', '12345601', '2']);
    // Cuts are bounded: no 枝番 longer than 3 digits.
    expect(withBranch.every(([, , b]) => b === null || (b ?? '').length <= 3)).toBe(true);
  });

  it('keeps the digits for 整理番号 lookups, leading zeros stripped', () => {
    const p = parseScannedCode('0101-0000001-00')!;
    expect(p.digits).toBe('0101000000100');
    expect(p.digitsKey).toBe('101000000100');
    expect(p.display).toBe('0101-0000001-00');
  });

  it('refuses what cannot be a code', () => {
    expect(parseScannedCode('')).toBeNull();
    expect(parseScannedCode('   ')).toBeNull();
    expect(parseScannedCode('山田')).toBeNull();
    expect(parseScannedCode('12a4')).toBeNull();
  });
});
