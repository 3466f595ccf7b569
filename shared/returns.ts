/** Types of the 返送 screen: flags, holds, return batches, and the printed sheets. */
import type { EnvelopeStatus } from './domain';

export const FLAG_REASONS = ['退職', '扶養削除', '死亡', 'その他'] as const;
export type FlagReason = (typeof FLAG_REASONS)[number];

export const HOLD_REASONS = ['海外赴任', '休職', '長期不在', '他拠点へ転送', 'その他'] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

export const BATCH_KINDS = ['letterpack', 'reply_envelope', 'other'] as const;
export type BatchKind = (typeof BATCH_KINDS)[number];
export const BATCH_KIND_LABELS: Record<BatchKind, string> = {
  letterpack: 'レターパック',
  reply_envelope: '返信用封筒',
  other: 'その他',
};

/** One row of a return list or of the to-return queue. */
export interface ReturnRow {
  envelopeId: number;
  insurerName: string;
  symbol: string;
  number: string;
  branch: string;
  holderName: string;
  /** Names in the envelope (one for a person envelope, the family for a household one). */
  names: string[];
  deptCode: string;
  status: EnvelopeStatus;
  /** Why it goes back: the reason of the event that flagged it, e.g. 退職（2024-08-15）. */
  reason: string;
  batchId: number | null;
}

export interface ReturnBatch {
  id: number;
  kind: BatchKind;
  /** 12 digits, or null for kinds without tracking. */
  trackingNumber: string | null;
  insurerName: string | null;
  note: string;
  createdAt: string;
  createdBy: string;
  sentOn: string | null;
  items: ReturnRow[];
  /** 複数の窓口: the desk that made this batch when it is another desk's (read-only here); null or absent: this desk's. */
  ownerDesk?: string | null;
  /** 複数の窓口: what a clash with another desk's batch took out of this one, one line each ('' if nothing). */
  syncNote?: string;
}

/** What the printed 返送リスト shows: one batch, with the company and the insurer. */
export interface ReturnListSheet {
  companyName: string;
  batch: ReturnBatch;
  printedAt: string;
}

/** One row of a 受領簿: the employee signs beside it; the barcode is the envelope's key for scanning later. */
export interface ReceiptRow {
  envelopeId: number;
  symbol: string;
  number: string;
  branch: string;
  holderName: string;
  names: string[];
  /** What the row's barcode encodes: 記号-番号(-枝番), which the hand-over scan accepts. */
  barcode: string;
  status: EnvelopeStatus;
}

/** A 受領簿 for one 所属. */
export interface ReceiptBookSheet {
  companyName: string;
  deptCode: string;
  deptName: string;
  rows: ReceiptRow[];
  printedAt: string;
}

/** お問い合わせ番号 as printed on the レターパック: 1234-5678-9012. */
export function formatTrackingNumber(tracking: string): string {
  return /^\d{12}$/.test(tracking) ? tracking.replace(/^(\d{4})(\d{4})(\d{4})$/, '$1-$2-$3') : tracking;
}
