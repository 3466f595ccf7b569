/** 受入チェック: checking a shipment's boxes against its list while unpacking. */

export interface BoxCheckEnvelope {
  envelopeId: number;
  symbol: string;
  number: string;
  branch: string;
  holderName: string;
  names: string[];
  deptCode: string;
}

export interface BoxCheckStatus {
  shipmentId: number;
  fileName: string;
  insurerName: string;
  total: number;
  checked: number;
  /** On the list, not scanned yet (after 終了: recorded as 箱に無い). */
  unseen: BoxCheckEnvelope[];
  missingRecorded: number;
  notOnList: { id: number; windowText: string; note: string; recordedAt: string }[];
  finished: boolean;
}

export interface BoxCheckScanResult {
  result: 'checked' | 'already' | 'other_shipment' | 'unknown';
  message: string;
  envelope: BoxCheckEnvelope | null;
  status: BoxCheckStatus;
}
