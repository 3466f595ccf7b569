/** 進捗: totals per 所属, shipment and insurer, and how long what is open has been waiting. */
import type { ReturnRow } from './returns';

export interface ProgressGroup {
  key: string;
  label: string;
  total: number;
  pending: number;
  handedOver: number;
  toReturn: number;
  returned: number;
  onHold: number;
  /** 直送: sent to the home by the insurer, not in the box; total = the five statuses + direct. */
  direct: number;
}

/** A 直送 envelope: listed on its own so the clerk can answer 「届いていない」 calls. */
export type DirectEnvelopeRow = Pick<ReturnRow, 'envelopeId' | 'insurerName' | 'symbol' | 'number' | 'branch' | 'holderName' | 'names'> & {
  deptName: string;
};

export interface AgeBucket {
  label: string;
  count: number;
}

export interface ProgressOverview {
  byDept: ProgressGroup[];
  byShipment: ProgressGroup[];
  byInsurer: ProgressGroup[];
  /** 未配付 and 保留 by days since the list arrived. */
  openAges: AgeBucket[];
  oldestOpenDays: number | null;
  /** Every 直送 envelope, by 所属 and 記号・番号. */
  direct: DirectEnvelopeRow[];
}

export interface FollowUpRow {
  envelopeId: number;
  symbol: string;
  number: string;
  branch: string;
  holderName: string;
  names: string[];
  status: 'pending' | 'on_hold';
  reason: string;
  days: number;
}

/** 未配付 after N days, per 所属: one sheet per manager. */
export interface FollowUpSheet {
  companyName: string;
  days: number;
  printedAt: string;
  depts: { deptCode: string; deptName: string; rows: FollowUpRow[] }[];
}
