/**
 * What a scanned or typed code can mean. Pure: the service looks the candidates up in the database.
 *
 * Accepted: 整理番号 with or without hyphens; 記号+番号(+枝番) separated by spaces/hyphens or joined;
 * full-width digits; leading zeros optional where that is unambiguous (the service decides that).
 */

export interface KeyCandidate {
  /** Leading-zero-free keys, as stored in members.*_key. */
  symbolKey: string;
  numberKey: string;
  /** null: no 枝番 in the code (any branch of that 記号番号, i.e. the household). */
  branchKey: string | null;
  /** The digits as they appeared, to prefer candidates written exactly like the list. */
  written: { symbol: string; number: string; branch: string | null };
}

export interface ParsedCode {
  /** The code as the clerk should see it echoed back (half-width, trimmed). */
  display: string;
  /** All digits, leading zeros stripped: a 整理番号 or a joined 記号番号枝番. */
  digitsKey: string;
  /** The raw digit string (zeros kept). */
  digits: string;
  candidates: KeyCandidate[];
}

// The spaces and dashes normalize.ts folds for search (box-drawing lines typed for ー, zero-width spaces from a
// pasted cell) separate a code too; otherwise a code that looks right on screen would find nothing.
const SEPARATORS = /[\s\-‐‑‒–—―−－ー─━_/.\u200b-\u200d\u2060]+/u;
const stripZeros = (s: string) => s.replace(/^0+(?=\d)/, '');

/** Shortest/longest 記号 and 番号 we try when a code comes joined: real lists use 1–8 digits each. */
const MAX_PART = 10;

export function parseScannedCode(raw: string): ParsedCode | null {
  const display = raw.normalize('NFKC').trim();
  if (display === '') return null;
  const parts = display.split(SEPARATORS).filter((p) => p !== '');
  if (parts.length === 0 || parts.some((p) => !/^\d+$/.test(p))) return null;
  const digits = parts.join('');
  const candidates: KeyCandidate[] = [];
  const add = (symbol: string, number: string, branch: string | null) =>
    candidates.push({
      symbolKey: stripZeros(symbol),
      numberKey: stripZeros(number),
      branchKey: branch === null ? null : stripZeros(branch),
      written: { symbol, number, branch },
    });

  if (parts.length === 2) add(parts[0]!, parts[1]!, null);
  else if (parts.length === 3) add(parts[0]!, parts[1]!, parts[2]!);
  else if (parts.length === 1) {
    // Joined: every way of cutting it into 記号|番号(|枝番). The service keeps the ones that exist.
    const d = digits;
    for (let i = 1; i < d.length && i <= MAX_PART; i++) {
      for (let j = i + 1; j <= d.length && j - i <= MAX_PART; j++) {
        const branch = j === d.length ? null : d.slice(j);
        if (branch !== null && branch.length > 3) continue; // 枝番 has 2 digits, rarely 3
        add(d.slice(0, i), d.slice(i, j), branch);
      }
    }
  }
  return { display, digitsKey: stripZeros(digits), digits, candidates };
}
