import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { codeKey, memberKey, searchKey } from './normalize';

// More properties of the name normaliser and the code keys, beside the examples in normalize.test.ts.
// Seeded, so a failure is the same failure on every machine.
const RUNS = { numRuns: 400, seed: 0x6b75 };

const anyText = fc.string({ unit: 'binary', maxLength: 60 });
const SPACES = [' ', '　', '\t', '\n', '\u00a0', '\u2002', '\u200b', '\u202f', '\ufeff'];
const DASHES = ['ー', 'ｰ', '－', '‐', '―', '−', '─', '━'];
const HIRAGANA = [...'あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをんがぎぐげござじずぜぞだぢづでどばびぶべぼぱぴぷぺぽっゃゅょ'];
/** Kanji of family names, including the old forms a list may use and a clerk does not type. */
const VARIANTS: [string, string][] = [['髙', '高'], ['﨑', '崎'], ['齋', '斎'], ['邉', '辺'], ['邊', '辺'], ['澤', '沢'], ['濱', '浜'], ['嶋', '島'], ['𠮷', '吉']];
const KANJI = ['山', '田', '中', '橋', '本', '藤', '木', '村', '川', '野', ...VARIANTS.flat()];
const name = fc.array(fc.constantFrom(...KANJI, ...HIRAGANA, 'タ', 'ﾀ', 'ﾞ', 'A', 'ｂ', '１', ' ', '　'), { maxLength: 12 }).map((a) => a.join(''));

const fullWidthAscii = (s: string) => s.replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
const toKatakana = (s: string) => s.replace(/[\u3041-\u3096]/g, (h) => String.fromCharCode(h.charCodeAt(0) + 0x60));

describe('searchKey (properties)', () => {
  it('never throws and never leaves a space in the key, whatever the text (lone surrogates included)', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const k = searchKey(s);
        expect(typeof k).toBe('string');
        expect(/[\s\u200b-\u200d\u2060\ufeff]/.test(k)).toBe(false);
      }),
      RUNS,
    );
  });

  it('does not depend on how the text is composed (NFC, NFD, NFKC)', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, name), (s) => {
        const k = searchKey(s);
        expect(searchKey(s.normalize('NFC'))).toBe(k);
        expect(searchKey(s.normalize('NFD'))).toBe(k);
        expect(searchKey(s.normalize('NFKC'))).toBe(k);
      }),
      RUNS,
    );
  });

  it('ignores spaces of any kind anywhere', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, name), fc.oneof(anyText, name), fc.constantFrom(...SPACES), (a, b, sp) => {
        expect(searchKey(a + sp + b)).toBe(searchKey(a + b));
      }),
      RUNS,
    );
  });

  it('ignores width and letter case of Latin letters and digits', () => {
    const ascii = fc.string({ unit: fc.constantFrom(...'abcxyzABCXYZ0189-'), maxLength: 16 });
    fc.assert(
      fc.property(ascii, (s) => {
        expect(searchKey(fullWidthAscii(s))).toBe(searchKey(s));
        expect(searchKey(s.toUpperCase())).toBe(searchKey(s.toLowerCase()));
      }),
      RUNS,
    );
  });

  it('treats every dash and long-vowel mark alike', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...HIRAGANA), { minLength: 1, maxLength: 6 }), fc.constantFrom(...DASHES), fc.constantFrom(...DASHES), (kana, d1, d2) => {
        const s = toKatakana(kana.join(''));
        expect(searchKey(s + d1)).toBe(searchKey(s + d2));
      }),
      RUNS,
    );
  });

  it('finds old kanji forms under the common ones, in any name', () => {
    fc.assert(
      fc.property(name, (s) => {
        let common = s;
        for (const [old, now] of VARIANTS) common = common.split(old).join(now);
        expect(searchKey(s)).toBe(searchKey(common));
      }),
      RUNS,
    );
  });

  it('is idempotent on names', () => {
    fc.assert(fc.property(fc.oneof(name, anyText), (s) => searchKey(searchKey(s)) === searchKey(s)), RUNS);
  });
});

describe('codeKey (properties)', () => {
  const digits = fc.stringMatching(/^[0-9]{1,16}$/);
  const junk = fc.string({ unit: fc.constantFrom(...SPACES, ...DASHES, '-', '_', '/', '.', '(', ')'), maxLength: 3 });

  it('gives ASCII digits without leading zeros (or nothing), whatever the text', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        expect(codeKey(s)).toMatch(/^(0|[1-9][0-9]*)?$/);
      }),
      RUNS,
    );
  });

  it('ignores separators, spaces and width between the digits', () => {
    fc.assert(
      fc.property(digits, fc.array(junk, { minLength: 17, maxLength: 17 }), fc.boolean(), (d, seps, wide) => {
        const spelled = [...d].map((ch, i) => seps[i] + (wide ? fullWidthAscii(ch) : ch)).join('') + seps[16];
        expect(codeKey(spelled)).toBe(codeKey(d));
        expect(codeKey(d)).toBe(BigInt(d).toString());
      }),
      RUNS,
    );
  });
});

describe('memberKey (properties)', () => {
  const code = fc.stringMatching(/^[0-9]{1,8}$/);
  const spell = (s: string, pad: number, wide: boolean, sp: string) => sp + '0'.repeat(pad) + (wide ? fullWidthAscii(s) : s) + sp;

  it('is the same for one person however the codes are padded, spaced or widened', () => {
    fc.assert(
      fc.property(code, code, code, fc.nat(3), fc.boolean(), fc.constantFrom('', ' ', '　'), (s, n, b, pad, wide, sp) => {
        expect(memberKey(spell(s, pad, wide, sp), spell(n, pad, wide, sp), spell(b, pad, wide, sp))).toBe(memberKey(s, n, b));
      }),
      RUNS,
    );
  });

  it('tells two people apart exactly when one of their codes differs', () => {
    fc.assert(
      fc.property(code, code, code, code, code, code, (s1, n1, b1, s2, n2, b2) => {
        const same = codeKey(s1) === codeKey(s2) && codeKey(n1) === codeKey(n2) && codeKey(b1) === codeKey(b2);
        expect(memberKey(s1, n1, b1) === memberKey(s2, n2, b2)).toBe(same);
      }),
      RUNS,
    );
  });

  it('compares a 記号 with letters as text, ignoring width and case', () => {
    const alnum = fc.stringMatching(/^[A-Za-z][0-9A-Za-z]{0,6}$/);
    fc.assert(
      fc.property(alnum, (s) => {
        expect(memberKey(fullWidthAscii(s.toLowerCase()), '1', '0')).toBe(memberKey(s.toUpperCase(), '1', '0'));
      }),
      RUNS,
    );
  });

  it('never throws', () => {
    fc.assert(fc.property(anyText, anyText, anyText, (a, b, c) => void memberKey(a, b, c)), RUNS);
  });
});
