import type { EnvelopeUnit } from '../../../shared/domain';
import { codeKey } from '../../domain/normalize';

export interface MemberKeys {
  symbolKey: string;
  numberKey: string;
  branchKey: string;
}

export function memberKeys(m: { symbol: string; number: string; branch: string }): MemberKeys {
  return { symbolKey: codeKey(m.symbol), numberKey: codeKey(m.number), branchKey: codeKey(m.branch) };
}

/** Identity of an envelope within one shipment: per person 記号|番号|枝番, per household 記号|番号. */
export function envelopeKey(k: MemberKeys, unit: EnvelopeUnit): string {
  return unit === 'person' ? `${k.symbolKey}|${k.numberKey}|${k.branchKey}` : `${k.symbolKey}|${k.numberKey}`;
}

export const householdKey = (k: MemberKeys): string => `${k.symbolKey}|${k.numberKey}`;
