// The 送付対象者リスト as one kind of sheet: its header wordings, and what the rows above the header
// say about the insurer. The header search itself is the generic one (sheet/header.ts).

import type { ImportField } from '../../../shared/import';
import { cleanCell } from '../../domain/normalize';
import { findHeaderRow, rowTexts, sheetKind, type HeaderMatch, type SynonymTable } from '../sheet/header';
import { HEADER_SCAN_ROWS } from '../sheet/limits';
import type { Grid } from '../sheet/read';
import { insurerKindOf } from './insurerKind';

/**
 * Header wordings per field with a priority: when two columns could hold one field, the
 * more specific wording wins (対象者氏名カナ over 被保険者氏名カナ for the envelope's person).
 */
const LIST_SYNONYMS: SynonymTable<ImportField> = {
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
  documentKind: [
    ['交付書類', 10],
    ['交付書類名', 10],
    ['送付書類', 9],
    ['書類名', 9],
    ['書類', 8],
  ],
  delivery: [
    ['送付先', 10],
    ['送付区分', 10],
    ['送付先区分', 10],
    ['送付方法', 9],
    ['配送先', 9],
    ['直送区分', 9],
    ['送り先', 8],
  ],
};

/** The list's headers: a header row names 記号, 番号, 氏名, 被保険者氏名 or カナ. */
export const LIST_SHEET = sheetKind(LIST_SYNONYMS, ['symbol', 'number', 'name', 'insuredName', 'kana']);

/** The list's header row (see findHeaderRow). */
export function findHeader(sheets: readonly Grid[]): HeaderMatch<ImportField> | null {
  return findHeaderRow(sheets, LIST_SHEET);
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
 * number tells them apart too, by its 法別番号 (06/63 健保組合, 01 協会けんぽ: insurerKindOf).
 */
export function proposeUnit(info: TitleInfo): 'person' | 'household' {
  const judge = (s: string): 'person' | 'household' | null => {
    if (/協会けんぽ|全国健康保険協会/.test(s)) return 'person';
    if (/健康保険組合|健保組合|健保/.test(s)) return 'household';
    return null;
  };
  const byName = info.insurerName ? judge(info.insurerName) : null;
  if (byName) return byName;
  // The 法別番号 table lives in insurerKind.ts: its kind's name is judged like a written name.
  const kind = insurerKindOf(info.insurerNumber);
  const byNumber = kind ? judge(kind) : null;
  if (byNumber) return byNumber;
  for (const t of info.texts) {
    const byTitle = judge(t);
    if (byTitle) return byTitle;
  }
  return 'person';
}
