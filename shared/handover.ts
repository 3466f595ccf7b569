/** Types of the hand-over screen, the scan CLI and the history. */
import type { Delivery, EnvelopeStatus, EnvelopeUnit, StatusCounts } from './domain';

/** How a code reached the hand-over: the result card and the CLI say so. */
export type ScanVia = 'scanner' | 'camera_barcode' | 'camera_text';
export const SCAN_VIAS = ['scanner', 'camera_barcode', 'camera_text'] as const satisfies readonly ScanVia[];
export const VIA_LABELS: Record<ScanVia, string> = {
  scanner: 'スキャナ',
  camera_barcode: 'カメラ・バーコード',
  camera_text: 'カメラ・文字',
};

/** direct: every envelope scanned is 直送 (sent to the home), so nothing is in the box to hand over. */
export type ScanOutcome = 'handed_over' | 'already_handed_over' | 'blocked' | 'direct' | 'unknown';

export interface Recipient {
  /** 本人 (the insured employee) or 代理 (a family member, a manager …). */
  kind: 'self' | 'proxy';
  name?: string;
}

export interface MemberView {
  id: number;
  symbol: string;
  number: string;
  branch: string;
  name: string;
  kana: string;
  relation: string;
  birthDate: string | null;
  deptCode: string;
  deptName: string;
  refNumber: string;
}

export interface EventView {
  seq: number;
  uid: string;
  actionUid: string;
  envelopeId: number;
  kind: string;
  fromStatus: EnvelopeStatus;
  toStatus: EnvelopeStatus;
  at: string;
  operator: string;
  reason: string;
  recipient: Recipient | null;
  undoesUid: string | null;
  /** A later undo event reversed this one. */
  undone: boolean;
}

export interface EnvelopeView {
  id: number;
  insurerName: string;
  shipmentId: number;
  unit: EnvelopeUnit;
  symbol: string;
  number: string;
  branch: string;
  holderName: string;
  deptCode: string;
  deptName: string;
  /** 交付書類 (資格情報のお知らせ, 資格確認書 …) as the list said; '' when it did not. */
  documentKind: string;
  /** 'direct' (直送): the insurer sends it to the home; a scan says so and hands nothing over. */
  delivery: Delivery;
  status: EnvelopeStatus;
  members: MemberView[];
  /** The event that set the current status (null while untouched since import). */
  lastEvent: EventView | null;
}

export interface ScanResult {
  result: ScanOutcome;
  /** The code as read, half-width. */
  code: string;
  /** The action to undo, when something changed. */
  actionUid: string | null;
  /** The envelope of the scanned member (first of the household when the code named none). */
  envelope: EnvelopeView | null;
  /** Every envelope of the household, after the action: what to hand over and what not. */
  envelopes: EnvelopeView[];
  handedOverIds: number[];
  /** e.g. 「本人・妻・子 3通」. */
  summary: string;
  /** One line for the clerk, e.g. 「お渡しください」「配付済（11/25 10:02 山田）」「返送対象（退職）: 渡さないでください」. */
  message: string;
  /** Several households matched the code: the clerk must pick from the search. */
  ambiguous: boolean;
  /** How the code was read, when not typed or scanned (the card says カメラ・バーコード / カメラ・文字). */
  via?: ScanVia;
}

/** What a camera frame's read names, without acting: the camera acts after two frames agree. */
export interface ScanIdentity {
  /** First envelope of the one household the read names; null when none or several. */
  envelopeId: number | null;
  /** The read as the clerk should see it. */
  display: string;
  ambiguous: boolean;
  /** Close households for the clerk to confirm by hand (camera text only). */
  near: { envelopeId: number; code: string; holderName: string }[];
}

export interface ActionView {
  actionUid: string;
  kind: string;
  at: string;
  operator: string;
  envelopes: number;
  /** Holder names involved, for the history list. */
  names: string[];
  toStatus: EnvelopeStatus;
  undone: boolean;
  isUndo: boolean;
}

export interface SearchHit {
  envelope: EnvelopeView;
  /** The member whose name or code matched. */
  memberId: number;
  /** Every envelope of the same household (same insurer, 記号 and 番号): what 「世帯で配付」 hands over. */
  householdEnvelopeIds: number[];
}

export interface EnvelopeFilter {
  status?: EnvelopeStatus | undefined;
  deptCode?: string | undefined;
  shipmentId?: number | undefined;
  insurerId?: number | undefined;
}

export type EnvelopeSort = 'number' | 'name' | 'dept' | 'status';

export interface EnvelopeRow {
  id: number;
  insurerName: string;
  symbol: string;
  number: string;
  branch: string;
  holderName: string;
  names: string;
  memberCount: number;
  deptCode: string;
  deptName: string;
  /** 交付書類; '' when the list did not say. */
  documentKind: string;
  /** 'direct' (直送): not in the box, shown as 直送 instead of its status. */
  delivery: Delivery;
  status: EnvelopeStatus;
  statusAt: string | null;
}

export interface DeptProgress {
  deptCode: string;
  deptName: string;
  total: number;
  handedOver: number;
  remaining: number;
}

/** What the 配付 screen re-reads after each scan, in one answer. */
export interface HandoverPanels {
  actions: ActionView[];
  progress: DeptProgress[];
  status: StatusCounts;
}
