// Types of the list importer, shared with the renderer: keep this file free of Node imports.

export type ImportField =
  | 'symbol'
  | 'number'
  | 'branch'
  | 'insuredName'
  | 'name'
  | 'kana'
  | 'relation'
  | 'birthDate'
  | 'sex'
  | 'deptCode'
  | 'deptName'
  | 'refNumber'
  | 'documentKind'
  | 'delivery';

/** All fields in the order the mapping screen shows them. */
export const IMPORT_FIELDS: readonly ImportField[] = [
  'symbol',
  'number',
  'branch',
  'insuredName',
  'name',
  'kana',
  'relation',
  'birthDate',
  'sex',
  'deptCode',
  'deptName',
  'refNumber',
  'documentKind',
  'delivery',
];

export const REQUIRED_FIELDS: ImportField[] = ['symbol', 'number', 'name'];

export const FIELD_LABELS: Record<ImportField, string> = {
  symbol: '記号',
  number: '番号',
  branch: '枝番',
  insuredName: '被保険者氏名',
  name: '対象者氏名',
  kana: 'カナ',
  relation: '続柄',
  birthDate: '生年月日',
  sex: '性別',
  deptCode: '所属コード',
  deptName: '所属名',
  refNumber: '整理番号',
  documentKind: '交付書類',
  delivery: '送付先',
};

/** field -> 0-based column index */
export type ColumnMapping = Partial<Record<ImportField, number>>;

/** A row that was NOT imported. `row` is the 1-based row number as the clerk sees it in Excel. */
export interface ImportProblem {
  row: number;
  reason: string;
}

export interface ParsedMember {
  /** 1-based row number in the file */
  row: number;
  symbol: string;
  number: string;
  branch: string;
  insuredName: string;
  name: string;
  kana: string;
  relation: string;
  /** ISO date (yyyy-mm-dd) or null when the list has none */
  birthDate: string | null;
  sex: string;
  deptCode: string;
  deptName: string;
  refNumber: string;
  /** 交付書類 as the list names it (資格情報のお知らせ, 資格確認書); '' when the list has no such column. */
  documentKind: string;
  /** 送付先 / 送付区分 as the list wrote it (事業所, 自宅, 直送 …); '' when the list has no such column. */
  delivery: string;
}

export interface ParsedList {
  format: 'xlsx' | 'xls' | 'csv' | 'tsv';
  /** text files only */
  encoding: 'utf-8' | 'shift_jis' | null;
  sheetName: string | null;
  /** 1-based */
  headerRow: number;
  /** Header texts as written, My Number columns included so the mapping screen can show them greyed. */
  headers: string[];
  /** What was recognised, or the override passed in (minus columns that are never read). */
  mapping: ColumnMapping;
  /** Required fields with no column. When non-empty the rows are not judged: members, problems and mergedDuplicates are empty. */
  missingFields: ImportField[];
  /** First data rows as display text, My Number columns replaced by ''. */
  preview: string[][];
  /** Good rows only, exact duplicates merged. */
  members: ParsedMember[];
  /** Rows NOT imported, with a Japanese reason, in row order. */
  problems: ImportProblem[];
  /** Exact duplicate rows folded into an earlier one. */
  mergedDuplicates: { row: number; sameAs: number }[];
  /** Rows holding only the wrapped rest of a name, joined to the member row above (折り返しを結合). */
  joinedRows: { row: number; into: number }[];
  /** Headers of My Number columns that were never read. */
  ignoredColumns: string[];
  insurerName: string | null;
  insurerNumber: string | null;
  companyName: string | null;
  proposedUnit: 'person' | 'household';
  /** Rows that carried member data: members + mergedDuplicates + problems (with missingFields: the non-blank rows below the header). */
  totalDataRows: number;
}
