// What every sheet reader needs around the header row: the columns never read (My Numbers), what the
// clerk is shown of the file (header texts, preview rows, what was found instead of a header), and the
// 合計/人数 lines at the foot of a table. None of it lets a 12-digit My Number through.

import { cleanCell } from '../../domain/normalize';
import { isMyNumberHeader, rowTexts, isBlankRow, type FieldMapping } from './header';
import { HEADER_SCAN_ROWS, MAX_COLUMNS, MY_NUMBER_SAMPLE } from './limits';
import { isMyNumberCell, keptCellText, looksLikeMyNumberValue, maskMyNumberText, quoteCell } from './privacy';
import type { Grid } from './read';

/**
 * Columns never read: headed 個人番号/マイナンバー, or holding mostly 12-digit numbers under
 * any header. Sampling the first rows is enough here because every cell read later is checked
 * on its own as well.
 */
export function myNumberColumns(grid: Grid, headerRow: number, headers: readonly string[]): Set<number> {
  const cols = new Set<number>();
  headers.forEach((h, c) => {
    if (isMyNumberHeader(h)) cols.add(c);
  });
  const filled: number[] = [];
  const hits: number[] = [];
  let sampled = 0;
  for (let r = headerRow + 1; r < grid.rowCount && sampled < MY_NUMBER_SAMPLE; r++) {
    const w = grid.width(r);
    if (w === 0) continue;
    sampled++;
    for (let c = 0; c < w; c++) {
      const v = grid.value(r, c);
      if (v === undefined || v === null || v === '') continue;
      filled[c] = (filled[c] ?? 0) + 1;
      if (looksLikeMyNumberValue(v)) hits[c] = (hits[c] ?? 0) + 1;
    }
  }
  hits.forEach((n, c) => {
    if (n > 0 && n * 2 >= (filled[c] ?? 0)) cols.add(c);
  });
  // A 個人番号 header merged across several columns (the number in one of them, or its digits spread over
  // them) names only its first cell; every column under it is blocked.
  const width = Math.max(headers.length, filled.length, grid.width(headerRow), headerRow > 0 ? grid.width(headerRow - 1) : 0);
  for (let c = 0; c < width; c++) {
    for (const r of headerRow > 0 ? [headerRow, headerRow - 1] : [headerRow]) {
      const origin = grid.mergeOrigin(r, c);
      if (origin && isMyNumberHeader(cleanCell(grid.text(origin.r, origin.c)))) cols.add(c);
    }
  }
  return cols;
}

/** The mapping without My Number columns or columns out of range (a hand-made mapping is checked too). */
export function usableMapping<F extends string>(fields: readonly F[], mapping: FieldMapping<F>, blocked: ReadonlySet<number>): FieldMapping<F> {
  const out: FieldMapping<F> = {};
  for (const f of fields) {
    const c = mapping[f];
    if (typeof c === 'number' && Number.isInteger(c) && c >= 0 && c < MAX_COLUMNS && !blocked.has(c)) out[f] = c;
  }
  return out;
}

/** Excel's column letters: 0 -> A, 26 -> AA. */
export function columnName(c: number): string {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Header texts as the clerk may see them: a header that is itself a My Number shows empty. */
export function shownHeaders(headerTexts: readonly string[], width = headerTexts.length): string[] {
  const out: string[] = [];
  for (let c = 0; c < width; c++) {
    const h = headerTexts[c] ?? '';
    out.push(maskMyNumberText(h) ?? '');
  }
  return out;
}

/** The names of the columns not read, for 「個人番号の列（…）は読み込んでいません」. */
export function ignoredColumnNames(blocked: ReadonlySet<number>, headers: readonly string[]): string[] {
  return [...blocked].sort((a, b) => a - b).map((c) => headers[c] || `${columnName(c)}列`);
}

/** The first `count` non-blank rows below the header, for the mapping screen; My Number cells empty. */
export function previewRows(grid: Grid, headerRow: number, blocked: ReadonlySet<number>, count: number, width?: number): string[][] {
  const rows: string[][] = [];
  for (let r = headerRow + 1; r < grid.rowCount && rows.length < count; r++) {
    if (isBlankRow(grid, r)) continue;
    const w = width ?? grid.width(r);
    const cells: string[] = [];
    for (let c = 0; c < w; c++) {
      const t = blocked.has(c) ? '' : cleanCell(grid.text(r, c));
      cells.push(keptCellText(grid, r, c, t) ?? '');
    }
    rows.push(cells);
  }
  return rows;
}

/** What the file does have near the top (the widest row), so the clerk sees why it is not the sheet expected. */
export function describeColumns(sheets: readonly Grid[]): string {
  let best: string[] = [];
  for (const g of sheets) {
    const limit = Math.min(g.rowCount, HEADER_SCAN_ROWS);
    for (let r = 0; r < limit; r++) {
      const texts = rowTexts(g, r)
        .map((t, c) => (t === '' ? '' : isMyNumberCell(g, r, c, t) ? '（12桁の数字）' : quoteCell(t, 30)))
        .filter((t) => t !== '');
      if (texts.length > best.length) best = texts;
    }
  }
  if (best.length === 0) return 'なし';
  const shown = best.slice(0, 15).join(', ');
  return best.length > 15 ? `${shown} ほか` : shown;
}

// Words of a 合計/件数/人数 line at the foot of a table (or of each 所属 block). 計 alone must match
// the whole cell: 計良 is a family name.
const TOTAL_RE = /合計|総計|小計|件数|^(?:計|総数|人数|以上)(?:[:：]?[0-9,]*(?:件|名|人|世帯|通)?)?$/;

export function isTotalText(t: string): boolean {
  return t.trim() !== '' && TOTAL_RE.test(t.normalize('NFKC').replace(/\s+/g, ''));
}

/** Some cell of row r reads as a total (「合計」「52名」 under 人数). */
export function isTotalRow(grid: Grid, r: number): boolean {
  const w = grid.width(r);
  for (let c = 0; c < w; c++) if (isTotalText(grid.text(r, c))) return true;
  return false;
}
