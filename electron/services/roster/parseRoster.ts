// Reading the employer's own 社員名簿: bytes in, employees and problems out. Pure: no database.
// The file is read by the list importer's reader (xlsx/xls/csv/tsv, UTF-8 or Shift_JIS); only the
// header wordings differ, because a roster is made by HR's own system, not by an insurer.

import type { ImportProblem } from '../../../shared/import';
import { parseDate } from '../../domain/dates';
import { cleanCell, codeKey, identifierKey, searchKey } from '../../domain/normalize';
import { ImportError, MSG_NO_ROWS } from '../sheet/errors';
import { findBestHeaderRow, headerKey, headerTextsAt, isMyNumberHeader } from '../lists/listHeader';
import { myNumberColumns } from '../lists/parseList';
import { HEADER_SCAN_ROWS, MAX_CELL_CHARS, MAX_DATA_ROWS } from '../sheet/limits';
import { isMyNumberCell, isMyNumberText, quoteCell, scrubMyNumbers } from '../sheet/privacy';
import { readListFile, type Grid } from '../sheet/read';

export type { RosterFieldName as RosterField, RosterMapping } from '../../../shared/roster';
export { ROSTER_FIELD_LABELS } from '../../../shared/roster';
import { ROSTER_FIELD_LABELS, type RosterFieldName as RosterField, type RosterMapping } from '../../../shared/roster';

/**
 * Header wordings per field with a priority: when two columns could hold one field, the more
 * specific wording wins (所属コード over 所属, 健保番号 over 番号).
 */
const SYNONYMS: Record<RosterField, readonly (readonly [string, number])[]> = {
  employeeId: [
    ['社員番号', 10],
    ['従業員番号', 10],
    ['職員番号', 10],
    ['社員コード', 10],
    ['従業員コード', 10],
    ['職員コード', 10],
    ['社員CD', 10],
    ['社員No', 10],
    ['従業員No', 10],
    ['社員ID', 10],
    ['従業員ID', 10],
  ],
  name: [
    ['氏名', 10],
    ['社員氏名', 10],
    ['従業員氏名', 10],
    ['職員氏名', 10],
    ['漢字氏名', 10],
    ['氏名漢字', 10],
    ['社員名', 9],
    ['従業員名', 9],
    ['名前', 8],
    ['被保険者氏名', 7],
  ],
  kana: [
    ['氏名カナ', 10],
    ['カナ氏名', 10],
    ['氏名フリガナ', 10],
    ['フリガナ', 10],
    ['カナ', 9],
    ['ヨミガナ', 8],
    ['読み仮名', 8],
    ['ヨミ', 7],
  ],
  deptCode: [
    ['所属コード', 10],
    ['所属CD', 10],
    ['部署コード', 10],
    ['部署CD', 10],
    ['部門コード', 10],
    ['所属番号', 9],
    ['所属', 8],
    ['部署', 7],
    ['部門', 7],
  ],
  status: [
    ['在籍区分', 10],
    ['在籍状況', 10],
    ['在籍状態', 10],
    ['在職区分', 10],
    ['在職状況', 10],
    ['退職区分', 10],
    ['在籍', 9],
    ['状態', 6],
    ['ステータス', 6],
  ],
  leftOn: [
    ['退職日', 10],
    ['退職年月日', 10],
    ['資格喪失日', 10],
    ['資格喪失年月日', 10],
    ['喪失日', 9],
    ['喪失年月日', 9],
    ['離職日', 9],
    ['退社日', 9],
  ],
  symbol: [
    ['健保記号', 10],
    ['健康保険記号', 10],
    ['被保険者記号', 10],
    ['被保険者証記号', 10],
    ['保険証記号', 10],
    ['健康保険証記号', 10],
    ['記号', 8],
  ],
  number: [
    ['健保番号', 10],
    ['健康保険番号', 10],
    ['被保険者番号', 10],
    ['被保険者証番号', 10],
    ['保険証番号', 10],
    ['健康保険証番号', 10],
    ['番号', 8],
  ],
  symbolNumber: [
    ['健保記号番号', 10],
    ['健康保険記号番号', 10],
    ['被保険者記号番号', 10],
    ['被保険者証記号番号', 10],
    ['保険証記号番号', 10],
    ['記号番号', 9],
  ],
};

const FIELD_BY_KEY = new Map<string, { field: RosterField; priority: number }>();
for (const [field, list] of Object.entries(SYNONYMS) as [RosterField, readonly (readonly [string, number])[]][]) {
  for (const [text, priority] of list) FIELD_BY_KEY.set(headerKey(text), { field, priority });
}

/** Columns -> fields for one header row; each field and each column used once, best wording first. */
export function recognizeRosterHeaders(headers: readonly string[]): RosterMapping {
  const candidates: { col: number; field: RosterField; priority: number }[] = [];
  headers.forEach((text, col) => {
    if (!text || isMyNumberHeader(text)) return;
    const hit = FIELD_BY_KEY.get(headerKey(text));
    if (hit) candidates.push({ col, ...hit });
  });
  candidates.sort((a, b) => b.priority - a.priority || a.col - b.col);
  const mapping: RosterMapping = {};
  const used = new Set<number>();
  for (const { col, field } of candidates) {
    if (mapping[field] !== undefined || used.has(col)) continue;
    mapping[field] = col;
    used.add(col);
  }
  return mapping;
}

/**
 * The key an employee ID is found by: width, case, spaces and hyphens do not matter, and a purely
 * numeric ID loses its leading zeros (an ID card's barcode may pad it, the roster may not).
 */
export function employeeKey(raw: string): string {
  const t = raw
    .normalize('NFKC')
    .replace(/[\s\-‐‑‒–—―−ー_]/g, '')
    .toUpperCase();
  return /^[0-9]+$/.test(t) ? codeKey(t) : t;
}

/**
 * 在籍区分 that mean the person no longer works here. 退職予定 (leaving later) is still employed:
 * their notice is valid until they leave.
 */
export function isLeftStatus(status: string): boolean {
  const t = status.normalize('NFKC');
  if (/予定/.test(t)) return false;
  return /退職|退社|離職|喪失|死亡/.test(t);
}

/** yyyy-mm-dd of the clerk's calendar day (not UTC: just after midnight in Japan is still yesterday in UTC). */
export function localIsoDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

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
}

export interface ParseRosterOptions {
  /** yyyy-mm-dd; a 退職日 after it means the employee has not left yet. Defaults to the local date. */
  today?: string;
  /** The columns the clerk chose on the mapping screen; replaces what was recognised. */
  mapping?: RosterMapping;
}

/**
 * The roster's 社員番号 or 氏名 column was not recognised: the clerk chooses the columns. Carries the
 * header texts and a few rows (My Number columns blanked) for the mapping screen.
 */
export class RosterNeedsMapping extends ImportError {
  constructor(
    message: string,
    readonly headers: string[],
    readonly rows: string[][],
    readonly mapping: RosterMapping,
  ) {
    super(message);
  }
}

/** The first non-empty row of the first sheet with content: the header when nothing was recognised. */
function firstRowHit(sheets: readonly Grid[]): HeaderHit | null {
  for (const [i, g] of sheets.entries()) {
    for (let r = 0; r < Math.min(g.rowCount, HEADER_SCAN_ROWS); r++) {
      if (g.width(r) > 0) return { sheetIndex: i, row: r, headers: rowTexts(g, r), mapping: {} };
    }
  }
  return null;
}

interface HeaderHit {
  sheetIndex: number;
  row: number;
  headers: string[];
  mapping: RosterMapping;
}

function rowTexts(grid: Grid, r: number): string[] {
  const w = grid.width(r);
  const out: string[] = [];
  for (let c = 0; c < w; c++) out.push(cleanCell(grid.text(r, c)));
  return out;
}

function score(m: RosterMapping): number {
  const n = Object.keys(m).length;
  if (n < 2) return 0;
  return m.employeeId !== undefined || m.name !== undefined ? n : 0;
}

/**
 * The header row: the row near the top naming the most roster columns, one of them 社員番号 or
 * 氏名. Visible sheets first; on a tie the earlier sheet and row win (a cover sheet loses).
 */
function findRosterHeader(sheets: readonly Grid[]): HeaderHit | null {
  return findBestHeaderRow(sheets, recognizeRosterHeaders, score);
}

function columnName(c: number): string {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** What the file does have near the top, so the clerk sees why it is not a roster. No My Numbers in it. */
function describeColumns(sheets: readonly Grid[]): string {
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


// A 合計/人数 line at the foot of the roster. 計 alone must be the whole cell: 計良 is a family name.
const TOTAL_RE = /合計|総計|小計|件数|^(?:計|総数|人数|以上)(?:[:：]?[0-9,]*(?:件|名|人)?)?$/;

/** 記号 and 番号 written in one cell: 1234-12345600, 1234 12345600, 1234・12345600. */
function splitSymbolNumber(s: string): [string, string] | null {
  const parts = s
    .normalize('NFKC')
    .trim()
    .split(/[\s\-‐‑‒–—―−ー・,、/]+/)
    .filter((p) => p !== '');
  return parts.length === 2 ? [parts[0]!, parts[1]!] : null;
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
 * Reads a 社員名簿 (xlsx, xls, CSV or TSV). Throws ImportError with a Japanese message when the
 * file cannot be read or has no 社員番号 and 氏名 columns. Never returns a My Number.
 */
export function parseRoster(bytes: Uint8Array, fileName: string, options?: ParseRosterOptions): ParsedRoster {
  const today = options?.today ?? localIsoDate(new Date());
  const read = readListFile(bytes, fileName);
  const hit = findRosterHeader(read.sheets) ?? (options?.mapping ? firstRowHit(read.sheets) : null);
  if (!hit) {
    const found = describeColumns(read.sheets);
    if (found === 'なし') throw new ImportError(`${MSG_NO_ROWS}（ファイルが空です）`);
    throw new ImportError(`社員名簿の見出し（社員番号・氏名）が見つかりません。見つかった列: ${found}`);
  }
  const grid = read.sheets[hit.sheetIndex] as Grid;
  const headerRow = hit.row;
  const blocked = myNumberColumns(grid, headerRow, hit.headers);
  const mapping: RosterMapping = {};
  for (const [f, c] of Object.entries(options?.mapping ?? hit.mapping) as [RosterField, number][]) if (!blocked.has(c)) mapping[f] = c;

  const headers = hit.headers.map((h) => (isMyNumberText(h) ? '' : scrubMyNumbers(h)));
  const ignoredColumns = [...blocked].sort((a, b) => a - b).map((c) => headers[c] || `${columnName(c)}列`);

  const missing = (['employeeId', 'name'] as const).filter((f) => mapping[f] === undefined);
  if (missing.length > 0) {
    const labels = missing.map((f) => ROSTER_FIELD_LABELS[f]).join('・');
    const blockedNote = missing.some((f) => hit.mapping[f] !== undefined)
      ? '（12桁の数字の列は個人番号とみなして読み込みません）'
      : '';
    const message = `社員名簿に必要な列（${labels}）が見つかりません${blockedNote}。見つかった列: ${describeColumns(read.sheets)}`;
    const rows: string[][] = [];
    for (let r = headerRow + 1; r < grid.rowCount && rows.length < 6; r++) {
      if (grid.width(r) > 0) rows.push(rowTexts(grid, r).map((t, c) => (blocked.has(c) || isMyNumberCell(grid, r, c, t) ? '' : scrubMyNumbers(t))));
    }
    throw new RosterNeedsMapping(message, headers, rows, mapping);
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
    if (myNumberFields.length === 0) {
      const isTotalText = (t: string) => t !== '' && TOTAL_RE.test(t.normalize('NFKC').replace(/\s+/g, ''));
      // 「合計, 52名」 fills the ID and name columns too; no real 社員番号 reads 合計.
      let isTotal = isTotalText(values.employeeId);
      if (!isTotal && (!values.employeeId || !values.name)) {
        const w = grid.width(r);
        for (let c = 0; c < w && !isTotal; c++) isTotal = isTotalText(cleanCell(grid.text(r, c)));
      }
      if (isTotal) continue;
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

  return {
    format: read.format,
    encoding: read.encoding,
    sheetName: grid.name,
    headerRow: headerRow + 1,
    headers,
    mapping,
    entries,
    problems,
    ignoredColumns,
    totalDataRows,
  };
}
