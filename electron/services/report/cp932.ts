/**
 * Text → Shift_JIS (CP932, what Japanese Windows and most payroll systems read), for the report's CSV.
 *
 * The table is the inverse of the platform's own `TextDecoder('shift_jis')` (WHATWG Encoding, the decoder the
 * importer already trusts), with the WHATWG encoder's rule: the NEC-selected IBM extensions (lead bytes
 * ED–EE) are never produced, because the same characters exist as IBM extensions (FA–FC), which is what
 * Windows writes (髙 → FB FC). A character with no code is reported, never replaced with '?'.
 * No library needed: encoding-japanese writes 髙 as the NEC-selected ED/EE form instead.
 */

let table: Map<number, number> | null = null;

function buildTable(): Map<number, number> {
  const decoder = new TextDecoder('shift_jis');
  const t = new Map<number, number>();
  const pair = new Uint8Array(2);
  for (let lead = 0x81; lead <= 0xfc; lead++) {
    if (lead >= 0xa0 && lead <= 0xdf) continue; // single-byte katakana
    if (lead === 0xed || lead === 0xee) continue; // NEC-selected IBM extensions: see above
    for (let trail = 0x40; trail <= 0xfc; trail++) {
      if (trail === 0x7f) continue;
      pair[0] = lead;
      pair[1] = trail;
      const s = decoder.decode(pair);
      if (s.length !== 1 || s === '\uFFFD') continue;
      const cp = s.charCodeAt(0);
      if (!t.has(cp)) t.set(cp, (lead << 8) | trail); // the lowest code wins (JIS X 0208 before NEC row 13)
    }
  }
  return t;
}

/** The CP932 code of one code point: a byte, two bytes packed as lead<<8|trail, or undefined. */
function codeOf(cp: number): number | undefined {
  if (cp < 0x80) return cp;
  if (cp >= 0xff61 && cp <= 0xff9f) return cp - 0xff61 + 0xa1; // half-width katakana
  if (cp === 0x2212) cp = 0xff0d; // MINUS SIGN: Windows writes the full-width hyphen-minus
  table ??= buildTable();
  return table.get(cp);
}

export interface Unencodable {
  /** The character as the clerk sees it (a surrogate pair stays one character). */
  char: string;
  /** Index of the string among those given to encodeCp932. */
  index: number;
}

/**
 * Encodes the strings one after the other; the first character CP932 cannot hold stops it and is returned
 * with the index of its string, so the caller can say which row and column.
 */
export function encodeCp932(parts: readonly string[]): { bytes: Uint8Array } | { unencodable: Unencodable } {
  let size = 0;
  for (const p of parts) size += p.length * 2;
  const out = new Uint8Array(size);
  let n = 0;
  for (let i = 0; i < parts.length; i++) {
    const s = parts[i]!;
    for (const ch of s) {
      const code = codeOf(ch.codePointAt(0)!);
      if (code === undefined) return { unencodable: { char: ch, index: i } };
      if (code > 0xff) out[n++] = code >> 8;
      out[n++] = code & 0xff;
    }
  }
  return { bytes: out.subarray(0, n) };
}
