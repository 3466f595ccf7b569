// Reading the employer's own 社員名簿: bytes in, employees and problems out. Pure: no database.
// The file is read by the one spreadsheet reader (sheet/: xlsx/xls/csv/tsv, UTF-8 or Shift_JIS,
// header search, My Number columns, totals rows); rosterSheet.ts says how a roster is worded.

import type { ImportProblem } from '../../../shared/import';
import { localIsoDate, parseDate } from '../../domain/dates';
import { cleanCell, identifierKey, searchKey } from '../../domain/normalize';
import { ImportError, MSG_NO_ROWS } from '../sheet/errors';
import { findHeaderRow, firstRowHeader, type HeaderMatch } from '../sheet/header';
import { describeColumns, ignoredColumnNames, isTotalRow, isTotalText, myNumberColumns, previewRows, shownHeaders, usableMapping } from '../sheet/columns';
import { MAX_CELL_CHARS, MAX_DATA_ROWS } from '../sheet/limits';
import { isMyNumberCell, isMyNumberText, scrubMyNumbers } from '../sheet/privacy';
import { readListFile, type Grid } from '../sheet/read';
import { employeeKey, isLeftStatus, ROSTER_SHEET, splitSymbolNumber } from './rosterSheet';

export type { RosterFieldName as RosterField, RosterMapping } from '../../../shared/roster';
export { ROSTER_FIELD_LABELS } from '../../../shared/roster';
import {
  ROSTER_FIELDS,
  ROSTER_FIELD_LABELS,
  type RosterFieldName as RosterField,
  type RosterMapping,
  type RosterNeedsMappingInfo,
} from '../../../shared/roster';

export interface RosterEntry {
  /** 1-based row number as the clerk sees it in Excel */
  row: number;
  employeeId: string;
  employeeKey: string;
  name: string;
  kana: string;
  deptCode: string;
  /** 在籍区分 as written ('' when the roster has no such column) */
  status: string;
  /** false when 在籍区分 says 退職 or the 退職日 has come */
  employed: boolean;
  leftOn: string | null;
  symbol: string;
  number: string;
  symbolKey: string;
  numberKey: string;
}

export interface ParsedRoster {
  format: 'xlsx' | 'xls' | 'csv' | 'tsv';
  encoding: 'utf-8' | 'shift_jis' | null;
  sheetName: string | null;
  /** 1-based */
  headerRow: number;
  headers: string[];
  mapping: RosterMapping;
  entries: RosterEntry[];
  /** rows NOT taken, with why */
  problems: ImportProblem[];
  /** columns never read because they hold (or are headed as) My Numbers */
  ignoredColumns: string[];
  totalDataRows: number;
  /** 社員番号 or 氏名 was not recognised: the clerk chooses the columns (no entries then) */
  needsMapping: RosterNeedsMappingInfo | null;
}

export interface ParseRosterOptions {
  /** yyyy-mm-dd; a 退職日 after it means the employee has not left yet. Defaults to the local date. */
  today?: string;
  /** The columns the clerk chose on the mapping screen; replaces what was recognised. */
  mapping?: RosterMapping;
}

type TextField = Exclude<RosterField, 'leftOn'>;
const TEXT_FIELDS: readonly TextField[] = ['employeeId', 'name', 'kana', 'deptCode', 'status', 'symbol', 'number', 'symbolNumber'];

interface Candidate {
  e: RosterEntry;
  /** index in `candidates` of an earlier identical row, -1 if none */
  dupOf: number;
}

function sameEntry(a: RosterEntry, b: RosterEntry): boolean {
  const fold = (s: string) => searchKey(s);
  return (
    fold(a.name) === fold(b.name) &&
    fold(a.kana) === fold(b.kana) &&
    fold(a.deptCode) === fold(b.deptCode) &&
    a.employed === b.employed &&
    a.leftOn === b.leftOn &&
    a.symbolKey === b.symbolKey &&
    a.numberKey === b.numberKey
  );
}

/**
 * Reads a 社員名簿 (xlsx, xls, CSV or TSV). Throws ImportError with a Japanese message when the file
 * cannot be read or has no header at all; a header without 社員番号 or 氏名 comes back as needsMapping.
 * Never returns a My Number.
 */
export function parseRoster(bytes: Uint8Array, fileName: string, options?: ParseRosterOptions): ParsedRoster {
  const today = options?.today ?? localIsoDate(new Date());
  const read = readListFile(bytes, fileName);
  const hit: HeaderMatch<RosterField> | null =
    findHeaderRow(read.sheets, ROSTER_SHEET) ?? (options?.mapping ? mappedByHand(read.sheets) : null);
  if (!hit) {
    const found = describeColumns(read.sheets);
    if (found === 'なし') throw new ImportError(`${MSG_NO_ROWS}（ファイルが空です）`);
    throw new ImportError(`社員名簿の見出し（社員番号・氏名）が見つかりません。見つかった列: ${found}`);
  }
  const grid = read.sheets[hit.sheetIndex] as Grid;
  const headerRow = hit.row;
  const blocked = myNumberColumns(grid, headerRow, hit.headers);
  const mapping = usableMapping(ROSTER_FIELDS, options?.mapping ?? hit.mapping, blocked);
  const headers = shownHeaders(hit.headers);
  const ignoredColumns = ignoredColumnNames(blocked, headers);
  const base = { format: read.format, encoding: read.encoding, sheetName: grid.name, headerRow: headerRow + 1, headers, mapping, ignoredColumns };

  const missing = (['employeeId', 'name'] as const).filter((f) => mapping[f] === undefined);
  if (missing.length > 0) {
    const labels = missing.map((f) => ROSTER_FIELD_LABELS[f]).join('・');
    const blockedNote = missing.some((f) => hit.mapping[f] !== undefined)
      ? '（12桁の数字の列は個人番号とみなして読み込みません）'
      : '';
    const message = `社員名簿に必要な列（${labels}）が見つかりません${blockedNote}。見つかった列: ${describeColumns(read.sheets)}`;
    const rows = previewRows(grid, headerRow, blocked, 6);
    return { ...base, entries: [], problems: [], totalDataRows: 0, needsMapping: { message, headers, rows, mapping } };
  }

  const colOf: Record<TextField, number> = {
    employeeId: mapping.employeeId ?? -1,
    name: mapping.name ?? -1,
    kana: mapping.kana ?? -1,
    deptCode: mapping.deptCode ?? -1,
    status: mapping.status ?? -1,
    symbol: mapping.symbol ?? -1,
    number: mapping.number ?? -1,
    // one cell for both only when the roster has no separate columns
    symbolNumber: mapping.symbol === undefined && mapping.number === undefined ? (mapping.symbolNumber ?? -1) : -1,
  };
  const leftCol = mapping.leftOn ?? -1;
  const identityCols = [colOf.employeeId, colOf.name, colOf.kana, colOf.symbol, colOf.number, colOf.symbolNumber].filter((c) => c >= 0);
  const idHeader = hit.headers[colOf.employeeId] ?? '';

  const problems: ImportProblem[] = [];
  const candidates: Candidate[] = [];
  const byKey = new Map<string, number[]>();
  let totalDataRows = 0;

  for (let r = headerRow + 1; r < grid.rowCount; r++) {
    if (grid.width(r) === 0) continue;
    if (!identityCols.some((c) => cleanCell(grid.text(r, c)) !== '')) continue;
    // a printed roster repeats its header on every page
    if (idHeader && cleanCell(grid.text(r, colOf.employeeId)) === idHeader) continue;

    const values = {} as Record<TextField, string>;
    const myNumberFields: TextField[] = [];
    const tooLong: TextField[] = [];
    for (const f of TEXT_FIELDS) {
      const c = colOf[f];
      let s = c >= 0 ? cleanCell(grid.text(r, c)) : '';
      if (s.length >= 11) {
        if (isMyNumberCell(grid, r, c, s)) {
          myNumberFields.push(f);
          s = '';
        } else {
          if (s.length > MAX_CELL_CHARS) tooLong.push(f);
          s = scrubMyNumbers(s);
        }
      }
      values[f] = s;
    }
    // 「合計, 52名」 fills the ID and name columns too; no real 社員番号 reads 合計.
    if (myNumberFields.length === 0 && (isTotalText(values.employeeId) || ((!values.employeeId || !values.name) && isTotalRow(grid, r)))) {
      continue;
    }

    totalDataRows++;
    if (totalDataRows > MAX_DATA_ROWS) {
      throw new ImportError(`行数が多すぎます（${MAX_DATA_ROWS.toLocaleString('ja-JP')}行まで）。名簿を分けて取り込んでください`);
    }
    const row = r + 1;
    const reasons: string[] = [];
    if (myNumberFields.length > 0) {
      reasons.push(`${myNumberFields.map((f) => ROSTER_FIELD_LABELS[f]).join('・')}に個人番号と思われる12桁の数字があります`);
    }
    const key = employeeKey(values.employeeId);
    const absent: string[] = [];
    if (!key && !myNumberFields.includes('employeeId')) absent.push('社員番号');
    if (!values.name && !myNumberFields.includes('name')) absent.push('氏名');
    if (absent.length > 0) reasons.push(`${absent.join('・')}がありません`);
    if (tooLong.length > 0) reasons.push(`${tooLong.map((f) => ROSTER_FIELD_LABELS[f]).join('・')}が長すぎます（${MAX_CELL_CHARS}文字まで）`);

    let leftOn: string | null = null;
    if (leftCol >= 0) {
      // An error cell (#N/A) has no value but shows text: that is unreadable, not empty.
      const raw = grid.value(r, leftCol) ?? grid.text(r, leftCol);
      const d = parseDate(typeof raw === 'string' ? raw.trim() : raw, { date1904: read.date1904 });
      if (d.ok) leftOn = d.iso;
      else {
        const shown = cleanCell(grid.text(r, leftCol));
        reasons.push(`退職日を読めません（${isMyNumberText(shown) ? '12桁の数字' : scrubMyNumbers(shown).slice(0, 40)}）`);
      }
    }

    let symbol = values.symbol;
    let number = values.number;
    if (colOf.symbolNumber >= 0 && values.symbolNumber) {
      const split = splitSymbolNumber(values.symbolNumber);
      if (split) [symbol, number] = split;
      else reasons.push(`健保記号・番号を記号と番号に分けられません（${values.symbolNumber.slice(0, 40)}）`);
    }

    if (reasons.length > 0) {
      problems.push({ row, reason: reasons.join('、') });
      continue;
    }

    const entry: RosterEntry = {
      row,
      employeeId: values.employeeId,
      employeeKey: key,
      name: values.name,
      kana: values.kana,
      deptCode: values.deptCode,
      status: values.status,
      // A 退職日 still ahead means the notice is valid until then: the employee has not left yet.
      employed: !(isLeftStatus(values.status) || (leftOn !== null && leftOn <= today)),
      leftOn,
      symbol,
      number,
      // As the lists store them (identifierKey), so a 記号 with letters still finds its envelopes.
      symbolKey: identifierKey(symbol),
      numberKey: identifierKey(number),
    };
    const idx = candidates.length;
    const cand: Candidate = { e: entry, dupOf: -1 };
    candidates.push(cand);
    const same = byKey.get(key);
    if (!same) {
      byKey.set(key, [idx]);
      continue;
    }
    const twin = same.find((i) => sameEntry((candidates[i] as Candidate).e, entry));
    if (twin !== undefined) cand.dupOf = twin;
    else same.push(idx);
  }

  if (totalDataRows === 0) throw new ImportError(MSG_NO_ROWS);

  const entries: RosterEntry[] = [];
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i] as Candidate;
    const variants = byKey.get(c.e.employeeKey) ?? [];
    if (variants.length > 1) {
      // One ID, two different people or records: flagging either could send back the wrong
      // family's envelopes, so neither is taken until the clerk fixes the roster.
      const own = c.dupOf >= 0 ? c.dupOf : i;
      const other = candidates[variants.find((v) => v !== own) as number] as Candidate;
      problems.push({ row: c.e.row, reason: `${other.e.row}行目と同じ社員番号で内容が異なります` });
      continue;
    }
    if (c.dupOf >= 0) continue; // the same row twice: one employee
    entries.push(c.e);
  }
  problems.sort((a, b) => a.row - b.row);

  return { ...base, entries, problems, totalDataRows, needsMapping: null };
}

/** Columns chosen by hand and no header recognised: the first row with text is the header. */
function mappedByHand(sheets: readonly Grid[]): HeaderMatch<RosterField> | null {
  const first = firstRowHeader(sheets);
  return first ? { ...first, mapping: {} } : null;
}
