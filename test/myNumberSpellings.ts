/**
 * Every spelling of a My Number the app must recognise (issue #11 §5), shared by the unit tests of the rule
 * (shared/myNumber.test.ts) and the privacy test that pushes them through import, handlers and the CLI.
 * The check digit is computed here independently of the app's code (番号法施行令第8条 → 総務省令第85号第5条).
 */

/** The 12-digit My Number whose first 11 digits are given. */
export function withCheckDigit(first11: string): string {
  let sum = 0;
  for (let n = 1; n <= 11; n++) sum += Number(first11[11 - n]) * (n <= 6 ? n + 1 : n - 5);
  const r = sum % 11;
  return `${first11}${r <= 1 ? 0 : 11 - r}`;
}

export const fullWidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
const mathBold = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCodePoint(0x1d7ce + Number(d)));
const g444 = (n: string, a: string, b = a) => `${n.slice(0, 4)}${a}${n.slice(4, 8)}${b}${n.slice(8)}`;
const g3333 = (n: string, s: string) => `${n.slice(0, 3)}${s}${n.slice(3, 6)}${s}${n.slice(6, 9)}${s}${n.slice(9)}`;
const g66 = (n: string, s: string) => `${n.slice(0, 6)}${s}${n.slice(6)}`;

/** label → the number written that way */
export const SPELLINGS: readonly [string, (n: string) => string][] = [
  ['12 digits', (n) => n],
  ['full-width digits', fullWidth],
  ['mathematical bold digits', mathBold],
  ['4-4-4 hyphens', (n) => g444(n, '-')],
  ['4 4 4 spaces', (n) => g444(n, ' ')],
  ['4 4-4 mixed separators', (n) => g444(n, ' ', '-')],
  ['4 - 4 - 4 spaced hyphens', (n) => g444(n, ' - ')],
  ['4  4  4 double spaces', (n) => g444(n, '  ')],
  ['4.4.4 full stops', (n) => g444(n, '.')],
  ['4/4/4 slashes', (n) => g444(n, '/')],
  ['4_4_4 underscores', (n) => g444(n, '_')],
  ['4,4,4 commas', (n) => g444(n, ',')],
  ['4<U+200B>4<U+200B>4 zero-width space', (n) => g444(n, '\u200b')],
  ['4<U+200D>4<U+200D>4 zero-width joiner', (n) => g444(n, '\u200d')],
  ['4<U+2060>4<U+2060>4 word joiner', (n) => g444(n, '\u2060')],
  ['4<U+FEFF>4<U+FEFF>4 zero-width no-break space', (n) => g444(n, '\ufeff')],
  ['4<U+200B space>4 zero-width space and a space', (n) => g444(n, '\u200b ')],
  ['4　4　4 ideographic spaces', (n) => g444(n, '\u3000')],
  ['full-width 4ー4ー4 (長音)', (n) => fullWidth(g444(n, 'ー'))],
  ['full-width 4－4－4', (n) => fullWidth(g444(n, '－'))],
  ['full-width 4．4．4', (n) => fullWidth(g444(n, '．'))],
  ['full-width 4／4／4', (n) => fullWidth(g444(n, '／'))],
  ['full-width 4＿4＿4', (n) => fullWidth(g444(n, '＿'))],
  ['full-width 4，4，4', (n) => fullWidth(g444(n, '，'))],
  ['4‐4‐4 (U+2010 hyphen)', (n) => g444(n, '‐')],
  ['4−4−4 (U+2212 minus)', (n) => g444(n, '−')],
  ['4・4・4 (中点)', (n) => g444(n, '・')],
  ['3-3-3-3', (n) => g3333(n, '-')],
  ['3 3 3 3', (n) => g3333(n, ' ')],
  ['3.3.3.3', (n) => g3333(n, '.')],
  ['6-6', (n) => g66(n, '-')],
  ['6 6', (n) => g66(n, ' ')],
];

/** Every separator a spelling above uses, as it is after NFKC: removing them leaves a spelled number's 12 digits. */
export const ANY_SEPARATOR = /[\s\-‐‑‒–—―−ー・─━.\/_,\u00ad\u180e\u200b-\u200d\u2060\ufeff]/g;
