/**
 * The roster in force against the lists: whose envelopes go back because the employee left, who is
 * missing from every list (My Number probably not registered with the insurer), which envelopes
 * belong to nobody in the roster, and whose name is written differently.
 *
 * A roster entry and a household meet by 健保記号+番号 under the roster's insurer (lists/keys.ts: two
 * insurers may issue the same 記号・番号 to two families). Only when the roster has no 記号・番号 for
 * someone is the name used, and then only when it points at exactly one household: two employees
 * called 高橋 大輔 are common enough that a guess would send back the wrong family's envelopes.
 */
import type { EnvelopeStatus } from '../../../shared/domain';
import { relationLabel } from '../../../shared/domain';
import { searchKey } from '../../domain/normalize';
import type { ServiceContext } from '../context';
import { type DB, prepareCached } from '../db/open';
import { visibleShipment } from '../db/staging';
import { envelopeViews } from '../handover/views';
import { writeTransitions } from '../handover/transitions';
import { operatorName } from '../settings';
import { householdEnvelopeIds, householdKey, householdOfRow, insuranceKey, insurersWithHousehold } from '../lists/keys';
import { localIsoDate } from '../../domain/dates';
import { employeeKey } from './rosterSheet';
import { currentRoster, type RosterImportInfo } from './rosterStore';

export type { RetireeProposal, RosterReport } from '../../../shared/roster';
import type { RetireeProposal, RosterReport } from '../../../shared/roster';

interface EntryRow {
  employee_id: string;
  name: string;
  dept_code: string;
  employed: number;
  left_on: string | null;
  symbol_key: string;
  number_key: string;
}

interface Household {
  insurerId: number;
  /** ascending */
  envelopeIds: number[];
  /** 被保険者氏名 as printed (distinct spellings) */
  insuredNames: Set<string>;
  symbol: string;
  number: string;
}

interface NameIndex {
  /** folded 被保険者氏名 -> household keys */
  byInsuredName: Map<string, Set<string>>;
  /** folded names of everyone in any list, insured or dependent */
  memberNames: Set<string>;
}

interface Index {
  entries: EntryRow[];
  /** householdKey -> household */
  households: Map<string, Household>;
  /** insuranceKey (記号|番号) -> householdKeys, one per insurer */
  byInsurance: Map<string, string[]>;
  /** the insurer the roster speaks of; null: any insurer, as long as only one matches */
  insurerId: number | null;
  statusOf: Map<number, EnvelopeStatus>;
  /** Folding every name costs more than the rest together and is needed only for entries without 記号・番号. */
  names: () => NameIndex;
  today: string;
}

const hasInsurance = (e: EntryRow) => e.symbol_key !== '' && e.number_key !== '';
/** The 退職日 may lie ahead at import and have come since: decide with today's date. */
const hasLeft = (e: EntryRow, today: string) => e.employed === 0 || (e.left_on !== null && e.left_on <= today);

function loadEntries(db: DB, rosterImportId: number): EntryRow[] {
  return prepareCached<[number], EntryRow>(db, 
      `SELECT employee_id, name, dept_code, employed, left_on, symbol_key, number_key
         FROM roster_entries WHERE roster_import_id = ? ORDER BY source_row, id`,
    )
    .all(rosterImportId);
}

interface MemberRow {
  envelope_id: number;
  insurer_id: number;
  status: EnvelopeStatus;
  symbol: string;
  number: string;
  symbol_key: string;
  number_key: string;
  branch_key: string;
  insured_name: string;
  name: string;
  relation: string;
}

function buildIndex(ctx: ServiceContext, roster: RosterImportInfo): Index {
  const { db } = ctx;
  const households = new Map<string, Household>();
  const byInsurance = new Map<string, string[]>();
  const statusOf = new Map<number, EnvelopeStatus>();
  const rawNames = new Set<string>();
  const rows = prepareCached<[], MemberRow>(db, 
      `SELECT m.envelope_id, m.insurer_id, e.status, m.symbol, m.number, m.symbol_key, m.number_key, m.branch_key, m.insured_name, m.name, m.relation
         FROM members m JOIN envelopes e ON e.id = m.envelope_id
        WHERE e.delivery = 'box' AND ${visibleShipment('e.shipment_id')}`,
      // 直送 (任意継続 …) never reaches the clerk: nothing to flag or send back; nor yet a list still being
      // copied in (db/staging.ts), whose envelopes no clerk has seen.
    )
    .iterate();
  for (const m of rows) {
    const key = householdKey(householdOfRow(m));
    let h = households.get(key);
    if (!h) {
      h = { insurerId: m.insurer_id, envelopeIds: [], insuredNames: new Set(), symbol: m.symbol, number: m.number };
      households.set(key, h);
      const ik = insuranceKey({ symbolKey: m.symbol_key, numberKey: m.number_key });
      const same = byInsurance.get(ik);
      if (same) same.push(key);
      else byInsurance.set(ik, [key]);
    }
    if (!statusOf.has(m.envelope_id)) {
      statusOf.set(m.envelope_id, m.status);
      h.envelopeIds.push(m.envelope_id);
    }
    // A dependent's row names the insured person only when the list has a 被保険者氏名 column;
    // without it, its insured_name is just the dependent's own name and says nothing about the employee.
    if (m.relation === '本人' || m.branch_key === '0' || m.insured_name !== m.name) h.insuredNames.add(m.insured_name);
    rawNames.add(m.name);
    rawNames.add(m.insured_name);
  }
  for (const h of households.values()) h.envelopeIds.sort((a, b) => a - b);

  let names: NameIndex | null = null;
  const buildNames = (): NameIndex => {
    const byInsuredName = new Map<string, Set<string>>();
    for (const [key, h] of households) {
      if (roster.insurerId !== null && h.insurerId !== roster.insurerId) continue;
      for (const n of h.insuredNames) {
        const folded = searchKey(n);
        let set = byInsuredName.get(folded);
        if (!set) byInsuredName.set(folded, (set = new Set()));
        set.add(key);
      }
    }
    const memberNames = new Set<string>();
    for (const n of rawNames) memberNames.add(searchKey(n));
    return { byInsuredName, memberNames };
  };
  return {
    entries: loadEntries(db, roster.id),
    households,
    byInsurance,
    insurerId: roster.insurerId,
    statusOf,
    names: () => (names ??= buildNames()),
    today: localIsoDate(ctx.now()),
  };
}

/**
 * The households an entry's 記号+番号 name: the roster's insurer's, or without one every insurer's
 * (more than one then means the entry cannot be told apart, and nothing is decided for it).
 */
function insuranceHouseholds(ix: Index, e: EntryRow): string[] {
  const keys = ix.byInsurance.get(insuranceKey({ symbolKey: e.symbol_key, numberKey: e.number_key })) ?? [];
  return ix.insurerId === null ? keys : keys.filter((k) => ix.households.get(k)!.insurerId === ix.insurerId);
}

/**
 * The household key of a roster entry: by 記号+番号, or for an entry without them by the insured
 * person's name when exactly one household and no other employee of the roster share it.
 */
function householdOf(ix: Index, e: EntryRow, nameCount: Map<string, number>): { key: string; by: 'insurance' | 'name' } | null {
  if (hasInsurance(e)) {
    const keys = insuranceHouseholds(ix, e);
    return keys.length === 1 ? { key: keys[0]!, by: 'insurance' } : null;
  }
  const folded = searchKey(e.name);
  if ((nameCount.get(folded) ?? 0) !== 1) return null;
  const keys = ix.names().byInsuredName.get(folded);
  if (!keys || keys.size !== 1) return null;
  return { key: keys.values().next().value as string, by: 'name' };
}

function rosterNameCounts(entries: EntryRow[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of entries) {
    const f = searchKey(e.name);
    counts.set(f, (counts.get(f) ?? 0) + 1);
  }
  return counts;
}

const FLAGGABLE: readonly EnvelopeStatus[] = ['pending', 'on_hold'];

function proposalsOf(ctx: ServiceContext, ix: Index): RetireeProposal[] {
  const nameCount = rosterNameCounts(ix.entries);
  // 健保番号 are reissued to new employees after a while: a household that an employed person
  // of the roster holds now is theirs, whatever an old entry says.
  const heldByEmployed = new Set<string>();
  for (const e of ix.entries) {
    if (hasLeft(e, ix.today)) continue;
    const h = householdOf(ix, e, nameCount);
    if (h) heldByEmployed.add(h.key);
  }
  const picked: { id: number; e: EntryRow; by: 'insurance' | 'name' }[] = [];
  const seen = new Set<number>();
  for (const e of ix.entries) {
    if (!hasLeft(e, ix.today)) continue;
    const h = householdOf(ix, e, nameCount);
    if (!h || heldByEmployed.has(h.key)) continue;
    for (const id of (ix.households.get(h.key) as Household).envelopeIds) {
      if (seen.has(id) || !FLAGGABLE.includes(ix.statusOf.get(id) as EnvelopeStatus)) continue;
      seen.add(id);
      picked.push({ id, e, by: h.by });
    }
  }
  const views = new Map(envelopeViews(ctx.db, picked.map((p) => p.id)).map((v) => [v.id, v]));
  return picked.map(({ id, e, by }) => {
    const members = views.get(id)?.members ?? [];
    return {
      envelopeId: id,
      employeeId: e.employee_id,
      employeeName: e.name,
      leftOn: e.left_on,
      members: members.map((m) => m.name),
      relation: members.map(relationLabel).join('・'),
      matchedBy: by,
    };
  });
}

const EMPTY_REPORT = (): RosterReport => ({ proposals: [], notOnList: [], notInRoster: [], nameMismatches: [] });

/** Compares the roster in force with every list imported. An empty report when there is no roster. */
export function reconcile(ctx: ServiceContext): RosterReport {
  const roster = currentRoster(ctx.db);
  if (!roster) return EMPTY_REPORT();
  const ix = buildIndex(ctx, roster);

  const notOnList: RosterReport['notOnList'] = [];
  const nameMismatches: RosterReport['nameMismatches'] = [];
  const rosterKeys = new Set<string>();
  const namesWithoutInsurance = new Set<string>();
  for (const e of ix.entries) {
    if (hasInsurance(e)) {
      const keys = insuranceHouseholds(ix, e);
      for (const key of keys) rosterKeys.add(key);
      const h = keys.length === 1 ? ix.households.get(keys[0]!) : undefined;
      if (keys.length === 0 && !hasLeft(e, ix.today)) notOnList.push({ employeeId: e.employee_id, name: e.name, deptCode: e.dept_code });
      if (h) {
        const folded = searchKey(e.name);
        const reported = new Set<string>([folded]);
        for (const listName of h.insuredNames) {
          const f = searchKey(listName);
          if (reported.has(f)) continue;
          reported.add(f);
          nameMismatches.push({ employeeId: e.employee_id, rosterName: e.name, listName, symbol: h.symbol, number: h.number });
        }
      }
    } else {
      const folded = searchKey(e.name);
      namesWithoutInsurance.add(folded);
      if (!hasLeft(e, ix.today) && !ix.names().memberNames.has(folded)) {
        notOnList.push({ employeeId: e.employee_id, name: e.name, deptCode: e.dept_code });
      }
    }
  }

  // An envelope belongs to one household (its members share 記号+番号), so the households decide.
  const strangers: number[] = [];
  for (const [key, h] of ix.households) if (!rosterKeys.has(key)) strangers.push(...h.envelopeIds);
  strangers.sort((a, b) => a - b);
  const envelopeRow = prepareCached<[number], { id: number; symbol: string; number: string; holder_name: string }>(ctx.db, 
    'SELECT id, symbol, number, holder_name FROM envelopes WHERE id = ?',
  );
  const notInRoster: RosterReport['notInRoster'] = [];
  for (const id of strangers) {
    const env = envelopeRow.get(id);
    if (!env) continue;
    if (namesWithoutInsurance.size > 0 && namesWithoutInsurance.has(searchKey(env.holder_name))) continue;
    notInRoster.push({ envelopeId: env.id, holderName: env.holder_name, symbol: env.symbol, number: env.number });
  }

  return { proposals: proposalsOf(ctx, ix), notOnList, notInRoster, nameMismatches };
}

/**
 * Marks the chosen retiree envelopes 返送対象 (reason 退職 with the date), as one action the clerk
 * can undo at once. Only envelopes the roster in force still proposes are touched: one handed over
 * or flagged meanwhile, or not of a retiree at all, is skipped rather than overwritten.
 */
export function applyRetireeFlags(ctx: ServiceContext, envelopeIds: number[], operator?: string): { flagged: number } {
  const wanted = new Set(envelopeIds);
  if (wanted.size === 0) return { flagged: 0 };
  return ctx.db.transaction((): { flagged: number } => {
    const roster = currentRoster(ctx.db);
    if (!roster) return { flagged: 0 };
    const ix = buildIndex(ctx, roster);
    const proposals = proposalsOf(ctx, ix).filter((p) => wanted.has(p.envelopeId));
    if (proposals.length === 0) return { flagged: 0 };
    writeTransitions(
      ctx,
      { operator: operator?.trim() || operatorName(ctx) || '（未設定）' },
      proposals.map((p) => ({
        envelopeId: p.envelopeId,
        from: ix.statusOf.get(p.envelopeId) as EnvelopeStatus,
        to: 'to_return' as const,
        kind: 'flag',
        reason: p.leftOn ? `退職（${p.leftOn}）` : '退職',
      })),
    );
    return { flagged: proposals.length };
  }).immediate();
}

/**
 * Envelope ids of the household of the employee whose ID card was scanned ([] when the ID or the
 * household is unknown). The code may be typed in full width or lower case.
 */
export function findByEmployeeId(ctx: ServiceContext, code: string): number[] {
  const key = employeeKey(code);
  if (!key) return [];
  const roster = currentRoster(ctx.db);
  if (!roster) return [];
  const entry = prepareCached<[number, string], EntryRow>(ctx.db, 
      `SELECT employee_id, name, dept_code, employed, left_on, symbol_key, number_key
         FROM roster_entries WHERE roster_import_id = ? AND employee_key = ?`,
    )
    .get(roster.id, key);
  if (!entry) return [];
  if (hasInsurance(entry)) {
    // Only the roster's insurer's household; without one, only when a single insurer has these 記号・番号.
    const ref = { symbolKey: entry.symbol_key, numberKey: entry.number_key };
    const insurers = roster.insurerId !== null ? [roster.insurerId] : insurersWithHousehold(ctx.db, ref);
    return insurers.length === 1 ? householdEnvelopeIds(ctx.db, { insurerId: insurers[0]!, ...ref }) : [];
  }
  const ix = buildIndex(ctx, roster);
  const h = householdOf(ix, entry, rosterNameCounts(ix.entries));
  return h ? [...(ix.households.get(h.key) as Household).envelopeIds] : [];
}
