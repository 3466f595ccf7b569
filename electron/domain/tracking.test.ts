import { describe, expect, it } from 'vitest';
import { parseTrackingNumber, TRACKING_LENGTH_ERROR } from './tracking';

describe('parseTrackingNumber', () => {
  it('accepts a number whose last digit is the first eleven mod 7, and shows it 4-4-4', () => {
    // 12345678901 = 7 × 1763668414 + 3
    expect(parseTrackingNumber('123456789013')).toEqual({
      ok: true,
      digits: '123456789013',
      display: '1234-5678-9013',
      checkDigitOk: true,
    });
    // 10^10 mod 7 = 4; 99999999999 mod 7 = 4; 31415926535 mod 7 = 0
    expect(parseTrackingNumber('100000000004')).toMatchObject({ ok: true, checkDigitOk: true });
    expect(parseTrackingNumber('999999999994')).toMatchObject({ ok: true, checkDigitOk: true });
    expect(parseTrackingNumber('314159265350')).toMatchObject({ ok: true, checkDigitOk: true });
  });

  it('reads the number however the clerk typed or copied it', () => {
    for (const typed of ['1234-5678-9013', '1234 5678 9013', '１２３４－５６７８－９０１３', '１２３４　５６７８　９０１３', ' 1234ー5678ー9013 ']) {
      expect(parseTrackingNumber(typed)).toMatchObject({ ok: true, digits: '123456789013', display: '1234-5678-9013', checkDigitOk: true });
    }
  });

  it('flags a likely typo but keeps the number, so the clerk can confirm it', () => {
    // one digit wrong, two digits swapped, and a last digit of 7–9 that mod 7 can never give
    for (const typo of ['1234-5678-9016', '1234-5678-0913', '1234-5678-9018']) {
      const r = parseTrackingNumber(typo);
      expect(r).toMatchObject({ ok: true, checkDigitOk: false });
      if (r.ok) expect(r.digits).toBe(typo.replace(/-/g, ''));
    }
  });

  it('refuses anything that is not exactly 12 digits, in Japanese', () => {
    for (const bad of ['', '1234-5678-901', '1234-5678-90134', 'ABCD-5678-9013', '1234/5678/9013', '1234.5678.9013']) {
      expect(parseTrackingNumber(bad)).toEqual({ ok: false, error: TRACKING_LENGTH_ERROR });
    }
    expect(TRACKING_LENGTH_ERROR).toBe('お問い合わせ番号は12桁の数字です');
  });
});
