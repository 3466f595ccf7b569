// The employer's 社員名簿 as one kind of sheet: its header wordings and how its cells are read
// (社員番号 as scanned from an ID card, 在籍区分, 記号・番号 in one cell). A roster is made by HR's own
// system, not by an insurer, so only the wordings differ from a list; the reader is the same.

import { codeKey } from '../../domain/normalize';
import { sheetKind, type SynonymTable } from '../sheet/header';
import type { RosterFieldName as RosterField } from '../../../shared/roster';

/**
 * Header wordings per field with a priority: when two columns could hold one field, the more
 * specific wording wins (所属コード over 所属, 健保番号 over 番号).
 */
const ROSTER_SYNONYMS: SynonymTable<RosterField> = {
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

/** The roster's headers: a header row names 社員番号 or 氏名. */
export const ROSTER_SHEET = sheetKind(ROSTER_SYNONYMS, ['employeeId', 'name']);

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

/** 記号 and 番号 written in one cell: 1234-12345600, 1234 12345600, 1234・12345600. */
export function splitSymbolNumber(s: string): [string, string] | null {
  const parts = s
    .normalize('NFKC')
    .trim()
    .split(/[\s\-‐‑‒–—―−ー・,、/]+/)
    .filter((p) => p !== '');
  return parts.length === 2 ? [parts[0]!, parts[1]!] : null;
}

