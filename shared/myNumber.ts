// The one home of the My Number rule, shared by the importer (cells, headers, file names), the API schemas
// (text the clerk types), the services that store names of files, and the log.
// The app never needs a My Number (個人番号) and must never store or show one. Lists sometimes carry them
// anyway, in a 個人番号 column or under some other header, and clerks paste them into notes; they come
// in every spelling: full-width, grouped 4-4-4, 3-3-3-3 or 6-6 with any separators (mixed, repeated,
// zero-width), or as an Excel number that lost its leading zero.
//
// Characters are compared after NFKC (so ０-９, 𝟏, － and ／ count as what they look like), but the text
// that is kept is the original: only the digits of a My Number and the separators between them are masked.

const MASK = '************';

/** Standard ways of grouping the 12 digits: these are masked wherever they stand alone. */
const STANDARD_GROUPINGS = new Set(['12', '4,4,4', '3,3,3,3', '6,6']);

/** Separators between digit groups that still read as one number ("1234 - 5678 - 9012" has 3). */
const MAX_GAP = 3;

/**
 * 番号法施行令第8条 → 総務省令第85号第5条: with Pn the n-th of the first 11 digits counted from the right and
 * Qn = n + 1 (n ≤ 6) or n − 5 (n ≥ 7), the check digit is 11 − (Σ Pn·Qn mod 11), or 0 when that remainder ≤ 1.
 */
export function isValidMyNumber(digits: string): boolean {
  if (!/^[0-9]{12}$/.test(digits)) return false;
  let sum = 0;
  for (let n = 1; n <= 11; n++) sum += (digits.charCodeAt(11 - n) - 0x30) * (n <= 6 ? n + 1 : n - 5);
  const r = sum % 11;
  return digits.charCodeAt(11) - 0x30 === (r <= 1 ? 0 : 11 - r);
}

// --- characters ---------------------------------------------------------------------------------------
const OTHER = -1;
const SEP = -2;
/** What NFKC makes of them; ー and zero-width characters survive NFKC, so they are listed as they are. */
const SEPARATORS = new Set([...' \t\n\r\v\f-./_,', '\u00a0', '\u3000', ...'‐‑‒–—―−－ー・─━', '\u00ad', '\u180e', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff']);
const UNKNOWN = -3;
/** Classes of the Basic Multilingual Plane, filled as characters are met: the importer asks for every cell. */
const bmpClass = new Int8Array(0x10000).fill(UNKNOWN);
const astralClass = new Map<number, number>();

function computeClass(cp: number): number {
  const ch = String.fromCodePoint(cp);
  const n = ch.normalize('NFKC');
  if (n.length === 1 && n >= '0' && n <= '9') return n.charCodeAt(0) - 0x30;
  if (SEPARATORS.has(ch) || (n.length > 0 && [...n].every((c) => SEPARATORS.has(c)))) return SEP;
  return OTHER;
}

/** A digit's value (0-9), SEP or OTHER. */
function classOf(cp: number): number {
  if (cp < 0x10000) {
    let k = bmpClass[cp] as number;
    if (k === UNKNOWN) bmpClass[cp] = k = computeClass(cp);
    return k;
  }
  let k = astralClass.get(cp);
  if (k === undefined) astralClass.set(cp, (k = computeClass(cp)));
  return k;
}

/** Fewer than 12 digits (of any width): the common case, answered without allocating. */
function tooFewDigits(s: string): boolean {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      if (classOf(s.codePointAt(i) as number) >= 0) n++;
      i++;
    } else if (classOf(c) >= 0) n++;
  }
  return n < 12;
}

interface Group {
  /** code-unit offsets in the original text: first digit, after the last digit */
  start: number;
  end: number;
  /** how many digits */
  length: number;
}

/**
 * The text's digit groups, chained: groups joined by at most MAX_GAP separators belong to one chain.
 * `other` tells whether anything but digits and separators occurs. Null when it holds fewer than 12 digits.
 * Groups keep offsets and lengths only (the digits are read back from the text when a check digit is
 * needed): every 整理番号 of a list (0101-0000001-00) comes through here, 100,000 times an import.
 */
function chainsOf(s: string): { chains: Group[][]; other: boolean } | null {
  const chains: Group[][] = [];
  let chain: Group[] = [];
  let group: Group | null = null;
  /** characters since the last digit, and whether all of them were separators */
  let gap = 0;
  let gapIsSep = true;
  let other = false;
  let count = 0;
  for (let i = 0; i < s.length; ) {
    const cp = s.codePointAt(i) as number;
    const width = cp > 0xffff ? 2 : 1;
    const k = classOf(cp);
    if (k >= 0) {
      count++;
      if (group) {
        group.length++;
        group.end = i + width;
      } else {
        if (chain.length > 0 && (!gapIsSep || gap > MAX_GAP)) {
          chains.push(chain);
          chain = [];
        }
        group = { start: i, end: i + width, length: 1 };
        chain.push(group);
      }
      gap = 0;
      gapIsSep = true;
    } else {
      group = null;
      gap++;
      if (k === OTHER) {
        other = true;
        gapIsSep = false;
      }
    }
    i += width;
  }
  if (chain.length > 0) chains.push(chain);
  return count < 12 ? null : { chains, other };
}

/** Whether groups from..to (inclusive) of the chain are 12 digits grouped a standard way (STANDARD_GROUPINGS). */
function isStandardGrouping(chain: readonly Group[], from: number, to: number): boolean {
  return STANDARD_GROUPINGS.has(
    chain
      .slice(from, to + 1)
      .map((g) => g.length)
      .join(','),
  );
}

/** The digits (ASCII) of groups from..to, read back from the text. */
function digitsOf(s: string, chain: readonly Group[], from: number, to: number): string {
  let digits = '';
  for (let g = from; g <= to; g++) {
    for (let i = chain[g]!.start; i < chain[g]!.end; ) {
      const cp = s.codePointAt(i) as number;
      const k = classOf(cp);
      if (k >= 0) digits += String.fromCharCode(0x30 + k);
      i += cp > 0xffff ? 2 : 1;
    }
  }
  return digits;
}

/**
 * The spans of a chain that are My Numbers:
 * - a run of exactly 12 digits, wherever it stands (a longer run is something else: a JAN code, an account);
 * - a whole chain of 12 digits grouped the standard ways (4-4-4, 3-3-3-3, 6-6), whatever the separators;
 * - inside a longer chain (a date or a phone number next to it), a standard grouping whose check digit is
 *   right: a 1234-5678-9012 between other numbers may be anything, a valid one is most likely a My Number.
 * Other groupings (記号-番号-枝番 such as 12345-12345-12) are codes, not My Numbers.
 */
function spansOf(s: string, chain: readonly Group[]): [number, number][] {
  const spans: [number, number][] = [];
  for (const g of chain) if (g.length === 12) spans.push([g.start, g.end]);
  if (chain.length < 2) return spans;
  const last = chain.length - 1;
  let total = 0;
  for (const g of chain) total += g.length;
  if (total === 12 && isStandardGrouping(chain, 0, last)) return [[chain[0]!.start, chain[last]!.end]];
  for (let i = 0; i < chain.length; i++) {
    let n = 0;
    for (let j = i; j < chain.length && n < 12; j++) {
      n += chain[j]!.length;
      if (n !== 12 || j === i) continue;
      if (isStandardGrouping(chain, i, j) && isValidMyNumber(digitsOf(s, chain, i, j))) spans.push([chain[i]!.start, chain[j]!.end]);
    }
  }
  return spans;
}

/** The trimmed text is a My Number and nothing else (in any spelling). */
export function isMyNumberText(s: string): boolean {
  // cheap checks first: this runs on every cell the importer reads
  if (s.length < 12) return false;
  const t = s.trim();
  if (t.length < 12 || t.length > 12 + 11 * MAX_GAP || tooFewDigits(t)) return false;
  const found = chainsOf(t);
  if (!found || found.other || found.chains.length !== 1) return false;
  const chain = found.chains[0]!;
  const spans = spansOf(t, chain);
  return spans.length === 1 && spans[0]![0] === chain[0]!.start && spans[0]![1] === chain[chain.length - 1]!.end;
}

/** An 11-digit whole number that is a My Number once the leading zero Excel dropped is put back. */
function isLostZeroMyNumber(v: number): boolean {
  return Number.isInteger(v) && v >= 1e10 && v < 1e11 && isValidMyNumber(String(v).padStart(12, '0'));
}

/** One cell's stored value is a My Number: its text, or a number (12 digits, or 11 that lost a leading 0). */
export function isMyNumberValue(v: unknown): boolean {
  if (typeof v === 'number') return (Number.isInteger(v) && v >= 1e11 && v < 1e12) || isLostZeroMyNumber(v);
  return typeof v === 'string' && isMyNumberText(v);
}

/** A value that counts as a My Number when deciding whether a whole column holds them. */
export function looksLikeMyNumberValue(v: unknown): boolean {
  if (typeof v === 'number') {
    // Stored as a number, a My Number starting with 0 loses it and has 11 digits.
    return Number.isInteger(v) && v >= 1e10 && v < 1e12;
  }
  if (typeof v !== 'string') return false;
  // A CSV saved from such a sheet keeps the 11 digits as text.
  const t = v.trim();
  return isMyNumberText(t) || (/^[0-9]{11}$/.test(t) && isValidMyNumber(`0${t}`));
}

/** Masks My Numbers inside free text (names, notes, headers, file names, log lines), keeping the rest as it is. */
export function scrubMyNumbers(s: string): string {
  if (s.length < 12 || tooFewDigits(s)) return s;
  const found = chainsOf(s);
  return found ? masked(s, found.chains.flatMap((chain) => spansOf(s, chain))) : s;
}

/**
 * What the importer keeps of a cell's text: null when the whole text is a My Number (isMyNumberText), else
 * the text with any My Number inside it masked (scrubMyNumbers). One reading of the text answers both for
 * a trimmed cell, as the importer's are: every 整理番号 of a list (0101-0000001-00) has 12 digits or more
 * and was read twice, about 50 ms of a 100,000-member import.
 */
export function maskMyNumberText(s: string): string | null {
  if (s.length < 12 || tooFewDigits(s)) return s;
  if (s.trim() !== s) return isMyNumberText(s) ? null : scrubMyNumbers(s);
  const found = chainsOf(s);
  if (!found) return s;
  const spans = found.chains.map((chain) => spansOf(s, chain));
  const chain = found.chains[0]!;
  const only = spans[0]!;
  const whole =
    s.length <= 12 + 11 * MAX_GAP &&
    !found.other &&
    found.chains.length === 1 &&
    only.length === 1 &&
    only[0]![0] === chain[0]!.start &&
    only[0]![1] === chain[chain.length - 1]!.end;
  return whole ? null : masked(s, spans.flat());
}

/** The text with the spans (code-unit offsets, possibly overlapping) replaced by the mask. */
function masked(s: string, spans: [number, number][]): string {
  if (spans.length === 0) return s;
  spans.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [start, end] of spans) {
    if (end <= at) continue;
    out += s.slice(at, Math.max(at, start)) + (start >= at ? MASK : '');
    at = end;
  }
  return out + s.slice(at);
}
