// The checks live in shared/ because the API schemas use them too (a My Number typed into a note).
import { isMyNumberText, isMyNumberValue, looksLikeMyNumberValue, maskMyNumberText, scrubMyNumbers } from '../../../shared/myNumber';
import type { Grid } from './read';

export { isMyNumberText, looksLikeMyNumberValue, maskMyNumberText, scrubMyNumbers };

/**
 * A cell is a My Number: its text is one, or it stores a number that is one (Excel drops the leading 0 of a
 * My Number typed as a number, leaving 11 digits whose check digit still fits once the 0 is put back).
 */
export function isMyNumberCell(grid: Grid, r: number, c: number, text: string): boolean {
  if (text.length < 11) return false;
  return isMyNumberText(text) || isMyNumberNumber(grid, r, c, text);
}

function isMyNumberNumber(grid: Grid, r: number, c: number, text: string): boolean {
  return grid.storesNumbers && text.length <= 12 && typeof grid.value(r, c) === 'number' && isMyNumberValue(grid.value(r, c));
}

/**
 * What may be kept of a cell: null when the cell is a My Number (isMyNumberCell), else its text with any
 * My Number inside masked (scrubMyNumbers), from one reading of the text.
 */
export function keptCellText(grid: Grid, r: number, c: number, text: string): string | null {
  if (text.length < 11) return text;
  return isMyNumberNumber(grid, r, c, text) ? null : maskMyNumberText(text);
}

/** A cell's text quoted in a message to the clerk: My Numbers masked first, then clipped (clipping first could cut one in two). */
export function quoteCell(text: string, max: number): string {
  const t = scrubMyNumbers(text);
  return t.length > max ? `${t.slice(0, max)}…` : t;
}
