import type { SyncConflictView } from './sync';
/** Types of the completion report (完了報告) for the insurer: the xlsx/CSV export and the printed summary. */

/** How dates are written: 西暦 2024/08/07 or 和暦 令和6年8月7日. */
export type Era = 'seireki' | 'wareki';

export const ERA_LABELS: Record<Era, string> = {
  seireki: '西暦（2024/08/07）',
  wareki: '和暦（令和6年8月7日）',
};

/** The report's CSV: UTF-8 with BOM (Excel, most systems) or Shift_JIS (CP932) for older insurer and payroll systems. */
export type CsvEncoding = 'utf8' | 'sjis';

export const CSV_ENCODING_LABELS: Record<CsvEncoding, string> = {
  utf8: 'UTF-8（BOM付き・Excel向け）',
  sjis: 'Shift_JIS（給与・保険者のシステム向け）',
};

export interface ReportOptions {
  era: Era;
  /** Only this insurer's envelopes (each insurer gets its own report); all insurers when absent. */
  insurerId?: number;
}

/** direct: 直送 envelopes (sent to the home, not in the box); total = the five statuses + direct. */
export type ReportCountKey = 'total' | 'pending' | 'handed_over' | 'to_return' | 'returned' | 'on_hold' | 'direct';

export interface ReportSummary {
  companyName: string;
  /** ISO 8601 instant the report was made. */
  createdAt: string;
  /** The same day, written in the chosen era. */
  createdOn: string;
  /** 担当者 from 設定 ('' when not entered). */
  operatorName: string;
  /** 対象期間: the first list's arrival (or import) to the last recorded action, in the chosen era; null before any import. */
  period: { from: string; to: string } | null;
  insurers: { name: string; insurerNumber: string | null }[];
  shipments: {
    fileName: string;
    insurerName: string;
    /** Formatted in the chosen era; null when the clerk did not enter it. */
    receivedOn: string | null;
    boxCount: number | null;
    envelopes: number;
    members: number;
  }[];
  /** Envelopes per status. */
  counts: Record<ReportCountKey, number>;
  /** 対象者 (people), as opposed to envelopes. */
  members: number;
  /** Envelopes per 交付書類 as the lists said (資格情報のお知らせ, 資格確認書 …); empty when no list said. */
  documentKinds: { kind: string; envelopes: number }[];
  /** 受入チェック: on the list, not in the box. */
  missingFromBox: number;
  /** 受入チェック: in the box, on no list. */
  notOnList: number;
  returnBatches: {
    /** The batch's No., as written on the return list and in 封筒一覧's 返送の袋. */
    id: number;
    /** Japanese label: レターパック, 返信用封筒, その他. */
    kind: string;
    /** 1234-5678-9012, or null for a way back without tracking. */
    trackingNumber: string | null;
    /** Formatted in the chosen era; null while the batch has not left. */
    sentOn: string | null;
    envelopes: number;
  }[];
}

/** One envelope of 封筒一覧. Every field is display text, ready for a cell. */
export interface ReportRow {
  insurerName: string;
  symbol: string;
  number: string;
  branch: string;
  holderName: string;
  /** 対象者, joined with ・ */
  names: string;
  /** 続柄 in the same order as `names`, joined with ・ */
  relations: string;
  deptCode: string;
  deptName: string;
  /** Japanese label (配付済 …). */
  status: string;
  /** When the current status was reached, in the chosen era; '' while 未配付. */
  statusDate: string;
  /** Why it goes back (退職（…）) or waits (海外赴任 …). */
  reason: string;
  /** 本人 / 代理（name） for hand-overs. */
  recipient: string;
  operator: string;
  /** e.g. 'No.3 レターパック' */
  batch: string;
  /** 4-4-4 */
  trackingNumber: string;
  /** 箱に無い / '' */
  discrepancy: string;
  /** 交付書類 as the list said; '' when it did not. */
  documentKind: string;
}

/** An envelope found in a box that no list has (受入チェック リストに無い), as the clerk described it. */
export interface ReportNotOnList {
  insurerName: string;
  fileName: string;
  /** What the envelope's window shows (記号・番号・氏名). */
  windowText: string;
  note: string;
  recordedOn: string;
  recordedBy: string;
}

export interface ReportData {
  summary: ReportSummary;
  rows: ReportRow[];
  /** Listed on their own sheet: they have no 記号・番号 or status to sit among the envelopes. */
  notOnList: ReportNotOnList[];
  /** 二重配付の可能性 from several desks (複数の窓口); a sheet of their own when there are any. */
  conflicts?: SyncConflictView[];
}
