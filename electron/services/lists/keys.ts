/**
 * The identities of people, envelopes and households, in one place. A household is insurer + 記号 + 番号:
 * two insurers (a 健保組合 and a subsidiary's 協会けんぽ) can issue the same 記号・番号 to two different
 * families, so 記号・番号 alone never decide whose envelope it is. Scan, search, roster, box check and
 * return batches all go through these.
 */
import type { EnvelopeUnit } from '../../../shared/domain';
import { identifierKey } from '../../domain/normalize';
import { prepareCached, type DB } from '../db/open';
import { visibleShipment } from '../db/staging';

export interface MemberKeys {
  symbolKey: string;
  numberKey: string;
  branchKey: string;
}

export function memberKeys(m: { symbol: string; number: string; branch: string }): MemberKeys {
  // The same identity the importer de-duplicates by (memberKey); digits-only codes get exactly codeKey.
  return { symbolKey: identifierKey(m.symbol), numberKey: identifierKey(m.number), branchKey: identifierKey(m.branch) };
}

/** Identity of an envelope within one shipment (one insurer): per person 記号|番号|枝番, per household 記号|番号. */
export function envelopeKey(k: MemberKeys, unit: EnvelopeUnit): string {
  return unit === 'person' ? `${k.symbolKey}|${k.numberKey}|${k.branchKey}` : `${k.symbolKey}|${k.numberKey}`;
}

/** A household: the insured person and their dependents, under one insurer. */
export interface HouseholdRef {
  insurerId: number;
  symbolKey: string;
  numberKey: string;
}

export const householdKey = (h: HouseholdRef): string => `${h.insurerId}|${h.symbolKey}|${h.numberKey}`;

/** 記号|番号 without the insurer: what a roster or a scanned code says, before the insurer is known. */
export const insuranceKey = (k: { symbolKey: string; numberKey: string }): string => `${k.symbolKey}|${k.numberKey}`;

/** Members table columns to a HouseholdRef. */
export const householdOfRow = (m: { insurer_id: number; symbol_key: string; number_key: string }): HouseholdRef => ({
  insurerId: m.insurer_id,
  symbolKey: m.symbol_key,
  numberKey: m.number_key,
});

/** Every envelope of the household, oldest shipment first; a list still being copied in is not there yet. */
export function householdEnvelopeIds(db: DB, h: HouseholdRef): number[] {
  return prepareCached<[string, string, number], number>(
    db,
    `SELECT DISTINCT envelope_id FROM members WHERE number_key = ? AND symbol_key = ? AND insurer_id = ? AND ${visibleShipment('shipment_id')} ORDER BY envelope_id`,
  )
    .pluck()
    .all(h.numberKey, h.symbolKey, h.insurerId);
}

/** The insurers that have a household with these 記号・番号 (usually one). */
export function insurersWithHousehold(db: DB, k: { symbolKey: string; numberKey: string }): number[] {
  return prepareCached<[string, string], number>(db, `SELECT DISTINCT insurer_id FROM members WHERE number_key = ? AND symbol_key = ? AND ${visibleShipment('shipment_id')} ORDER BY insurer_id`)
    .pluck()
    .all(k.numberKey, k.symbolKey);
}

/** Hits grouped by household, in the order first seen. */
export function groupByHousehold<T extends { insurer_id: number; symbol_key: string; number_key: string }>(hits: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const h of hits) {
    const key = householdKey(householdOfRow(h));
    const g = groups.get(key);
    if (g) g.push(h);
    else groups.set(key, [h]);
  }
  return groups;
}

/** The household an envelope belongs to (all its members share it). */
export function householdOfEnvelope(db: DB, envelopeId: number): HouseholdRef | null {
  const row = prepareCached<[number], { insurer_id: number; symbol_key: string; number_key: string }>(
    db,
    'SELECT insurer_id, symbol_key, number_key FROM members WHERE envelope_id = ? LIMIT 1',
  ).get(envelopeId);
  return row ? householdOfRow(row) : null;
}
