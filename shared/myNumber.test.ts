import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isMyNumberText, isMyNumberValue, isValidMyNumber, looksLikeMyNumberValue, maskMyNumberText, scrubMyNumbers } from './myNumber';
import { SPELLINGS, fullWidth, withCheckDigit } from '../test/myNumberSpellings';

const VALID = ['123456789018', '012345678903', '087654321009', '987654321093', '111111111118'];
/** Numbers people use in examples and tests: not valid My Numbers, still masked wherever they stand alone. */
const INVALID = ['123456789012', '987654321000'];

describe('isValidMyNumber (番号法施行令第8条)', () => {
  it('accepts the check digit the formula gives and no other', () => {
    for (const n of VALID) {
      expect(isValidMyNumber(n), n).toBe(true);
      for (let d = 0; d < 10; d++) if (String(d) !== n[11]) expect(isValidMyNumber(`${n.slice(0, 11)}${d}`)).toBe(false);
    }
    expect(withCheckDigit('12345678901')).toBe('123456789018');
    expect(isValidMyNumber('12345678901')).toBe(false);
    expect(isValidMyNumber('１２３４５６７８９０１８')).toBe(false); // digits only, after the caller normalised them
  });
});

describe('every spelling of a My Number', () => {
  for (const [label, spell] of SPELLINGS) {
    it(`${label}: the whole cell is one, and it is masked inside text`, () => {
      for (const n of [...VALID, ...INVALID]) {
        const s = spell(n);
        expect(isMyNumberText(s), JSON.stringify(s)).toBe(true);
        expect(isMyNumberText(` ${s}\u3000`)).toBe(true);
        expect(scrubMyNumbers(`山田 太郎 ${s} 様`)).toBe('山田 太郎 ************ 様');
        expect(scrubMyNumbers(`番号${s}です`)).toBe('番号************です');
      }
    });
  }

  it('next to other numbers, a standard grouping is masked when its check digit is right', () => {
    expect(scrubMyNumbers('1234 5678 9018 2026年')).toBe('************ 2026年');
    expect(scrubMyNumbers('11/29 123-456-789-018 受付')).toBe('11/29 ************ 受付');
    expect(scrubMyNumbers('1234-123456789012')).toBe('1234-************'); // a run of exactly 12 digits, always
    // without a right check digit a 4-4-4 between other numbers may be anything: a date and a code are kept
    expect(scrubMyNumbers('1234 5678 9012 2026年')).toBe('1234 5678 9012 2026年');
  });

  it('an Excel number that lost its leading zero is one when its check digit fits', () => {
    expect(isMyNumberValue(Number('012345678903'))).toBe(true); // 12345678903
    expect(isMyNumberValue(123456789012)).toBe(true);
    expect(isMyNumberValue(Number('012345678904'))).toBe(false);
    expect(isMyNumberValue(9012345678)).toBe(false); // a mobile number stored as a number: 10 digits
    expect(looksLikeMyNumberValue('12345678903')).toBe(true); // the same, saved to CSV as text
    expect(looksLikeMyNumberValue('12345678904')).toBe(false);
    expect(looksLikeMyNumberValue(12345678901)).toBe(true); // a column of 11-digit numbers counts
  });
});

describe('what is not a My Number stays as written', () => {
  it.each([
    ['記号-番号-枝番 5-5-2', '12345-12345-12'],
    ['記号-番号-枝番 4-8-2', '1234-12345678-12'],
    ['a scanned envelope code', '01010101 0000001 00'],
    ['13 digits (JAN)', '4901234567894 JAN'],
    ['14 digits', '12345678901234'],
    ['phone numbers', 'TEL 03-1234-5678 / 090-1234-5678'],
    ['an 11-digit phone number as text', '09012345678'],
    ['a date and a time', '2026/11/29 12:00'],
    ['an amount', '1,234,567円'],
    ['a name', '髙橋 大輔'],
    ['a 4-8 code (not a way My Numbers are written)', '1234-56789018'],
  ])('%s', (_label, s) => {
    expect(scrubMyNumbers(s)).toBe(s);
    expect(isMyNumberText(s)).toBe(false);
  });
});

describe('property: any valid My Number in any spelling', () => {
  const RUNS = { numRuns: 400, seed: 0x11b };
  const sep = fc.constantFrom(' ', '　', '-', '－', 'ー', '‐', '−', '.', '．', '/', '／', '_', ',', '，', '・', '\u200b', '\u200d', '\u2060', '\ufeff', '\t');
  const gap = fc.array(sep, { minLength: 1, maxLength: 3 }).map((a) => a.join(''));
  const grouping = fc.constantFrom([12], [4, 4, 4], [3, 3, 3, 3], [6, 6]);
  const myNumber = fc.stringMatching(/^[0-9]{11}$/).map(withCheckDigit);

  it('is masked inside text, with any separators between its groups and digits of either width', () => {
    fc.assert(
      fc.property(myNumber, grouping, fc.array(gap, { minLength: 3, maxLength: 3 }), fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), (n, sizes, gaps, wide) => {
        const digits = [...n].map((d, i) => (wide[i] ? fullWidth(d) : d));
        let at = 0;
        const spelled = sizes.map((k) => digits.slice(at, (at += k)).join('')).reduce((s, g, i) => (i === 0 ? g : `${s}${gaps[i - 1]}${g}`), '');
        expect(scrubMyNumbers(`備考：${spelled}。`)).toBe('備考：************。');
        expect(isMyNumberText(spelled)).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('maskMyNumberText: the importer’s one reading of a cell', () => {
  it('answers as isMyNumberText then scrubMyNumbers would, for text made of digits, separators, letters and spaces', () => {
    const piece = fc.constantFrom(...'0123456789０１２３４５６７８９', ' ', '　', '-', '－', 'ー', '.', '/', '\u200b', '\u2028', 'a', '番', '（', '）');
    const digitRun = fc.integer({ min: 1, max: 13 }).chain((n) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`)));
    const text = fc.array(fc.oneof(piece, digitRun, fc.stringMatching(/^[0-9]{11}$/).map(withCheckDigit)), { maxLength: 12 }).map((a) => a.join(''));
    fc.assert(
      fc.property(text, (s) => {
        expect(maskMyNumberText(s)).toBe(isMyNumberText(s) ? null : scrubMyNumbers(s));
      }),
      { numRuns: 3000, seed: 0x5a },
    );
    // The importer's commonest long cell, and the two answers it can get.
    expect(maskMyNumberText('0101-0000001-00')).toBe('0101-0000001-00');
    expect(maskMyNumberText('1234-5678-9018')).toBeNull();
    expect(maskMyNumberText('No.1234-5678-9018 山田')).toBe('No.************ 山田');
  });
});
