// Text helpers shared by the importer, scanning and search. Pure functions, no I/O.

/**
 * Old or rare forms of kanji common in family names, mapped to the form people type.
 * NFKC leaves these alone (髙 and 﨑 are not compatibility characters), yet a clerk
 * searching 高橋 must find 髙橋.
 */
const KANJI_VARIANTS: Readonly<Record<string, string>> = {
  髙: '高',
  﨑: '崎',
  嵜: '崎',
  齋: '斎',
  齊: '斎',
  邉: '辺',
  邊: '辺',
  濵: '浜',
  濱: '浜',
  嶋: '島',
  嶌: '島',
  澤: '沢',
  櫻: '桜',
  廣: '広',
  國: '国',
  眞: '真',
  冨: '富',
  峯: '峰',
  槇: '槙',
  藪: '薮',
  德: '徳',
  瀨: '瀬',
  '𠮷': '吉',
};
const KANJI_VARIANT_RE = new RegExp(`[${Object.keys(KANJI_VARIANTS).join('')}]`, 'gu');

function isSpaceCode(c: number): boolean {
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0xa0 ||
    c === 0x3000 ||
    c === 0xfeff ||
    (c >= 0x2000 && c <= 0x200d) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x2060 ||
    c === 0x1680
  );
}

/**
 * Hyphens, dashes, minus signs and the long-vowel mark. Lists type ー, －, ‐ and ｰ
 * interchangeably (in kana as in codes), so search treats them as one character.
 */
function isDashCode(c: number): boolean {
  return (
    c === 0x2d ||
    (c >= 0x2010 && c <= 0x2015) ||
    c === 0x2212 ||
    c === 0x30fc ||
    c === 0xff0d ||
    c === 0xff70 ||
    c === 0x2500 ||
    c === 0x2501 ||
    c === 0xfe63
  );
}

/**
 * Key for searching names and kana: width-, kana- and spacing-insensitive.
 * `ﾔﾏﾀﾞ ﾀﾛｳ`, `ヤマダ タロウ` and `やまだ　たろう` give the same key; 髙橋 and 高橋 too.
 * Never shown to the user.
 */
export function searchKey(s: string): string {
  if (!s) return '';
  const t = s.normalize('NFKC').replace(KANJI_VARIANT_RE, (v) => KANJI_VARIANTS[v] ?? v);
  let out = '';
  let start = 0;
  // Copy runs of unchanged characters in one slice: names are mostly kanji that need no change.
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    let rep: string | null;
    if (c >= 0x30a1 && c <= 0x30f6) rep = String.fromCharCode(c - 0x60);
    else if (isSpaceCode(c)) rep = '';
    else if (isDashCode(c)) rep = c === 0x2d ? null : '-';
    else continue;
    if (rep === null) continue;
    out += t.slice(start, i) + rep;
    start = i + 1;
  }
  out = (start === 0 ? t : out + t.slice(start)).toLowerCase();
  // Removing a space can put a base character next to a combining mark (か ゙ -> が);
  // compose once more so that searchKey(searchKey(x)) === searchKey(x).
  return out.normalize('NFKC');
}

function isAsciiDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return s.length > 0;
}

function stripLeadingZeros(digits: string): string {
  let i = 0;
  while (i < digits.length - 1 && digits.charCodeAt(i) === 0x30) i++;
  return i === 0 ? digits : digits.slice(i);
}

/**
 * Key for insurance codes (記号・番号・枝番, 所属コード): digits only, leading zeros dropped.
 * `0000001`, `１` and `1` are equal; `0` and `00` give `0`; no digits at all gives ''.
 */
export function codeKey(s: string): string {
  if (!s) return '';
  if (isAsciiDigits(s)) return stripLeadingZeros(s);
  const t = s.normalize('NFKC');
  let i = 0;
  let sawDigit = false;
  // skip everything up to the first significant digit
  for (; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 0x31 && c <= 0x39) break;
    if (c === 0x30) sawDigit = true;
  }
  let out = '';
  let start = i;
  for (; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c < 0x30 || c > 0x39) {
      out += t.slice(start, i);
      start = i + 1;
    }
  }
  out += t.slice(start);
  if (out) return out;
  return sawDigit ? '0' : '';
}

/** Display value of a cell: spaces of either width trimmed at the ends, the rest as written. */
export function cleanCell(s: string | null | undefined): string {
  if (s == null) return '';
  // String.prototype.trim covers U+3000 (全角スペース) and U+FEFF as well.
  return s.trim();
}

/**
 * One identifier part for matching and for the stored keys: codes of digits compare by codeKey, anything else
 * (a 記号 with letters or kana) by its normalised text, so `A1` and `B1` stay two people.
 */
export function identifierKey(s: string): string {
  return idPart(s);
}

function idPart(s: string): string {
  if (!s) return '';
  if (isAsciiDigits(s)) return stripLeadingZeros(s);
  const t = s.normalize('NFKC').replace(/\s+/g, '');
  return /^[0-9]*$/.test(t) ? codeKey(t) : t.toUpperCase();
}

/**
 * The identity of one envelope's person: 記号+番号+枝番. Full-width digits and leading zeros
 * do not matter; a 記号 with letters or kana (some 健保組合 use them) is compared as text,
 * because codeKey alone would fold `A1` and `B1` together.
 */
export function memberKey(symbol: string, number: string, branch: string): string {
  return `${idPart(symbol)}\u001f${idPart(number)}\u001f${idPart(branch)}`;
}
