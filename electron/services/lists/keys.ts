import type { EnvelopeUnit } from '../../../shared/domain';
import { identifierKey } from '../../domain/normalize';

export interface MemberKeys {
  symbolKey: string;
  numberKey: string;
  branchKey: string;
}

export function memberKeys(m: { symbol: string; number: string; branch: string }): MemberKeys {
  // The same identity the importer de-duplicates by (memberKey); digits-only codes get exactly codeKey.
  return { symbolKey: identifierKey(m.symbol), numberKey: identifierKey(m.number), branchKey: identifierKey(m.branch) };
}

/** Identity of an envelope within one shipment: per person 記号|番号|枝番, per household 記号|番号. */
export function envelopeKey(k: MemberKeys, unit: EnvelopeUnit): string {
  return unit === 'person' ? `${k.symbolKey}|${k.numberKey}|${k.branchKey}` : `${k.symbolKey}|${k.numberKey}`;
}

export const householdKey = (k: MemberKeys): string => `${k.symbolKey}|${k.numberKey}`;
