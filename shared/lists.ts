/** What the import screen and the CLI show about a list before and after it is stored. */
import type { EnvelopeUnit } from './domain';
import type { ColumnMapping, ImportField, ImportProblem } from './import';

export interface DeptCount {
  deptCode: string;
  deptName: string;
  envelopes: number;
  members: number;
}

export interface KnownMember {
  row: number;
  name: string;
  /** The shipment that already brought this member. */
  fileName: string;
  receivedOn: string | null;
  importedAt: string;
}

export interface ImportCounts {
  /** Envelopes that would be (or were) added by this list. */
  envelopes: number;
  members: number;
  households: number;
  /** Members of the list that an earlier shipment of the same insurer already brought. */
  knownMembers: number;
  /** Of `envelopes`, those the list says go straight to the home (直送): not in the box. */
  direct: number;
}

export interface ImportPreview {
  previewId: string;
  fileName: string;
  format: 'xlsx' | 'xls' | 'csv' | 'tsv';
  encoding: 'utf-8' | 'shift_jis' | null;
  sheetName: string | null;
  headerRow: number;
  headers: string[];
  mapping: ColumnMapping;
  missingFields: ImportField[];
  /** Mapping came from what the clerk chose last time for this insurer. */
  mappingRemembered: boolean;
  rows: string[][];
  totalDataRows: number;
  problems: ImportProblem[];
  mergedDuplicates: { row: number; sameAs: number }[];
  /** Rows holding only the wrapped rest of a name, joined to the member row above. */
  joinedRows: { row: number; into: number }[];
  ignoredColumns: string[];
  insurerName: string;
  insurerNumber: string | null;
  insurerFromFile: boolean;
  /** No 保険者名 in the file: the kind of insurer its 保険者番号's 法別番号 says (健康保険組合 …), for the clerk to complete. */
  insurerKind: string | null;
  companyName: string | null;
  unit: EnvelopeUnit;
  proposedUnit: EnvelopeUnit;
  counts: ImportCounts;
  byDept: DeptCount[];
  knownMembers: KnownMember[];
  /**
   * Set when this very file was already imported for this insurer: importing again changes nothing.
   * `importing`: it is being copied in right now (another window, the CLI) and is not on the desk yet.
   */
  alreadyImported: { fileName: string; importedAt: string; receivedOn: string | null; importing: boolean } | null;
  knownInsurers: { name: string; insurerNumber: string | null }[];
}

export interface ImportSummary {
  shipmentId: number | null;
  insurerName: string;
  unit: EnvelopeUnit;
  counts: ImportCounts;
  problems: ImportProblem[];
  ignoredColumns: string[];
  /** Set when nothing was stored because everything was already there (same file, or only known members). */
  notice: string | null;
}

export interface ShipmentInfo {
  id: number;
  insurerName: string;
  insurerNumber: string | null;
  fileName: string;
  receivedOn: string | null;
  boxCount: number | null;
  unit: EnvelopeUnit;
  importedAt: string;
  importedBy: string;
  envelopes: number;
  members: number;
}

/** Largest list file accepted (a 100,000-member xlsx is about 15 MB); checked before the file is read. */
export const MAX_LIST_BYTES = 64 * 1024 * 1024;
export const MAX_LIST_MB = MAX_LIST_BYTES / 1024 / 1024;
