// Finding the header row of a sheet and what each column holds, for every kind of sheet the app
// reads (an insurer's 送付対象者リスト, the employer's 社員名簿). Each kind brings its own synonym
// table; the search, the folding of header texts and the My Number guard are the same for all.
// Sheets word one column many ways (記号 / 被保険者証記号, カナ / フリガナ / 対象者氏名（ｶﾅ）) and put
// title rows, notes or a cover sheet above the table.

import { cleanCell } from '../../domain/normalize';
import { HEADER_SCAN_ROWS } from './limits';
import type { Grid } from './read';

// Separators and decorations that do not change what a header means: brackets, spaces,
// punctuation, required-field marks, control and zero-width characters pasted in from other
// programs. The long-vowel mark stays (コード).
const HEADER_NOISE_RE = /[\s\u0000-\u001f\u007f\u200b-\u200d\u2060\ufeff()[\]{}「」『』【】〔〕<>〈〉《》・:;.,、。/\\_*※'"‘’“”#\-‐‑‒–—―−]/g;

/**
 * No header is this long; a longer cell is data (or a hostile file) and is not folded character by character,
 * which for a cell of megabytes costs seconds in garbage collection.
 */
const MAX_HEADER_LENGTH = 200;

/** Compares header texts: NFKC, no spaces/brackets/punctuation, katakana as hiragana, lower case. */
export function headerKey(s: string): string {
  if (s.length > MAX_HEADER_LENGTH) return '';
  const t = s.normalize('NFKC').replace(HEADER_NOISE_RE, '');
  let out = '';
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    out += c >= 0x30a1 && c <= 0x30f6 ? String.fromCharCode(c - 0x60) : t.charAt(i);
  }
  return out.toLowerCase();
}

/** A column headed as a My Number (個人番号, マイナンバー, 個人番号（下4桁）…): never read. */
export function isMyNumberHeader(text: string): boolean {
  if (!text) return false;
  const k = headerKey(text);
  return k.includes('個人番号') || k.includes('まいなんばー') || k.includes('mynumber') || k.includes('まいなんば');
}

/**
 * Header wordings per field, each with a priority: when two columns could hold one field, the more
 * specific wording wins (対象者氏名カナ over 被保険者氏名カナ, 健保番号 over 番号). To teach the app a new
 * wording, add a line to the kind's table.
 */
export type SynonymTable<F extends string> = Record<F, readonly (readonly [wording: string, priority: number])[]>;

/** field -> 0-based column index */
export type FieldMapping<F extends string> = Partial<Record<F, number>>;

/** One kind of sheet: how its headers are recognised, and which fields make a row its header. */
export interface SheetKind<F extends string> {
  /** Columns -> fields for one header row; each field and each column used once, best wording first. */
  recognize(headers: readonly string[]): FieldMapping<F>;
  /** Field for one header text, if it names one. */
  fieldOf(text: string): F | null;
  /** A header row names at least two known columns, one of them among these. */
  readonly identity: readonly F[];
}

export function sheetKind<F extends string>(synonyms: SynonymTable<F>, identity: readonly F[]): SheetKind<F> {
  const byKey = new Map<string, { field: F; priority: number }>();
  for (const [field, list] of Object.entries(synonyms) as [F, SynonymTable<F>[F]][]) {
    for (const [text, priority] of list) byKey.set(headerKey(text), { field, priority });
  }
  return {
    identity,
    fieldOf: (text) => byKey.get(headerKey(text))?.field ?? null,
    recognize(headers) {
      const candidates: { col: number; field: F; priority: number }[] = [];
      headers.forEach((text, col) => {
        if (!text || isMyNumberHeader(text)) return;
        const hit = byKey.get(headerKey(text));
        if (hit) candidates.push({ col, ...hit });
      });
      candidates.sort((a, b) => b.priority - a.priority || a.col - b.col);
      const mapping: FieldMapping<F> = {};
      const usedCols = new Set<number>();
      for (const { col, field } of candidates) {
        if (mapping[field] !== undefined || usedCols.has(col)) continue;
        mapping[field] = col;
        usedCols.add(col);
      }
      return mapping;
    },
  };
}

/** The cleaned texts of row r, as many as the row has cells. */
export function rowTexts(grid: Grid, r: number): string[] {
  const w = grid.width(r);
  const out = new Array<string>(w);
  for (let c = 0; c < w; c++) out[c] = cleanCell(grid.text(r, c));
  return out;
}

export function isBlankRow(grid: Grid, r: number): boolean {
  const w = grid.width(r);
  for (let c = 0; c < w; c++) if (grid.text(r, c).trim() !== '') return false;
  return true;
}

/**
 * Header texts of row r. An empty cell takes the text of a merged cell reaching down into it,
 * or of the row above when that row is part of a two-row header (「被保険者証」 over 記号/番号,
 * 氏名 spanning both rows).
 */
export function headerTextsAt(grid: Grid, r: number, upperIsHeader: boolean): string[] {
  const texts = rowTexts(grid, r);
  const width = Math.max(texts.length, r > 0 ? grid.width(r - 1) : 0);
  for (let c = 0; c < width; c++) {
    if (texts[c]) continue;
    const origin = grid.mergeOrigin(r, c);
    let t = '';
    if (origin && origin.r < r) t = cleanCell(grid.text(origin.r, origin.c));
    else if (upperIsHeader && r > 0) t = cleanCell(grid.text(r - 1, c));
    texts[c] = t;
  }
  // no trailing empty headers
  let end = texts.length;
  while (end > 0 && !texts[end - 1]) end--;
  texts.length = end;
  return texts;
}

export interface HeaderMatch<F extends string> {
  sheetIndex: number;
  /** 0-based */
  row: number;
  headers: string[];
  mapping: FieldMapping<F>;
}

/**
 * The header row: in the first HEADER_SCAN_ROWS rows of each sheet, the row naming the most known
 * columns of the kind (at least two, one of them an identity field). Visible sheets before hidden
 * ones; blank rows reset a two-row header; on a tie the earlier sheet and row win, so a cover sheet
 * or a summary sheet does not.
 */
export function findHeaderRow<F extends string>(sheets: readonly Grid[], kind: SheetKind<F>): HeaderMatch<F> | null {
  const scoreOf = (m: FieldMapping<F>): number => {
    const n = Object.keys(m).length;
    return n >= 2 && kind.identity.some((f) => m[f] !== undefined) ? n : 0;
  };
  let best: HeaderMatch<F> | null = null;
  let bestScore = 0;
  const order = sheets.map((g, i) => ({ g, i })).sort((a, b) => Number(a.g.hidden) - Number(b.g.hidden) || a.i - b.i);
  for (const { g, i } of order) {
    const limit = Math.min(g.rowCount, HEADER_SCAN_ROWS);
    let upperIsHeader = false;
    for (let r = 0; r < limit; r++) {
      if (g.width(r) === 0) {
        upperIsHeader = false;
        continue;
      }
      const plain = kind.recognize(rowTexts(g, r));
      const headers = headerTextsAt(g, r, upperIsHeader);
      const mapping = kind.recognize(headers);
      const s = scoreOf(mapping);
      if (s > bestScore) {
        bestScore = s;
        best = { sheetIndex: i, row: r, headers, mapping };
      }
      upperIsHeader = Object.keys(plain).length > 0;
    }
  }
  return best;
}

/** The first row with text: the header when the clerk chose the columns by hand and none was recognised. */
export function firstRowHeader(sheets: readonly Grid[]): { sheetIndex: number; row: number; headers: string[] } | null {
  for (const [i, g] of sheets.entries()) {
    for (let r = 0; r < g.rowCount; r++) {
      if (!isBlankRow(g, r)) return { sheetIndex: i, row: r, headers: headerTextsAt(g, r, false) };
    }
  }
  return null;
}
