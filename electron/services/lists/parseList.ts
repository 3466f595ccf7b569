// Entry point of the list importer: bytes of a 送付対象者リスト in, members and problems out.
// Pure: no database, no files, no Electron.

import { IMPORT_FIELDS, REQUIRED_FIELDS, type ColumnMapping, type ImportField, type ParsedList } from '../../../shared/import';
import { localIsoDate } from '../../domain/dates';
import { ImportError, MSG_NO_ROWS } from '../sheet/errors';
import { firstRowHeader, isBlankRow } from '../sheet/header';
import { describeColumns, ignoredColumnNames, myNumberColumns, previewRows, shownHeaders, usableMapping } from '../sheet/columns';
import { PREVIEW_ROWS } from '../sheet/limits';
import { scrubMyNumbers } from '../sheet/privacy';
import { readListFile, type Grid } from '../sheet/read';
import { findHeader, proposeUnit, readTitleInfo } from './listHeader';
import { buildMembers } from './listRows';

export { ImportError } from '../sheet/errors';

export interface ParseOptions {
  /** The clerk's choice on the mapping screen; replaces the recognised mapping completely. */
  mapping?: ColumnMapping;
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
    const first = firstRowHeader(read.sheets);
    if (!first) throw new ImportError(`${MSG_NO_ROWS}（ファイルが空です）`);
    if (!hasOverride) {
      throw new ImportError(`送付対象者リストの見出し（記号・番号・氏名）が見つかりません。見つかった列: ${describeColumns(read.sheets)}`);
    }
    // The clerk chose the columns by hand: take the first row with text as the header.
    ({ sheetIndex, row: headerRow, headers: headerTexts } = first);
    recognised = {};
  }
  const grid = read.sheets[sheetIndex] as Grid;

  const blocked = myNumberColumns(grid, headerRow, headerTexts);
  const mapping = usableMapping(IMPORT_FIELDS, hasOverride ? override : recognised, blocked);
  const missingFields: ImportField[] = REQUIRED_FIELDS.filter((f) => mapping[f] === undefined);

  const rows = previewRows(grid, headerRow, blocked, PREVIEW_ROWS);
  const width = Math.max(headerTexts.length, ...rows.map((r) => r.length));
  const headers = shownHeaders(headerTexts, width);
  const preview = rows.map((cells) => Array.from({ length: width }, (_, c) => cells[c] ?? ''));
  const ignoredColumns = ignoredColumnNames(blocked, headers);

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
    return { ...base, members: [], problems: [], mergedDuplicates: [], joinedRows: [], totalDataRows };
  }

  const members = buildMembers({ grid, headerRow, headers: headerTexts, mapping, date1904: read.date1904, today: localIsoDate(new Date()) });
  if (members.totalDataRows === 0) throw new ImportError(MSG_NO_ROWS);
  return { ...base, ...members };
}
