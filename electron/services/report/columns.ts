/** What the report's sheets and the CSV share: 封筒一覧's columns, the formula guard, Japanese text widths. */
import type { ReportRow } from '../../../shared/report';

export interface ReportColumn<K extends string = keyof ReportRow> {
  key: K;
  header: string;
  /** Widths in Excel's units (one per half-width character): the column grows with its text between them. */
  minWidth: number;
  maxWidth: number;
}

/** 封筒一覧's columns, in order: the xlsx sheet and the CSV share them. */
export const ROW_COLUMNS: readonly ReportColumn[] = [
  { key: 'insurerName', header: '保険者', minWidth: 12, maxWidth: 30 },
  { key: 'symbol', header: '記号', minWidth: 6, maxWidth: 14 },
  { key: 'number', header: '番号', minWidth: 6, maxWidth: 14 },
  { key: 'branch', header: '枝番', minWidth: 5, maxWidth: 8 },
  { key: 'holderName', header: '被保険者氏名', minWidth: 14, maxWidth: 24 },
  { key: 'names', header: '対象者', minWidth: 14, maxWidth: 48 },
  { key: 'relations', header: '続柄', minWidth: 6, maxWidth: 20 },
  { key: 'deptCode', header: '所属コード', minWidth: 10, maxWidth: 14 },
  { key: 'deptName', header: '所属名', minWidth: 8, maxWidth: 24 },
  { key: 'status', header: '状態', minWidth: 8, maxWidth: 10 },
  { key: 'statusDate', header: '日付', minWidth: 10, maxWidth: 16 },
  { key: 'reason', header: '理由', minWidth: 6, maxWidth: 36 },
  { key: 'recipient', header: '受取', minWidth: 6, maxWidth: 24 },
  { key: 'operator', header: '担当者', minWidth: 8, maxWidth: 16 },
  { key: 'batch', header: '返送の袋', minWidth: 10, maxWidth: 20 },
  { key: 'trackingNumber', header: 'お問い合わせ番号', minWidth: 16, maxWidth: 18 },
  { key: 'discrepancy', header: '受入チェック', minWidth: 12, maxWidth: 14 },
  { key: 'documentKind', header: '交付書類', minWidth: 10, maxWidth: 28 },
];

/**
 * What a spreadsheet would read as the start of a formula (OWASP "CSV Injection": = + - @ tab CR), plus their
 * full-width forms, which a Japanese IME types and NFKC folds onto the same characters.
 */
const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/;
export const looksLikeFormula = (s: string): boolean => FORMULA_START.test(s);

/** Width in Excel's units (one per half-width character): kanji and kana take two. */
export function displayWidth(s: string): number {
  let w = s.length;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x1100) w++;
  return w;
}

/**
 * Column widths that fit the widest text of each column, within its bounds (a very long reason wraps the
 * page less than it would widen it). Below half the width even full-width text fits: those values are
 * not measured, which spares most of the work at 100,000 rows.
 */
export function fitWidths<R>(columns: readonly ReportColumn<string>[], rows: readonly R[], value: (row: R, c: number) => string): number[] {
  const widths = columns.map((c) => Math.max(c.minWidth, displayWidth(c.header)));
  const maxLen = widths.map((w) => w >> 1);
  for (const row of rows) {
    for (let c = 0; c < columns.length; c++) {
      const v = value(row, c);
      if (v.length > maxLen[c]!) {
        const w = displayWidth(v);
        if (w > widths[c]!) widths[c] = w;
        maxLen[c] = v.length;
      }
    }
  }
  return columns.map((c, i) => Math.min(c.maxWidth, widths[i]! + 2));
}
