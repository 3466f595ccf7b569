// Shared by the importer (cells) and the API schemas (text the clerk types): both must keep My Numbers out.
// The app never needs a My Number (個人番号) and must never store or show one. Lists sometimes
// carry them anyway, in a 個人番号 column or under some other header; these checks keep them
// out of everything the importer returns.

const DIGIT = '[0-9０-９]';
const SEP = '[\\s\\-‐‑‒–—―−－ー]';
/** A whole cell that is a My Number: 12 digits, or 4-4-4 with one kind of separator. */
const MY_NUMBER_CELL_RE = new RegExp(`^(?:${DIGIT}{12}|${DIGIT}{4}(${SEP})${DIGIT}{4}\\1${DIGIT}{4})$`);
/**
 * The same inside longer text: exactly 12 digits in a row, or a 4-4-4 group that is not part
 * of a longer grouped code (1234-12345678-12 is a 整理番号). Runs of 13+ digits are something else.
 */
const MY_NUMBER_RUN_RE = new RegExp(
  `(?<!${DIGIT})${DIGIT}{12}(?!${DIGIT})|(?<!${DIGIT}${SEP}?)${DIGIT}{4}(${SEP})${DIGIT}{4}\\1${DIGIT}{4}(?!${SEP}?${DIGIT})`,
  'g',
);
const MASK = '************';

function countDigits(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x30 && c <= 0x39) || (c >= 0xff10 && c <= 0xff19)) n++;
  }
  return n;
}

/** The trimmed text is a My Number and nothing else. */
export function isMyNumberText(s: string): boolean {
  // cheap checks first: this runs on every cell the importer reads
  if (s.length < 12) return false;
  const t = s.trim();
  if (t.length < 12 || t.length > 14) return false;
  return countDigits(t) === 12 && MY_NUMBER_CELL_RE.test(t);
}

/** A value that counts as a My Number when deciding whether a whole column holds them. */
export function looksLikeMyNumberValue(v: unknown): boolean {
  if (typeof v === 'number') {
    // Stored as a number, a My Number starting with 0 loses it and has 11 digits.
    return Number.isInteger(v) && v >= 1e10 && v < 1e12;
  }
  return typeof v === 'string' && isMyNumberText(v);
}

/** Masks My Number-like digit runs inside free text (names, reasons, headers). */
export function scrubMyNumbers(s: string): string {
  if (s.length < 12 || countDigits(s) < 12) return s;
  return s.replace(MY_NUMBER_RUN_RE, MASK);
}
