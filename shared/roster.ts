/** The roster check's findings, shown on the 返送 screen and printed by the CLI. */

export interface RetireeProposal {
  envelopeId: number;
  employeeId: string;
  employeeName: string;
  leftOn: string | null;
  /** names in the envelope, insured person first */
  members: string[];
  /** 本人・妻・子 for the members, in the same order */
  relation: string;
  /** 'name': the roster has no 記号・番号 for this employee, the household was found by the insured person's name */
  matchedBy: 'insurance' | 'name';
}

export interface RosterReport {
  /** pending or on_hold envelopes of the households of employees who left: 本人 and dependents */
  proposals: RetireeProposal[];
  /** employed, with no member in any list */
  notOnList: { employeeId: string; name: string; deptCode: string }[];
  /** envelopes whose 記号+番号 match no roster entry */
  notInRoster: { envelopeId: number; holderName: string; symbol: string; number: string }[];
  /** same 記号+番号, insured names that differ even after folding width, kana, spaces and 髙/高 */
  nameMismatches: { employeeId: string; rosterName: string; listName: string; symbol: string; number: string }[];
}

export interface RosterImportSummary {
  rosterImportId: number;
  entries: number;
  problems: { row: number; reason: string }[];
  ignoredColumns: string[];
  /** the insurer whose 記号・番号 the roster holds (null: it matched no more than one insurer's lists) */
  insurerName: string | null;
}

/** The roster's 記号・番号 match envelopes of several insurers: the clerk picks the one it speaks of. */
export interface RosterNeedsInsurerInfo {
  message: string;
  insurers: string[];
}

export const ROSTER_FIELDS = ['employeeId', 'name', 'kana', 'deptCode', 'status', 'leftOn', 'symbol', 'number', 'symbolNumber'] as const;
export type RosterFieldName = (typeof ROSTER_FIELDS)[number];

/** field -> 0-based column index */
export type RosterMapping = Partial<Record<RosterFieldName, number>>;

export const ROSTER_FIELD_LABELS: Record<RosterFieldName, string> = {
  employeeId: '社員番号',
  name: '氏名',
  kana: 'カナ',
  deptCode: '所属',
  status: '在籍区分',
  leftOn: '退職日',
  symbol: '健保記号',
  number: '健保番号',
  symbolNumber: '健保記号・番号',
};

/** The roster's columns could not all be recognised: what the mapping screen shows. */
export interface RosterNeedsMappingInfo {
  message: string;
  headers: string[];
  rows: string[][];
  mapping: RosterMapping;
}
