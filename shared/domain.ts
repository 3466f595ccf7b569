/** Domain words shared by main and renderer. Japanese labels live here so every screen says the same thing. */

export const ENVELOPE_STATUSES = ['pending', 'handed_over', 'to_return', 'returned', 'on_hold'] as const;
export type EnvelopeStatus = (typeof ENVELOPE_STATUSES)[number];

export const STATUS_LABELS: Record<EnvelopeStatus, string> = {
  pending: '未配付',
  handed_over: '配付済',
  to_return: '返送対象',
  returned: '返送済',
  on_hold: '保留',
};

/**
 * 'box': the envelope came in the insurer's box, for the clerk to hand over. 'direct' (直送): the insurer
 * sends it to the member's home, so it is not in the box: never 未配付, handed over, flagged or returned.
 */
export type Delivery = 'box' | 'direct';
export const DIRECT_LABEL = '直送';

/** Per person (協会けんぽ) or per household (記号+番号, many 健保組合). */
export type EnvelopeUnit = 'person' | 'household';

export const UNIT_LABELS: Record<EnvelopeUnit, string> = {
  person: '個人ごと（1人1通）',
  household: '世帯ごと（記号・番号ごとに1通）',
};

export interface Settings {
  companyName: string;
  operatorName: string;
}

/** Null fields mean the first start has not been completed yet. */
export interface AppSettings {
  companyName: string | null;
  operatorName: string | null;
  deviceId: string;
}

export interface StatusCounts {
  /** total = the five statuses + direct: a 直送 envelope is counted there, not as pending. */
  envelopes: Record<'total' | EnvelopeStatus | 'direct', number>;
  members: number;
}

/** 本人・妻・子: what the clerk reads to pick the right envelopes (枝番 00 without a 続柄 is the insured). */
export function relationLabel(m: { relation: string; branch: string }): string {
  if (m.relation) return m.relation;
  return /^0*$/.test(m.branch) ? '本人' : '家族';
}
