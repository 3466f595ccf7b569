// Grid rows below the header -> members, plus the rows that cannot be imported and why.

import { FIELD_LABELS, IMPORT_FIELDS, type ColumnMapping, type ImportField, type ImportProblem, type ParsedMember } from '../../../shared/import';
import { parseDate } from '../../domain/dates';
import { cleanCell, memberKey, searchKey } from '../../domain/normalize';
import { ImportError } from '../sheet/errors';
import { MAX_CELL_CHARS, MAX_DATA_ROWS } from '../sheet/limits';
import { isMyNumberCell, keptCellText, quoteCell } from '../sheet/privacy';
import type { Grid } from '../sheet/read';
import { isTotalRow } from '../sheet/columns';
import { joinContinuation } from './continuation';

export interface RowsInput {
  grid: Grid;
  /** 0-based header row; data starts below it */
  headerRow: number;
  /** header texts, to skip the header where a printed list repeats it on every page */
  headers: readonly string[];
  /** never points at a My Number column */
  mapping: ColumnMapping;
  date1904: boolean;
  /** today as yyyy-mm-dd, for rejecting birth dates in the future */
  today: string;
}

export interface RowsResult {
  members: ParsedMember[];
  problems: ImportProblem[];
  mergedDuplicates: { row: number; sameAs: number }[];
  /** Rows that held only the wrapped rest of the name above (1-based: row, and the member row it joined). */
  joinedRows: { row: number; into: number }[];
  totalDataRows: number;
}

type TextField = Exclude<ImportField, 'birthDate'>;
/** Every field but the date, in the mapping screen's order (the positions below index `values`). */
const TEXT_FIELDS = IMPORT_FIELDS.filter((f): f is TextField => f !== 'birthDate');
const FIELD_COUNT = TEXT_FIELDS.length;
const CODE_FIELDS: readonly TextField[] = ['symbol', 'number', 'branch', 'deptCode'];
const REQUIRED: readonly ('symbol' | 'number' | 'name')[] = ['symbol', 'number', 'name'];
const MISSING_LABELS = { symbol: '記号', number: '番号', name: '氏名' } as const;

function isBlank(s: string): boolean {
  return s.length === 0 || s.trim().length === 0;
}

function isDigitText(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0xff10 && c <= 0xff19))) return false;
  }
  return true;
}

/**
 * The digit count most text cells of a code column have, when some cells of the column are
 * numbers: Excel turns 0000001 typed without a text format into 1, and the text cells of the
 * same column still show the width the list uses. 0 when there is nothing to restore.
 */
function commonDigitWidth(grid: Grid, from: number, col: number): number {
  let sawNumber = false;
  const counts = new Map<number, number>();
  for (let r = from; r < grid.rowCount; r++) {
    const v = grid.value(r, col);
    if (typeof v === 'number') sawNumber = true;
    else if (typeof v === 'string') {
      const t = v.trim();
      if (isDigitText(t)) counts.set(t.length, (counts.get(t.length) ?? 0) + 1);
    }
  }
  if (!sawNumber) return 0;
  let best = 0;
  let bestCount = 0;
  for (const [len, n] of counts) {
    if (n > bestCount || (n === bestCount && len > best)) {
      best = len;
      bestCount = n;
    }
  }
  return best;
}

/** Fields compared between rows of one member key (記号・番号・枝番 are equal by that key). */
const COMPARED_FIELDS = TEXT_FIELDS.filter((f) => f !== 'symbol' && f !== 'number' && f !== 'branch');

/** Fields that differ for the clerk: width, kana and spacing do not matter. */
function differingFields(a: ParsedMember, b: ParsedMember): ImportField[] {
  const out: ImportField[] = [];
  for (const f of COMPARED_FIELDS) if (a[f] !== b[f] && searchKey(a[f]) !== searchKey(b[f])) out.push(f);
  if (a.birthDate !== b.birthDate) out.push('birthDate');
  return out;
}

function fieldsOf(mask: number): TextField[] {
  return TEXT_FIELDS.filter((_, i) => (mask & (1 << i)) !== 0);
}

function describeProblem(m: ParsedMember, myNumberMask: number, tooLongMask: number, birthProblem: string | null): string {
  const reasons: string[] = [];
  const myNumberFields = fieldsOf(myNumberMask);
  if (myNumberFields.length > 0) {
    reasons.push(`${myNumberFields.map((f) => FIELD_LABELS[f]).join('・')}に個人番号と思われる12桁の数字があります`);
  }
  const absent = REQUIRED.filter((f) => !m[f] && !myNumberFields.includes(f));
  if (absent.length > 0) reasons.push(`${absent.map((f) => MISSING_LABELS[f]).join('・')}がありません`);
  const long = fieldsOf(tooLongMask);
  if (long.length > 0) reasons.push(`${long.map((f) => FIELD_LABELS[f]).join('・')}が長すぎます（${MAX_CELL_CHARS}文字まで）`);
  if (birthProblem !== null) reasons.push(birthProblem);
  return reasons.join('、');
}

/** The date cell as the clerk typed it, safe to show in a message. */
function shownDate(grid: Grid, r: number, c: number): string {
  const t = cleanCell(grid.text(r, c));
  if (isMyNumberCell(grid, r, c, t)) return '12桁の数字';
  return quoteCell(t, 40);
}

interface Entry {
  m: ParsedMember;
  key: string;
  /** index of the earlier equal entry this one duplicates, -1 if none */
  dupOf: number;
}

export function buildMembers(input: RowsInput): RowsResult {
  const { grid, headerRow, headers, mapping, date1904, today } = input;
  const col = (f: ImportField): number => mapping[f] ?? -1;
  const cols: Record<TextField, number> = {
    symbol: col('symbol'),
    number: col('number'),
    branch: col('branch'),
    insuredName: col('insuredName'),
    name: col('name'),
    kana: col('kana'),
    relation: col('relation'),
    sex: col('sex'),
    deptCode: col('deptCode'),
    deptName: col('deptName'),
    refNumber: col('refNumber'),
    documentKind: col('documentKind'),
    delivery: col('delivery'),
  };
  const birthCol = col('birthDate');
  // A row without any of these is a blank, a note, a section title or a total: skipped silently.
  const identityCols = [cols.symbol, cols.number, cols.branch, cols.insuredName, cols.name, cols.kana, birthCol, cols.refNumber].filter(
    (c) => c >= 0,
  );
  // Per-field settings as arrays indexed like TEXT_FIELDS: keyed access by a changing field name
  // is slow in V8, and this runs for every cell of every member.
  const fieldCols = TEXT_FIELDS.map((f) => cols[f]);
  const fieldWidths = TEXT_FIELDS.map((f) => {
    const c = cols[f];
    if (c < 0 || !grid.storesNumbers || !CODE_FIELDS.includes(f)) return -1;
    const w = commonDigitWidth(grid, headerRow + 1, c);
    // 枝番 is two digits in every list seen (00 = the insured person)
    return w === 0 && f === 'branch' ? 2 : w;
  });
  const repeatCol = cols.number >= 0 ? cols.number : cols.name;
  const repeatText = repeatCol >= 0 ? (headers[repeatCol] ?? '') : '';

  const readField = (r: number, i: number): string => {
    const c = fieldCols[i] as number;
    if (c < 0) return '';
    const width = fieldWidths[i] as number;
    if (width >= 0) {
      const v = grid.value(r, c);
      if (typeof v === 'number' && Number.isInteger(v) && v >= 0) {
        const s = String(v);
        const w = grid.zeroPadWidth(r, c) || width;
        return s.length < w ? s.padStart(w, '0') : s;
      }
    }
    return cleanCell(grid.text(r, c));
  };

  const parseOptions = { date1904 };
  const values: string[] = new Array<string>(FIELD_COUNT).fill('');
  const problems: ImportProblem[] = [];
  const entries: Entry[] = [];
  const firstByKey = new Map<string, number>();
  const variantsByKey = new Map<string, number[]>();
  const joinedRows: { row: number; into: number }[] = [];
  // The member a wrapped name on grid row `joinRow` would continue (0-based; -1: none).
  let joinTarget: ParsedMember | null = null;
  let joinRow = -1;
  let totalDataRows = 0;

  for (let r = headerRow + 1; r < grid.rowCount; r++) {
    if (grid.width(r) === 0) continue;
    let any = false;
    for (const c of identityCols) {
      if (!isBlank(grid.text(r, c))) {
        any = true;
        break;
      }
    }
    if (!any) continue;
    if (repeatText && cleanCell(grid.text(r, repeatCol)) === repeatText) continue;

    // Flags rather than arrays: this loop runs once per member and must not allocate on the good path.
    let myNumberMask = 0;
    let tooLongMask = 0;
    for (let i = 0; i < FIELD_COUNT; i++) {
      let s = readField(r, i);
      if (s.length >= 11) {
        const kept = keptCellText(grid, r, fieldCols[i] as number, s);
        if (kept === null) {
          myNumberMask |= 1 << i;
          s = '';
        } else {
          if (s.length > MAX_CELL_CHARS) tooLongMask |= 1 << i;
          s = kept;
        }
      }
      values[i] = s;
    }
    const m: ParsedMember = {
      row: r + 1,
      symbol: values[0] as string,
      number: values[1] as string,
      branch: values[2] as string,
      insuredName: values[3] as string,
      name: values[4] as string,
      kana: values[5] as string,
      relation: values[6] as string,
      birthDate: null,
      sex: values[7] as string,
      deptCode: values[8] as string,
      deptName: values[9] as string,
      refNumber: values[10] as string,
      documentKind: values[11] as string,
      delivery: values[12] as string,
    };

    const incomplete = !m.symbol || !m.number || !m.name;
    if (incomplete && myNumberMask === 0 && isTotalRow(grid, r)) continue;
    if (incomplete && myNumberMask === 0 && tooLongMask === 0 && joinTarget && joinRow === r) {
      if (joinContinuation(joinTarget, m, birthCol < 0 || isBlank(grid.text(r, birthCol)))) {
        joinedRows.push({ row: m.row, into: joinTarget.row });
        joinRow = r + 1; // a name may wrap twice
        continue;
      }
    }
    joinTarget = null;

    totalDataRows++;
    if (totalDataRows > MAX_DATA_ROWS) {
      throw new ImportError(`行数が多すぎます（${MAX_DATA_ROWS.toLocaleString('ja-JP')}行まで）。リストを分けて取り込んでください`);
    }

    let birthProblem: string | null = null;
    if (birthCol >= 0) {
      // An error cell (#N/A) has no value but shows text: that is unreadable, not empty.
      const raw = grid.value(r, birthCol) ?? grid.text(r, birthCol);
      const d = parseDate(typeof raw === 'string' ? raw.trim() : raw, parseOptions);
      if (!d.ok) birthProblem = `生年月日を読めません（${shownDate(grid, r, birthCol)}）`;
      else if (d.iso !== null && (d.iso < '1868-01-01' || d.iso > today)) birthProblem = `生年月日が正しくありません（${shownDate(grid, r, birthCol)}）`;
      else m.birthDate = d.iso;
    }

    if (incomplete || myNumberMask !== 0 || tooLongMask !== 0 || birthProblem !== null) {
      problems.push({ row: m.row, reason: describeProblem(m, myNumberMask, tooLongMask, birthProblem) });
      continue;
    }

    joinTarget = m;
    joinRow = r + 1;
    const key = memberKey(m.symbol, m.number, m.branch);
    const idx = entries.length;
    const entry: Entry = { m, key, dupOf: -1 };
    entries.push(entry);
    const first = firstByKey.get(key);
    if (first === undefined) {
      firstByKey.set(key, idx);
      continue;
    }
    let variants = variantsByKey.get(key);
    if (!variants) {
      variants = [first];
      variantsByKey.set(key, variants);
    }
    for (const v of variants) {
      const other = entries[v];
      if (other && differingFields(other.m, m).length === 0) {
        entry.dupOf = v;
        break;
      }
    }
    if (entry.dupOf < 0) variants.push(idx);
  }

  const members: ParsedMember[] = [];
  const mergedDuplicates: { row: number; sameAs: number }[] = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] as Entry;
    const variants = variantsByKey.get(e.key);
    if (variants && variants.length > 1) {
      // One key, different people or data: the clerk must check the list; importing either
      // row could hand an envelope to the wrong person.
      const own = e.dupOf >= 0 ? e.dupOf : i;
      const otherIdx = variants.find((v) => v !== own);
      const other = otherIdx === undefined ? undefined : entries[otherIdx];
      if (other) {
        const diff = differingFields(other.m, e.m);
        const what = diff.includes('name') ? '氏名が異なります' : `内容が異なります（${diff.map((f) => FIELD_LABELS[f]).join('・')}）`;
        problems.push({ row: e.m.row, reason: `${other.m.row}行目と同じ記号・番号・枝番で${what}` });
        continue;
      }
    }
    if (e.dupOf >= 0) {
      const same = entries[e.dupOf];
      if (same) mergedDuplicates.push({ row: e.m.row, sameAs: same.m.row });
      continue;
    }
    members.push(e.m);
  }
  problems.sort((a, b) => a.row - b.row);
  return { members, problems, mergedDuplicates, joinedRows, totalDataRows };
}
