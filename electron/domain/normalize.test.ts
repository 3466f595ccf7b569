import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cleanCell, codeKey, memberKey, searchKey } from './normalize';

// Half-width katakana for each full-width one, derived from NFKC so the table cannot drift.
const HALF_OF = new Map<string, string>();
for (let c = 0xff66; c <= 0xff9d; c++) {
  const half = String.fromCharCode(c);
  HALF_OF.set(half.normalize('NFKC'), half);
}
for (const [full, half] of [...HALF_OF]) {
  const voiced = (full + '\u3099').normalize('NFC');
  if (voiced.length === 1) HALF_OF.set(voiced, `${half}ﾞ`);
  const semi = (full + '\u309a').normalize('NFC');
  if (semi.length === 1) HALF_OF.set(semi, `${half}ﾟ`);
}
const toKatakana = (s: string) => s.replace(/[\u3041-\u3096]/g, (h) => String.fromCharCode(h.charCodeAt(0) + 0x60));
const toHalfKatakana = (s: string) => [...toKatakana(s)].map((k) => HALF_OF.get(k) ?? k).join('');
const toFullWidthDigits = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

// Hiragana that have a half-width katakana form (not ゐ ゑ ゎ ゕ ゖ).
const HIRAGANA = [...'あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをんがぎぐげござじずぜぞだぢづでどばびぶべぼぱぴぷぺぽぁぃぅぇぉっゃゅょゔ'];
const kanaName = fc.array(fc.constantFrom(...HIRAGANA, ' ', '　'), { maxLength: 16 }).map((a) => a.join(''));

describe('searchKey', () => {
  it('makes half-width katakana with a space equal to hiragana with a full-width space', () => {
    expect(searchKey('ﾔﾏﾀﾞ ﾀﾛｳ')).toBe(searchKey('やまだ　たろう'));
    expect(searchKey('ヤマダ タロウ')).toBe(searchKey('やまだたろう'));
  });

  it('finds old kanji forms under the common ones', () => {
    expect(searchKey('髙橋')).toBe(searchKey('高橋'));
    expect(searchKey('山﨑')).toBe(searchKey('山崎'));
    expect(searchKey('齋藤')).toBe(searchKey('斎藤'));
    expect(searchKey('齊藤')).toBe(searchKey('斎藤'));
    expect(searchKey('渡邉')).toBe(searchKey('渡辺'));
    expect(searchKey('渡邊')).toBe(searchKey('渡辺'));
    // different people stay different
    expect(searchKey('高橋')).not.toBe(searchKey('高田'));
  });

  it('treats long-vowel marks and dashes alike, and ignores letter case and width', () => {
    expect(searchKey('サトー')).toBe(searchKey('ｻﾄｰ'));
    expect(searchKey('サトー')).toBe(searchKey('さと－'));
    expect(searchKey('ＡＢＣ')).toBe(searchKey('abc'));
    expect(searchKey('')).toBe('');
  });

  it('is idempotent for any text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => searchKey(searchKey(s)) === searchKey(s)));
    fc.assert(fc.property(kanaName, (s) => searchKey(searchKey(s)) === searchKey(s)));
  });

  it('does not care about hiragana, katakana, half-width katakana or spaces', () => {
    fc.assert(
      fc.property(kanaName, (s) => {
        const key = searchKey(s);
        return (
          searchKey(toKatakana(s)) === key &&
          searchKey(toHalfKatakana(s)) === key &&
          searchKey(s.replace(/[ 　]/g, '')) === key
        );
      }),
    );
  });
});

describe('codeKey', () => {
  it('equates codes that differ in leading zeros or width', () => {
    expect(codeKey('0000001')).toBe('1');
    expect(codeKey('１')).toBe('1');
    expect(codeKey('1')).toBe('1');
    expect(codeKey('0')).toBe('0');
    expect(codeKey('00')).toBe('0');
    expect(codeKey('')).toBe('');
    expect(codeKey('記号なし')).toBe('');
    expect(codeKey('1234-0010')).toBe('12340010');
  });

  it('is the number the digits spell, whatever their width and padding', () => {
    const digits = fc.stringMatching(/^[0-9]{0,16}$/);
    fc.assert(
      fc.property(digits, fc.nat(6), (d, pad) => {
        const expected = d === '' ? '' : BigInt(d).toString();
        return (
          codeKey(d) === expected &&
          codeKey(toFullWidthDigits(d)) === expected &&
          codeKey('0'.repeat(pad) + d) === (d === '' && pad === 0 ? '' : expected || '0')
        );
      }),
    );
  });

  it('is idempotent', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => codeKey(codeKey(s)) === codeKey(s)));
  });
});

describe('cleanCell', () => {
  it('trims spaces of both widths at the ends and keeps the rest as written', () => {
    expect(cleanCell('　髙橋　大輔 ')).toBe('髙橋　大輔');
    expect(cleanCell(' ﾀｶﾊｼ ')).toBe('ﾀｶﾊｼ');
    expect(cleanCell('０００１')).toBe('０００１');
    expect(cleanCell(undefined)).toBe('');
  });
});

describe('memberKey', () => {
  it('matches one person whatever the zeros and width of the codes', () => {
    expect(memberKey('01010101', '0000001', '00')).toBe(memberKey('１０１０１０１', '1', '0'));
    expect(memberKey('1234', '12345600', '')).toBe(memberKey('１２３４', '１２３４５６００', ''));
  });

  it('keeps codes with letters apart instead of reducing them to their digits', () => {
    expect(memberKey('A1', '5', '00')).not.toBe(memberKey('B1', '5', '00'));
    expect(memberKey('ａ１', '5', '00')).toBe(memberKey('A1', '5', '00'));
  });

  it('does not let one part run into the next', () => {
    expect(memberKey('12', '3', '')).not.toBe(memberKey('1', '23', ''));
  });
});
