/** Reading envelopes, members and events into the shapes the screens and the CLI show. */
import type { Delivery, EnvelopeStatus, EnvelopeUnit } from '../../../shared/domain';
import type { EnvelopeView, EventView, MemberView, Recipient } from '../../../shared/handover';
import { prepareCached, type DB } from '../db/open';
import { visibleShipment } from '../db/staging';

interface EventRow {
  seq: number;
  uid: string;
  action_uid: string;
  envelope_id: number;
  kind: string;
  from_status: EnvelopeStatus;
  to_status: EnvelopeStatus;
  at: string;
  operator: string;
  reason: string;
  detail: string | null;
  undoes_uid: string | null;
  undone: number;
}

export const EVENT_COLUMNS = `e.seq, e.uid, e.action_uid, e.envelope_id, e.kind, e.from_status, e.to_status, e.at, e.operator,
  e.reason, e.detail, e.undoes_uid,
  EXISTS (SELECT 1 FROM events u WHERE u.undoes_uid = e.uid) AS undone`;

export function toEventView(r: EventRow): EventView {
  let recipient: Recipient | null = null;
  if (r.detail) {
    try {
      recipient = (JSON.parse(r.detail) as { recipient?: Recipient }).recipient ?? null;
    } catch {
      recipient = null;
    }
  }
  return {
    seq: r.seq,
    uid: r.uid,
    actionUid: r.action_uid,
    envelopeId: r.envelope_id,
    kind: r.kind,
    fromStatus: r.from_status,
    toStatus: r.to_status,
    at: r.at,
    operator: r.operator,
    reason: r.reason,
    recipient,
    undoesUid: r.undoes_uid,
    undone: r.undone === 1,
  };
}

export function eventsOfEnvelope(db: DB, envelopeId: number): EventView[] {
  return (prepareCached(db, `SELECT ${EVENT_COLUMNS} FROM events e WHERE e.envelope_id = ? ORDER BY e.seq`).all(envelopeId) as EventRow[]).map(
    toEventView,
  );
}

interface EnvelopeRow {
  id: number;
  insurer_name: string;
  shipment_id: number;
  unit: EnvelopeUnit;
  symbol: string;
  number: string;
  branch: string;
  holder_name: string;
  dept_code: string;
  dept_name: string;
  document_kind: string;
  delivery: Delivery;
  status: EnvelopeStatus;
  last_event_seq: number | null;
}

interface MemberRow {
  id: number;
  envelope_id: number;
  symbol: string;
  number: string;
  branch: string;
  name: string;
  kana: string;
  relation: string;
  birth_date: string | null;
  dept_code: string;
  dept_name: string;
  ref_number: string;
}

/**
 * Envelopes with their members and last event, in the order of `ids`. An id of a list still being copied
 * in is left out like an unknown one: the ids come from the renderer too (the search's tick-off), not only
 * from filtered lookups.
 */
export function envelopeViews(db: DB, ids: readonly number[]): EnvelopeView[] {
  if (ids.length === 0) return [];
  const envStmt = prepareCached<[number], EnvelopeRow>(
    db,
    `SELECT e.id, i.name AS insurer_name, e.shipment_id, e.unit, e.symbol, e.number, e.branch, e.holder_name,
            e.dept_code, e.dept_name, e.document_kind, e.delivery, e.status, e.last_event_seq
       FROM envelopes e JOIN insurers i ON i.id = e.insurer_id WHERE e.id = ? AND ${visibleShipment('e.shipment_id')}`,
  );
  const memStmt = prepareCached<[number], MemberRow>(
    db,
    `SELECT id, envelope_id, symbol, number, branch, name, kana, relation, birth_date, dept_code, dept_name, ref_number
       FROM members WHERE envelope_id = ? ORDER BY branch_key + 0, id`,
  );
  const evStmt = prepareCached<[number], EventRow>(db, `SELECT ${EVENT_COLUMNS} FROM events e WHERE e.seq = ?`);
  const views: EnvelopeView[] = [];
  for (const id of ids) {
    const e = envStmt.get(id);
    if (!e) continue;
    const ev = e.last_event_seq === null ? undefined : evStmt.get(e.last_event_seq);
    views.push({
      id: e.id,
      insurerName: e.insurer_name,
      shipmentId: e.shipment_id,
      unit: e.unit,
      symbol: e.symbol,
      number: e.number,
      branch: e.branch,
      holderName: e.holder_name,
      deptCode: e.dept_code,
      deptName: e.dept_name,
      documentKind: e.document_kind,
      delivery: e.delivery,
      status: e.status,
      members: memStmt.all(id).map(toMemberView),
      lastEvent: ev ? toEventView(ev) : null,
    });
  }
  return views;
}

function toMemberView(m: MemberRow): MemberView {
  return {
    id: m.id,
    symbol: m.symbol,
    number: m.number,
    branch: m.branch,
    name: m.name,
    kana: m.kana,
    relation: m.relation,
    birthDate: m.birth_date,
    deptCode: m.dept_code,
    deptName: m.dept_name,
    refNumber: m.ref_number,
  };
}

export { relationLabel as relationOf } from '../../../shared/domain';
