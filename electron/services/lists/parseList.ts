// Entry point of the list importer: bytes of a 送付対象者リスト in, members and problems out.
// Pure: no database, no files, no Electron.

import {
  IMPORT_FIELDS,
  REQUIRED_FIELDS,
  type ColumnMapping,
  type ImportField,
  type ParsedList,
} from '../../../shared/import';
import { cleanCell } from '../../domain/normalize';
import { ImportError, MSG_NO_ROWS } from '../sheet/errors';
import { findHeader, isMyNumberHeader, proposeUnit, readTitleInfo, headerTextsAt } from './listHeader';
import { HEADER_SCAN_ROWS, MAX_COLUMNS, MY_NUMBER_SAMPLE, PREVIEW_ROWS } from '../sheet/limits';
import { isMyNumberCell, isMyNumberText, looksLikeMyNumberValue, quoteCell, scrubMyNumbers } from '../sheet/privacy';
import { readListFile, type Grid } from '../sheet/read';
import { buildMembers } from './listRows';

export { ImportError } from '../sheet/errors';

export interface ParseOptions {
  /** The clerk's choice on the mapping screen; replaces the recognised mapping completely. */
  mapping?: ColumnMapping;
}

function isBlankRow(grid: Grid, r: number): boolean {
  const w = grid.width(r);
  for (let c = 0; c < w; c++) if (grid.text(r, c).trim() !== '') return false;
  return true;
}

function columnName(c: number): string {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

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

function sanitizeMapping(mapping: ColumnMapping, blocked: ReadonlySet<number>): ColumnMapping {
  const out: ColumnMapping = {};
  for (const f of IMPORT_FIELDS) {
    const c = mapping[f];
    if (typeof c === 'number' && Number.isInteger(c) && c >= 0 && c < MAX_COLUMNS && !blocked.has(c)) out[f] = c;
  }
  return out;
}

function firstNonBlankRow(grid: Grid): number {
  for (let r = 0; r < grid.rowCount; r++) if (!isBlankRow(grid, r)) return r;
  return -1;
}

/** The columns of the widest row near the top, to tell the clerk what the file does have. */
function describeColumns(sheets: readonly Grid[]): string {
  let best: string[] = [];
  for (const g of sheets) {
    const limit = Math.min(g.rowCount, HEADER_SCAN_ROWS);
    for (let r = 0; r < limit; r++) {
      const texts: string[] = [];
      const w = g.width(r);
      for (let c = 0; c < w; c++) {
        const t = cleanCell(g.text(r, c));
        if (t) texts.push(isMyNumberCell(g, r, c, t) ? '（12桁の数字）' : quoteCell(t, 30));
      }
      if (texts.length > best.length) best = texts;
    }
  }
  const shown = best.slice(0, 15).join(', ');
  return best.length > 15 ? `${shown} ほか` : shown;
}

function todayIso(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/**
 * Reads a 送付対象者リスト (xlsx, xls, CSV or TSV; UTF-8 or Shift_JIS) and says what it holds.
 * Throws ImportError (Japanese message for the clerk) when the file cannot be a list at all.
 */
export function parseList(bytes: Uint8Array, fileName: string, options?: ParseOptions): ParsedList {
  const read = readListFile(bytes, fileName);
  const override = options?.mapping;
  const hasOverride = override !== undefined && Object.keys(override).length > 0;

  let sheetIndex: number;
  let headerRow: number;
  let headerTexts: string[];
  let recognised: ColumnMapping;
  const found = findHeader(read.sheets);
  if (found) {
    ({ sheetIndex, row: headerRow, headers: headerTexts, mapping: recognised } = found);
  } else {
    sheetIndex = read.sheets.findIndex((g) => firstNonBlankRow(g) >= 0);
    const g = read.sheets[sheetIndex];
    if (!g) throw new ImportError(`${MSG_NO_ROWS}（ファイルが空です）`);
    if (!hasOverride) {
      throw new ImportError(`送付対象者リストの見出し（記号・番号・氏名）が見つかりません。見つかった列: ${describeColumns(read.sheets)}`);
    }
    // The clerk chose the columns by hand: take the first row with text as the header.
    headerRow = firstNonBlankRow(g);
    headerTexts = headerTextsAt(g, headerRow, false);
    recognised = {};
  }
  const grid = read.sheets[sheetIndex] as Grid;

  const blocked = myNumberColumns(grid, headerRow, headerTexts);
  const mapping = sanitizeMapping(hasOverride ? override : recognised, blocked);
  const missingFields: ImportField[] = REQUIRED_FIELDS.filter((f) => mapping[f] === undefined);

  const previewRows: number[] = [];
  for (let r = headerRow + 1; r < grid.rowCount && previewRows.length < PREVIEW_ROWS; r++) {
    if (!isBlankRow(grid, r)) previewRows.push(r);
  }
  let width = headerTexts.length;
  for (const r of previewRows) width = Math.max(width, grid.width(r));
  const headers: string[] = [];
  for (let c = 0; c < width; c++) {
    const h = headerTexts[c] ?? '';
    headers.push(isMyNumberText(h) ? '' : scrubMyNumbers(h));
  }
  const preview = previewRows.map((r) => {
    const cells: string[] = [];
    for (let c = 0; c < width; c++) {
      const t = blocked.has(c) ? '' : cleanCell(grid.text(r, c));
      cells.push(isMyNumberCell(grid, r, c, t) ? '' : scrubMyNumbers(t));
    }
    return cells;
  });
  const ignoredColumns = [...blocked].sort((a, b) => a - b).map((c) => headers[c] || `${columnName(c)}列`);

  const title = readTitleInfo(read.sheets, sheetIndex, headerRow);
  const base = {
    format: read.format,
    encoding: read.encoding,
    sheetName: grid.name === null ? null : scrubMyNumbers(grid.name),
    headerRow: headerRow + 1,
    headers,
    mapping,
    missingFields,
    preview,
    ignoredColumns,
    insurerName: title.insurerName === null ? null : scrubMyNumbers(title.insurerName),
    insurerNumber: title.insurerNumber !== null && title.insurerNumber.length < 12 ? title.insurerNumber : null,
    companyName: title.companyName === null ? null : scrubMyNumbers(title.companyName),
    proposedUnit: proposeUnit(title),
  };

  if (missingFields.length > 0) {
    // Rows cannot be judged without 記号・番号・氏名; the mapping screen comes first.
    let totalDataRows = 0;
    for (let r = headerRow + 1; r < grid.rowCount; r++) if (grid.width(r) > 0 && !isBlankRow(grid, r)) totalDataRows++;
    if (totalDataRows === 0) throw new ImportError(MSG_NO_ROWS);
    return { ...base, members: [], problems: [], mergedDuplicates: [], totalDataRows };
  }

  const rows = buildMembers({ grid, headerRow, headers: headerTexts, mapping, date1904: read.date1904, today: todayIso() });
  if (rows.totalDataRows === 0) throw new ImportError(MSG_NO_ROWS);
  return { ...base, ...rows };
}
