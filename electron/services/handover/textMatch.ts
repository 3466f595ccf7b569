/**
 * Which household an OCR read of an envelope window names. Tesseract gives digit runs in which the labels
 * 記号/番号 (and the kanji around them) turn into stray digits, e.g. `2201010101 50000040` for 記号 01010101
 * 番号 0000040, so the read is never parsed on its own: the list decides. A household matches when its
 * 記号 and 番号, each written exactly as in the list (zeros kept), appear at separate places in the runs.
 * The caller acts only on exactly one matching household; anything else is shown, never handed over.
 */
import { prepareCached, type DB } from '../db/open';

export interface HouseholdHit {
  insurerId: number;
  symbol: string;
  number: string;
  symbolKey: string;
  numberKey: string;
}

export interface TextMatch {
  /** Households whose 記号 and 番号 both appear (the caller acts only on exactly one). */
  households: HouseholdHit[];
  /** 番号 found exactly, 記号 off by one digit: for the clerk to confirm by hand, never acted on. */
  near: HouseholdHit[];
}

/** Fewer digits than this are found by chance in an address or a date: a clerk must confirm. */
export const MIN_MATCH_DIGITS = 6;
const MAX_KEY = 10;
const MAX_NEAR = 3;

const digitsOf = (s: string) => s.normalize('NFKC').replace(/\D/g, '');
const stripZeros = (s: string) => s.replace(/^0+(?=\d)/, '');

/** Start offsets of `needle` in `runs` (runs joined by single spaces, so a match never spans two runs). */
function occurrences(hay: string, needle: string): number[] {
  const out: number[] = [];
  if (needle === '') return out;
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) out.push(i);
  return out;
}

const overlaps = (a: number, al: number, b: number, bl: number) => a < b + bl && b < a + al;

/** Places where `needle` appears with exactly one digit different, not overlapping [avoid, avoid+len). */
function nearOccurs(hay: string, needle: string, avoid: number, avoidLen: number): boolean {
  const n = needle.length;
  for (let i = 0; i + n <= hay.length; i++) {
    if (overlaps(i, n, avoid, avoidLen)) continue;
    let diff = 0;
    for (let k = 0; k < n && diff <= 1; k++) {
      const c = hay[i + k]!;
      if (c === ' ') diff = 2;
      else if (c !== needle[k]) diff++;
    }
    if (diff === 1) return true;
  }
  return false;
}

export function matchText(db: DB, read: string): TextMatch {
  const hay = read.replace(/[^0-9]+/g, ' ').trim();
  const runs = hay.split(' ').filter((r) => r !== '');
  // Every 番号 the runs could contain, as the list's keys (leading zeros stripped).
  const keys = new Set<string>();
  for (const run of runs) {
    for (let i = 0; i < run.length; i++) {
      for (let j = i + 1; j <= run.length && j - i <= MAX_KEY; j++) keys.add(stripZeros(run.slice(i, j)));
    }
  }
  const byNumber = prepareCached<[string], HouseholdHit>(
    db,
    `SELECT DISTINCT insurer_id AS insurerId, symbol, number, symbol_key AS symbolKey, number_key AS numberKey
       FROM members WHERE number_key = ?`,
  );
  const households = new Map<string, HouseholdHit>();
  const near = new Map<string, HouseholdHit>();
  for (const key of keys) {
    for (const h of byNumber.all(key)) {
      const id = `${h.insurerId}|${h.symbolKey}|${h.numberKey}`;
      if (households.has(id)) continue;
      const symbol = digitsOf(h.symbol);
      const number = digitsOf(h.number);
      if (symbol.length + number.length < MIN_MATCH_DIGITS) continue;
      for (const at of occurrences(hay, number)) {
        if (occurrences(hay, symbol).some((s) => !overlaps(s, symbol.length, at, number.length))) {
          households.set(id, h);
          near.delete(id);
          break;
        }
        if (near.size < MAX_NEAR && symbol.length >= 2 && nearOccurs(hay, symbol, at, number.length)) near.set(id, h);
      }
    }
  }
  return { households: [...households.values()], near: [...near.values()].filter((h) => !households.has(`${h.insurerId}|${h.symbolKey}|${h.numberKey}`)) };
}
