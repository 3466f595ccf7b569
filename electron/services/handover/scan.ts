/**
 * A scan (or Enter on a single search hit): find the household, hand over every envelope of it that is
 * still pending, and say clearly what not to hand over. The whole hand-over is one action (one undo).
 */
import { STATUS_LABELS, type EnvelopeStatus } from '../../../shared/domain';
import type { EnvelopeView, Recipient, ScanIdentity, ScanOutcome, ScanResult, ScanVia } from '../../../shared/handover';
import { parseScannedCode, type KeyCandidate } from '../../domain/scanCode';
import type { ServiceContext } from '../context';
import { prepareCached, type DB } from '../db/open';
import { UserError } from '../errors';
import { operatorName } from '../settings';
import { writeTransitions } from './transitions';
import { findByEmployeeId } from '../roster/reconcile';
import { groupByHousehold, householdEnvelopeIds, householdOfRow } from '../lists/keys';
import { envelopeViews, relationOf } from './views';
import { matchText, type HouseholdHit } from './textMatch';
import { digitRuns } from '../../../shared/ocr';
import { visibleShipment } from '../db/staging';

export interface MemberHit {
  id: number;
  envelope_id: number;
  insurer_id: number;
  symbol: string;
  number: string;
  branch: string;
  symbol_key: string;
  number_key: string;
}

const HIT_COLUMNS = 'id, envelope_id, insurer_id, symbol, number, branch, symbol_key, number_key';
// A list still being copied in is not there yet for the desk (db/staging.ts): its codes are unknown.
const VISIBLE = visibleShipment('shipment_id');

/** Members a code can mean: by 整理番号, then by 記号番号(枝番), preferring codes written exactly as in the list. */
export function findMembersByCode(db: DB, raw: string): { hits: MemberHit[]; display: string } {
  const parsed = parseScannedCode(raw);
  if (!parsed) return { hits: [], display: raw.normalize('NFKC').trim() };
  const byRef = prepareCached<[string], MemberHit>(db, `SELECT ${HIT_COLUMNS} FROM members WHERE ref_key = ? AND ref_key <> '' AND ${VISIBLE}`).all(parsed.digitsKey); // the partial index needs the <> ''
  if (byRef.length > 0) return { hits: byRef, display: parsed.display };

  const withBranch = prepareCached<[string, string, string], MemberHit>(
    db,
    `SELECT ${HIT_COLUMNS} FROM members WHERE number_key = ? AND symbol_key = ? AND branch_key = ? AND ${VISIBLE}`,
  );
  // Without 枝番: the first member of each insurer's household (two insurers may share 記号・番号).
  const household = prepareCached<[string, string], MemberHit>(
    db,
    `SELECT ${HIT_COLUMNS} FROM members WHERE number_key = ? AND symbol_key = ? AND ${VISIBLE} ORDER BY insurer_id, branch_key + 0, id`,
  );
  const exact: MemberHit[] = [];
  const loose: MemberHit[] = [];
  for (const c of parsed.candidates) {
    const found =
      c.branchKey === null
        ? [...groupByHousehold(household.all(c.numberKey, c.symbolKey)).values()].map((g) => g[0]!)
        : withBranch.all(c.numberKey, c.symbolKey, c.branchKey);
    for (const m of found) (writtenAsInList(c, m) ? exact : loose).push(m);
  }
  return { hits: exact.length > 0 ? exact : loose, display: parsed.display };
}

function writtenAsInList(c: KeyCandidate, m: MemberHit): boolean {
  const digits = (s: string) => s.normalize('NFKC').replace(/\D/g, '');
  return (
    digits(m.symbol) === c.written.symbol &&
    digits(m.number) === c.written.number &&
    (c.written.branch === null || digits(m.branch) === c.written.branch)
  );
}

export interface HandOverOptions {
  operator?: string | undefined;
  recipient?: Recipient | undefined;
  /** How the code was read: the camera's OCR text is matched against the list, not parsed as a code. */
  via?: ScanVia | undefined;
}

/** What a code or a camera read names: one household's envelopes, or nothing to act on. */
export type Resolution =
  | { household: true; envelopeIds: number[]; primaryId: number; display: string }
  | { household: false; display: string; ambiguous: boolean; near: HouseholdHit[] };

/** The one place that decides which household a scan names (scanner, camera barcode, camera text). */
export function resolveScan(ctx: ServiceContext, code: string, via: ScanVia = 'scanner'): Resolution {
  if (via === 'camera_text') {
    const display = digitRuns(code);
    const m = matchText(ctx.db, code);
    const only = m.households.length === 1 ? m.households[0]! : null;
    if (!only) return { household: false, display, ambiguous: m.households.length > 1, near: m.near };
    const ids = householdEnvelopeIds(ctx.db, only);
    return { household: true, envelopeIds: ids, primaryId: ids[0]!, display: `${only.symbol}-${only.number}` };
  }
  const { hits, display } = findMembersByCode(ctx.db, code);
  const households = groupByHousehold(hits);
  if (hits.length === 0) {
    // An employee ID card (社員番号), when a roster has been imported: the employee's whole household.
    const byEmployee = findByEmployeeId(ctx, code);
    if (byEmployee.length > 0) return { household: true, envelopeIds: byEmployee, primaryId: byEmployee[0]!, display };
  }
  if (hits.length === 0 || households.size > 1) return { household: false, display, ambiguous: households.size > 1, near: [] };
  const first = hits[0]!;
  return { household: true, envelopeIds: householdEnvelopeIds(ctx.db, householdOfRow(first)), primaryId: first.envelope_id, display };
}

export function scan(ctx: ServiceContext, code: string, options: HandOverOptions = {}): ScanResult {
  const r = resolveScan(ctx, code, options.via);
  const via = options.via ? { via: options.via } : {};
  if (r.household) return { ...handOverHousehold(ctx, r.envelopeIds, r.primaryId, r.display, options), ...via };
  const read = options.via === 'camera_text' ? `（読み取り: ${r.display || 'なし'}）` : '';
  return {
    result: 'unknown',
    code: r.display,
    actionUid: null,
    envelope: null,
    envelopes: [],
    handedOverIds: [],
    summary: '',
    message: r.ambiguous
      ? `複数の世帯が該当します（${r.display}）。名前で検索して選んでください。`
      : options.via === 'camera_text'
        ? `世帯が一つに決まりません${read}。名前で検索してください。`
        : `該当する封筒がありません: ${r.display}`,
    ambiguous: r.ambiguous,
    ...via,
  };
}

/** The camera's question before it acts: which household would this read hand over? Writes nothing. */
export function identifyScan(ctx: ServiceContext, code: string, via: ScanVia): ScanIdentity {
  const r = resolveScan(ctx, code, via);
  if (r.household) return { envelopeId: r.primaryId, display: r.display, ambiguous: false, near: [] };
  const near = nearViews(ctx, r.near).map((e) => ({ envelopeId: e.id, code: `${e.symbol}-${e.number}`, holderName: e.holderName }));
  return { envelopeId: null, display: r.display, ambiguous: r.ambiguous, near };
}

/** Near matches as the clerk sees them: the household's first envelope, to tick off by hand. */
function nearViews(ctx: ServiceContext, near: HouseholdHit[]): EnvelopeView[] {
  const ids = near.map((h) => householdEnvelopeIds(ctx.db, h)[0]!);
  return envelopeViews(ctx.db, ids);
}

/** Ticking off from the search: the chosen envelopes only (a whole household when the clerk chose it). */
export function handOverEnvelopes(ctx: ServiceContext, envelopeIds: number[], options: HandOverOptions = {}): ScanResult {
  const views = envelopeViews(ctx.db, envelopeIds);
  if (views.length !== envelopeIds.length) throw new UserError('選んだ封筒が見つかりません。画面を更新してください。');
  return handOverHousehold(ctx, envelopeIds, envelopeIds[0]!, '', options);
}

function handOverHousehold(
  ctx: ServiceContext,
  envelopeIds: number[],
  primaryId: number,
  code: string,
  options: HandOverOptions,
): ScanResult {
  const operator = options.operator || operatorName(ctx) || '（未設定）';
  const recipient = options.recipient ?? { kind: 'self' };
  const before = envelopeViews(ctx.db, envelopeIds);
  // A 直送 envelope is 'pending' in the table but is not in the box: never handed over here.
  const pending = before.filter((e) => e.status === 'pending' && e.delivery === 'box');
  let actionUid: string | null = null;
  if (pending.length > 0) {
    actionUid = ctx.db.transaction(() =>
      writeTransitions(
        ctx,
        { operator },
        pending.map((e) => ({ envelopeId: e.id, from: 'pending' as const, to: 'handed_over' as const, kind: 'handover', recipient })),
      ),
      // IMMEDIATE: while the job worker writes (an import), wait for the lock instead of failing on a
      // read snapshot that its commit made stale.
    ).immediate();
  }
  const after = pending.length > 0 ? envelopeViews(ctx.db, envelopeIds) : before;
  const blocked = after.filter((e) => isBlocked(e.status));
  const direct = after.filter((e) => e.delivery === 'direct');
  const result: ScanOutcome =
    pending.length > 0 ? 'handed_over' : blocked.length > 0 ? 'blocked' : direct.length === after.length ? 'direct' : 'already_handed_over';
  const handedNow = after.filter((e) => pending.some((p) => p.id === e.id));
  return {
    result,
    code,
    actionUid,
    envelope: after.find((e) => e.id === primaryId) ?? after[0] ?? null,
    envelopes: after,
    handedOverIds: handedNow.map((e) => e.id),
    summary: summarise(result === 'handed_over' ? handedNow : result === 'blocked' ? blocked : after),
    message: messageFor(result, after, blocked, direct),
    ambiguous: false,
  };
}

export const isBlocked = (s: EnvelopeStatus) => s === 'to_return' || s === 'on_hold' || s === 'returned';

/** 「本人・妻・子 3通」 */
export function summarise(envelopes: EnvelopeView[]): string {
  if (envelopes.length === 0) return '';
  const relations = envelopes.flatMap((e) => e.members.map(relationOf));
  return `${relations.join('・')} ${envelopes.length}通`;
}

function whenWho(e: EnvelopeView): string {
  if (!e.lastEvent) return '';
  const d = new Date(e.lastEvent.at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getMonth() + 1}/${d.getDate()} ${pad(d.getHours())}:${pad(d.getMinutes())} ${e.lastEvent.operator}`;
}

const DIRECT_MESSAGE = '直送です（保険者から自宅へ送られます）。この封筒は箱に入っていません。';

function messageFor(result: ScanOutcome, all: EnvelopeView[], blocked: EnvelopeView[], direct: EnvelopeView[]): string {
  const blockedNote = blocked
    .map((e) => `${e.members.map(relationOf).join('・')}: ${STATUS_LABELS[e.status]}${e.lastEvent?.reason ? `（${e.lastEvent.reason}）` : ''}`)
    .join('、');
  // Part of a household may be 直送 while the rest came in the box.
  const directNote = direct.length > 0 && result !== 'direct' ? ` ${direct.map((e) => e.members.map(relationOf).join('・')).join('、')} は直送（自宅へ送付）で箱にはありません。` : '';
  switch (result) {
    case 'handed_over':
      return (blocked.length > 0 ? `お渡しください。ただし ${blockedNote} は渡さないでください。` : 'お渡しください。') + directNote;
    case 'already_handed_over': {
      const last = all.find((e) => e.status === 'handed_over');
      return `配付済みです（${last ? whenWho(last) : ''}）。` + directNote;
    }
    case 'blocked':
      return `渡さないでください。${blockedNote}` + directNote;
    case 'direct':
      return DIRECT_MESSAGE;
    default:
      return '';
  }
}
