/**
 * Which household an OCR read of an envelope window names. Tesseract gives digit runs in which the labels
 * 記号/番号 (and the kanji around them) turn into stray digits, e.g. `2201010101 50000040` for 記号 01010101
 * 番号 0000040, so the read is never parsed on its own: the list decides. A household matches when its
 * 記号 and 番号, each written exactly as in the list (zeros kept), appear at separate places in the runs.
 * A 記号 off by one digit or only half read is allowed when the 番号 is exact and the list leaves no other
 * household (協会けんぽ gives one 記号 to the whole employer, so there the 番号 alone decides anyway).
 * A read of several passes (`pass / pass`) names a household only when every pass names the same one.
 * The caller acts only on exactly one household; anything else is shown, never handed over.
 */
import { prepareCached, type DB } from '../db/open';
import { visibleShipment } from '../db/staging';

export interface HouseholdHit {
  insurerId: number;
  symbol: string;
  number: string;
  symbolKey: string;
  numberKey: string;
}

export interface TextMatch {
  /** The household every pass names (the caller acts only on exactly one); several when a pass is ambiguous. */
  households: HouseholdHit[];
  /** Households some pass came close to but the read as a whole does not confirm: for the clerk to check. */
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

/**
 * Half of the 記号 or more, in one piece, away from the 番号: a tilted window often splits the 記号 in two
 * (`0101 0101`) or loses a digit to its label. Only ever used with an exact 番号.
 */
function partOccurs(hay: string, needle: string, avoid: number, avoidLen: number): boolean {
  const min = Math.max(2, Math.ceil(needle.length / 2));
  for (let len = needle.length - 1; len >= min; len--) {
    for (let i = 0; i + len <= needle.length; i++) {
      if (occurrences(hay, needle.slice(i, i + len)).some((at) => !overlaps(at, len, avoid, avoidLen))) return true;
    }
  }
  return false;
}

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

function matchPass(db: DB, read: string): TextMatch {
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
       FROM members WHERE number_key = ? AND ${visibleShipment('shipment_id')}`,
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
        if (symbol.length >= 2 && (nearOccurs(hay, symbol, at, number.length) || partOccurs(hay, symbol, at, number.length))) near.set(id, h);
      }
    }
  }
  return { households: [...households.values()], near: [...near.values()].filter((h) => !households.has(idOf(h))) };
}

const idOf = (h: HouseholdHit) => `${h.insurerId}|${h.symbolKey}|${h.numberKey}`;

/** The one household a pass names: its only exact match, or its only near match when it has no exact one. */
function named(m: TextMatch): HouseholdHit | null {
  if (m.households.length === 1) return m.households[0]!;
  if (m.households.length === 0 && m.near.length === 1) return m.near[0]!;
  return null;
}

/**
 * One pass; when it names nothing, the same digits with the gaps closed: a tilted line is often cut inside
 * the 番号 (`0 000550`). What only the closed-up digits show counts as near, never as exact.
 */
function matchPassOrJoined(db: DB, read: string): TextMatch {
  const m = matchPass(db, read);
  if (named(m) || m.households.length > 1) return m;
  const joined = matchPass(db, read.replace(/\D+/g, ''));
  const near = new Map([...m.near, ...joined.households, ...joined.near].map((h) => [idOf(h), h]));
  return { households: [], near: [...near.values()] };
}

export function matchText(db: DB, read: string): TextMatch {
  const passes = read.split('/').map((p) => matchPassOrJoined(db, p));
  const names = passes.map(named);
  const first = names[0];
  if (first && names.every((n) => n !== null && idOf(n) === idOf(first))) return { households: [first], near: [] };
  const all = new Map<string, HouseholdHit>();
  for (const p of passes) for (const h of p.households) all.set(idOf(h), h);
  if (all.size > 1 && passes.some((p) => p.households.length > 1)) return { households: [...all.values()], near: [] };
  for (const p of passes) for (const h of p.near) all.set(idOf(h), h);
  return { households: [], near: [...all.values()].slice(0, MAX_NEAR) };
}
