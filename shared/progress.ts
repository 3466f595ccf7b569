/** 進捗: totals per 所属, shipment and insurer, and how long what is open has been waiting. */

export interface ProgressGroup {
  key: string;
  label: string;
  total: number;
  pending: number;
  handedOver: number;
  toReturn: number;
  returned: number;
  onHold: number;
}

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
