/**
 * Works out what a parsed list would add to the database for one insurer: which members are new, how they
 * fall into envelopes, and what is already known from an earlier shipment. Used by the preview (to show)
 * and by the commit (to write), so both always agree.
 */
import type { EnvelopeUnit } from '../../../shared/domain';
import type { ParsedMember } from '../../../shared/import';
import type { DeptCount, ImportCounts, KnownMember } from '../../../shared/lists';
import { envelopeDelivery } from './delivery';
import { type DB, prepareCached } from '../db/open';
import { envelopeKey, insuranceKey, memberKeys, type MemberKeys } from './keys';

export type PlannedMember = ParsedMember & MemberKeys;

export interface PlannedEnvelope {
  key: string;
  members: PlannedMember[];
}

export interface ImportPlan {
  envelopes: PlannedEnvelope[];
  counts: ImportCounts;
  byDept: DeptCount[];
  knownMembers: KnownMember[];
}

interface KnownRow {
  file_name: string;
  received_on: string | null;
  imported_at: string;
}

export function planImport(db: DB, insurerId: number | null, members: ParsedMember[], unit: EnvelopeUnit): ImportPlan {
  const findKnown =
    insurerId === null
      ? null
      : prepareCached<[string, string, string, number], KnownRow>(db, 
          `SELECT s.file_name, s.received_on, s.imported_at
             FROM members m JOIN shipments s ON s.id = m.shipment_id
            WHERE m.number_key = ? AND m.symbol_key = ? AND m.branch_key = ? AND m.insurer_id = ?`,
        );
  const hasMembers =
    insurerId !== null && prepareCached(db, 'SELECT 1 FROM members WHERE insurer_id = ? LIMIT 1').get(insurerId) !== undefined;

  const envelopes = new Map<string, PlannedEnvelope>();
  const households = new Set<string>();
  const knownMembers: KnownMember[] = [];
  let newMembers = 0;
  for (const m of members) {
    const keys = memberKeys(m);
    const known = hasMembers && findKnown ? findKnown.get(keys.numberKey, keys.symbolKey, keys.branchKey, insurerId!) : undefined;
    if (known) {
      knownMembers.push({
        row: m.row,
        name: m.name,
        fileName: known.file_name,
        receivedOn: known.received_on,
        importedAt: known.imported_at,
      });
      continue;
    }
    newMembers++;
    households.add(insuranceKey(keys)); // one list is one insurer's
    const key = envelopeKey(keys, unit);
    let env = envelopes.get(key);
    if (!env) {
      env = { key, members: [] };
      envelopes.set(key, env);
    }
    // Mutating the parsed row instead of copying it keeps 100,000-row imports light on the GC.
    const planned = m as PlannedMember;
    planned.symbolKey = keys.symbolKey;
    planned.numberKey = keys.numberKey;
    planned.branchKey = keys.branchKey;
    env.members.push(planned);
  }

  const depts = new Map<string, DeptCount>();
  let direct = 0;
  for (const env of envelopes.values()) {
    if (envelopeDelivery(env.members) === 'direct') direct++;
    // The insured person's 所属 decides where a household envelope goes.
    const head = envelopeHead(env);
    const d = depts.get(head.deptCode) ?? { deptCode: head.deptCode, deptName: head.deptName, envelopes: 0, members: 0 };
    d.envelopes++;
    d.members += env.members.length;
    if (!d.deptName && head.deptName) d.deptName = head.deptName;
    depts.set(head.deptCode, d);
  }
  const byDept = [...depts.values()].sort((a, b) => a.deptCode.localeCompare(b.deptCode, 'ja', { numeric: true }));

  return {
    envelopes: [...envelopes.values()],
    counts: { envelopes: envelopes.size, members: newMembers, households: households.size, knownMembers: knownMembers.length, direct },
    byDept,
    knownMembers,
  };
}

/** The member who represents the envelope: the insured person (枝番 00 / 本人) if present, else the first. */
export function envelopeHead(env: PlannedEnvelope): ParsedMember & MemberKeys {
  return (
    env.members.find((m) => m.relation === '本人') ??
    env.members.find((m) => m.branchKey === '0') ??
    env.members[0]!
  );
}

/** 被保険者氏名 for the envelope: the list's own column, else the insured member's name. */
export function holderName(env: PlannedEnvelope): string {
  const head = envelopeHead(env);
  return head.insuredName || head.name;
}
