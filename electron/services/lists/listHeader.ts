// Finding the header row of a 送付対象者リスト and what each column holds. Insurers and
// employers' systems word the same column many ways (記号 / 被保険者証記号, カナ / フリガナ /
// 対象者氏名（ｶﾅ）) and put title rows, notes or a cover sheet above the list.

import type { ColumnMapping, ImportField } from '../../../shared/import';
import { cleanCell } from '../../domain/normalize';
import { HEADER_SCAN_ROWS } from '../sheet/limits';
import type { Grid } from '../sheet/read';

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

/**
 * Header wordings per field with a priority: when two columns could hold one field, the
 * more specific wording wins (対象者氏名カナ over 被保険者氏名カナ for the envelope's person).
 */
const SYNONYMS: Record<ImportField, readonly (readonly [string, number])[]> = {
  symbol: [
    ['記号', 10],
    ['被保険者記号', 10],
    ['被保険者証記号', 10],
    ['保険証記号', 10],
    ['健康保険証記号', 10],
    ['健康保険記号', 10],
    ['健保記号', 10],
    ['証記号', 10],
  ],
  number: [
    ['番号', 10],
    ['被保険者番号', 10],
    ['被保険者証番号', 10],
    ['保険証番号', 10],
    ['健康保険証番号', 10],
    ['健康保険番号', 10],
    ['健保番号', 10],
    ['証番号', 10],
  ],
  branch: [
    ['枝番', 10],
    ['枝番号', 10],
    ['被保険者枝番', 10],
    ['被保険者証枝番', 10],
    ['保険証枝番', 10],
  ],
  insuredName: [
    ['被保険者氏名', 10],
    ['被保険者名', 10],
    ['被保険者の氏名', 10],
    ['被保険者氏名漢字', 10],
    ['被保険者', 8],
  ],
  name: [
    ['対象者氏名', 10],
    ['対象者氏名漢字', 10],
    ['送付対象者氏名', 10],
    ['送付対象者名', 10],
    ['対象者名', 9],
    ['対象者', 8],
    ['加入者氏名', 9],
    ['加入者名', 9],
    ['氏名漢字', 8],
    ['漢字氏名', 8],
    ['氏名', 7],
    ['名前', 6],
  ],
  kana: [
    ['対象者氏名カナ', 10],
    ['対象者氏名フリガナ', 10],
    ['対象者カナ', 10],
    ['対象者フリガナ', 10],
    ['カナ氏名', 9],
    ['氏名カナ', 9],
    ['氏名フリガナ', 9],
    ['カナ', 8],
    ['フリガナ', 8],
    ['ヨミガナ', 8],
    ['ヨミ', 7],
    ['読み仮名', 7],
    ['被保険者氏名カナ', 5],
    ['被保険者カナ', 5],
  ],
  relation: [
    ['続柄', 10],
    ['続き柄', 10],
    ['被保険者との続柄', 10],
    ['本人家族の別', 10],
    ['本人家族別', 10],
    ['本人家族区分', 10],
    ['本人家族', 10],
    ['本家区分', 9],
  ],
  birthDate: [
    ['生年月日', 10],
    ['対象者生年月日', 10],
    ['生年月日和暦', 10],
    ['生年月日西暦', 10],
    ['誕生日', 8],
  ],
  sex: [
    ['性別', 10],
    ['男女', 9],
    ['男女別', 9],
    ['性別区分', 9],
  ],
  deptCode: [
    ['所属コード', 10],
    ['所属CD', 10],
    ['所属番号', 9],
    ['部署コード', 9],
    ['部署CD', 9],
    ['部門コード', 9],
    ['所属', 8],
  ],
  deptName: [
    ['所属名', 10],
    ['所属名称', 10],
    ['所属部署名', 9],
    ['部署名', 9],
    ['部門名', 9],
    ['所属部署', 8],
    ['部署', 8],
  ],
  refNumber: [
    ['整理番号', 10],
    ['整理No', 9],
  ],
};

const FIELD_BY_KEY = new Map<string, { field: ImportField; priority: number }>();
for (const [field, list] of Object.entries(SYNONYMS) as [ImportField, readonly (readonly [string, number])[]][]) {
  for (const [text, priority] of list) FIELD_BY_KEY.set(headerKey(text), { field, priority });
}

/** A column headed as a My Number (個人番号, マイナンバー, 個人番号（下4桁）…): never read. */
export function isMyNumberHeader(text: string): boolean {
  if (!text) return false;
  const k = headerKey(text);
  return k.includes('個人番号') || k.includes('まいなんばー') || k.includes('mynumber') || k.includes('まいなんば');
}

/** Field for one header text, if it names one. */
export function fieldOfHeader(text: string): ImportField | null {
  return FIELD_BY_KEY.get(headerKey(text))?.field ?? null;
}

/** Columns -> fields for one header row; each field and each column used once, best wording first. */
export function recognizeHeaders(headers: readonly string[]): ColumnMapping {
  const candidates: { col: number; field: ImportField; priority: number }[] = [];
  headers.forEach((text, col) => {
    if (!text || isMyNumberHeader(text)) return;
    const hit = FIELD_BY_KEY.get(headerKey(text));
    if (hit) candidates.push({ col, ...hit });
  });
  candidates.sort((a, b) => b.priority - a.priority || a.col - b.col);
  const mapping: ColumnMapping = {};
  const usedCols = new Set<number>();
  for (const { col, field } of candidates) {
    if (mapping[field] !== undefined || usedCols.has(col)) continue;
    mapping[field] = col;
    usedCols.add(col);
  }
  return mapping;
}

const IDENTITY_FIELDS: readonly ImportField[] = ['symbol', 'number', 'name', 'insuredName', 'kana'];

function rowTexts(grid: Grid, r: number): string[] {
  const w = grid.width(r);
  const out = new Array<string>(w);
  for (let c = 0; c < w; c++) out[c] = cleanCell(grid.text(r, c));
  return out;
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

export interface HeaderMatch {
  sheetIndex: number;
  /** 0-based */
  row: number;
  headers: string[];
  mapping: ColumnMapping;
}

function score(mapping: ColumnMapping): number {
  const n = Object.keys(mapping).length;
  if (n < 2) return 0;
  return IDENTITY_FIELDS.some((f) => mapping[f] !== undefined) ? n : 0;
}

/**
 * The header row: in the first HEADER_SCAN_ROWS rows of each sheet, the row naming the most
 * known columns (at least two, one of them 記号/番号/氏名/カナ). Visible sheets before hidden
 * ones; on a tie the earlier sheet and row win, so a cover sheet or a summary sheet does not.
 */
export function findHeader(sheets: readonly Grid[]): HeaderMatch | null {
  return findBestHeaderRow(sheets, recognizeHeaders, score);
}

/**
 * The row near the top that a recognizer scores highest (the list's and the roster's headers share
 * this search): visible sheets first, blank rows reset a two-row header, earlier wins a tie.
 */
export function findBestHeaderRow<M extends object>(
  sheets: readonly Grid[],
  recognize: (headers: readonly string[]) => M,
  scoreOf: (mapping: M) => number,
): { sheetIndex: number; row: number; headers: string[]; mapping: M } | null {
  let best: { sheetIndex: number; row: number; headers: string[]; mapping: M } | null = null;
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
      const plain = recognize(rowTexts(g, r));
      const headers = headerTextsAt(g, r, upperIsHeader);
      const mapping = recognize(headers);
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

export interface TitleInfo {
  insurerName: string | null;
  insurerNumber: string | null;
  companyName: string | null;
  /** all title texts, for guessing the kind of insurer when no name is labelled */
  texts: string[];
}

const COLON = '[:：]';
const INSURER_NUMBER_RE = new RegExp(`^保険者番号\\s*${COLON}?\\s*(.*)$`);
const INSURER_NAME_RE = new RegExp(`^(?:保険者名称|保険者名|保険者${COLON})\\s*${COLON}?\\s*(.*)$`);
const COMPANY_RE = new RegExp(`^(?:事業所名称|事業所名|事業主名称|事業主名|会社名)\\s*${COLON}?\\s*(.*)$`);

function stripHonorific(s: string): string {
  return cleanCell(s.replace(/[\s　]*(?:御中|様|殿)$/, ''));
}

/**
 * 保険者名・保険者番号・事業所名 from the rows above the header (and from cover sheets before
 * the list): `保険者名：○○健康保険組合` in one cell, or the label in one cell and the value in
 * the next.
 */
export function readTitleInfo(sheets: readonly Grid[], sheetIndex: number, headerRow: number): TitleInfo {
  const info: TitleInfo = { insurerName: null, insurerNumber: null, companyName: null, texts: [] };
  const visit = (g: Grid, rows: number) => {
    for (let r = 0; r < rows; r++) {
      const texts = rowTexts(g, r);
      for (let c = 0; c < texts.length; c++) {
        const t = texts[c];
        if (!t) continue;
        info.texts.push(t);
        const nextValue = () => texts.slice(c + 1).find((x) => x) ?? '';
        let m = INSURER_NUMBER_RE.exec(t);
        if (m) {
          if (info.insurerNumber === null) {
            const digits = (m[1] || nextValue()).normalize('NFKC').replace(/[^0-9]/g, '');
            if (digits) info.insurerNumber = digits;
          }
          continue;
        }
        m = INSURER_NAME_RE.exec(t);
        if (m) {
          if (info.insurerName === null) info.insurerName = stripHonorific(m[1] || nextValue()) || null;
          continue;
        }
        m = COMPANY_RE.exec(t);
        if (m && info.companyName === null) info.companyName = stripHonorific(m[1] || nextValue()) || null;
      }
    }
  };
  for (let i = 0; i < sheetIndex; i++) {
    const g = sheets[i];
    if (g) visit(g, Math.min(g.rowCount, HEADER_SCAN_ROWS));
  }
  const g = sheets[sheetIndex];
  if (g) visit(g, headerRow);
  return info;
}

/**
 * 健康保険組合 usually pack one envelope per household, 協会けんぽ one per person. The insurer
 * number tells them apart too: 法別番号 06/63 are 健保組合, 01 is 協会けんぽ.
 */
export function proposeUnit(info: TitleInfo): 'person' | 'household' {
  const judge = (s: string): 'person' | 'household' | null => {
    if (/協会けんぽ|全国健康保険協会/.test(s)) return 'person';
    if (/健康保険組合|健保組合|健保/.test(s)) return 'household';
    return null;
  };
  const byName = info.insurerName ? judge(info.insurerName) : null;
  if (byName) return byName;
  const num = info.insurerNumber;
  if (num && num.length === 8) {
    if (num.startsWith('06') || num.startsWith('63')) return 'household';
    if (num.startsWith('01')) return 'person';
  }
  for (const t of info.texts) {
    const byTitle = judge(t);
    if (byTitle) return byTitle;
  }
  return 'person';
}
