/**
 * 受入チェック: the clerk scans every envelope while unpacking a shipment. What the list has and the box
 * did not becomes 箱に無い when the check is finished; an envelope in the box that no list has is
 * recorded as リストに無い with what its window shows. Both go to the insurer in the report.
 */
import type { BoxCheckEnvelope, BoxCheckScanResult, BoxCheckStatus } from '../../../shared/boxCheck';
import type { ServiceContext } from '../context';
import { UserError } from '../errors';
import { operatorName } from '../settings';
import { findMembersByCode } from '../handover/scan';
import { prepareCached } from '../db/open';
import { visibleShipment } from '../db/staging';

const ENVELOPE_SQL = `
  SELECT e.id AS envelopeId, e.symbol, e.number, e.branch, e.holder_name AS holderName, e.dept_code AS deptCode,
         (SELECT GROUP_CONCAT(m.name, '・') FROM members m WHERE m.envelope_id = e.id) AS names
    FROM envelopes e`;

type EnvelopeDb = Omit<BoxCheckEnvelope, 'names'> & { names: string | null };
const toEnvelope = (r: EnvelopeDb): BoxCheckEnvelope => ({ ...r, names: (r.names ?? '').split('・').filter(Boolean) });

/**
 * The list being checked; every entry point goes through here, so the queries below, keyed by its id,
 * need no filter of their own: a list still being copied in (db/staging.ts) is not found.
 */
function shipmentOf(ctx: ServiceContext, shipmentId: number) {
  const s = prepareCached(
    ctx.db,
    `SELECT s.id, s.file_name, i.name AS insurer_name FROM shipments s JOIN insurers i ON i.id = s.insurer_id WHERE s.id = ? AND ${visibleShipment('s.id')}`,
  )
    .get(shipmentId) as { id: number; file_name: string; insurer_name: string } | undefined;
  if (!s) throw new UserError('そのリストは見つかりません。');
  return s;
}

export function boxCheckStatus(ctx: ServiceContext, shipmentId: number): BoxCheckStatus {
  const s = shipmentOf(ctx, shipmentId);
  // A 直送 envelope is not in the box: never expected there, never 箱に無い.
  const total = prepareCached(ctx.db, `SELECT COUNT(*) FROM envelopes WHERE shipment_id = ? AND delivery = 'box'`).pluck().get(shipmentId) as number;
  const checked = prepareCached(
    ctx.db,
    `SELECT COUNT(*) FROM box_check_scans c JOIN envelopes e ON e.id = c.envelope_id WHERE c.shipment_id = ? AND e.delivery = 'box'`,
  ).pluck().get(shipmentId) as number;
  const unseen = (
    prepareCached(ctx.db, 
        `${ENVELOPE_SQL} WHERE e.shipment_id = ? AND e.delivery = 'box' AND NOT EXISTS (SELECT 1 FROM box_check_scans c WHERE c.envelope_id = e.id)
          ORDER BY e.symbol, e.number, e.branch`,
      )
      .all(shipmentId) as EnvelopeDb[]
  ).map(toEnvelope);
  const missingRecorded = prepareCached(ctx.db, `SELECT COUNT(*) FROM discrepancies WHERE shipment_id = ? AND kind = 'missing_from_box'`)
    .pluck()
    .get(shipmentId) as number;
  const notOnList = prepareCached(ctx.db, 
      `SELECT id, window_text AS windowText, note, recorded_at AS recordedAt FROM discrepancies
        WHERE shipment_id = ? AND kind = 'not_on_list' ORDER BY id`,
    )
    .all(shipmentId) as BoxCheckStatus['notOnList'];
  const finished = missingRecorded > 0 || (total > 0 && checked === total);
  return { shipmentId, fileName: s.file_name, insurerName: s.insurer_name, total, checked, unseen, missingRecorded, notOnList, finished };
}

export function boxCheckScan(ctx: ServiceContext, shipmentId: number, code: string): BoxCheckScanResult {
  shipmentOf(ctx, shipmentId);
  const { hits, display } = findMembersByCode(ctx.db, code);
  const envelopeIds = [...new Set(hits.map((h) => h.envelope_id))];
  const inShipment = prepareCached(ctx.db, 'SELECT shipment_id FROM envelopes WHERE id = ?').pluck();
  const here = envelopeIds.filter((id) => inShipment.get(id) === shipmentId);
  if (here.length === 0) {
    const elsewhere = envelopeIds.length > 0;
    return {
      result: elsewhere ? 'other_shipment' : 'unknown',
      message: elsewhere
        ? `この封筒は別のリストのものです: ${display}`
        : `このリストにありません: ${display}。「リストに無い封筒」として窓に見える内容を記録してください。`,
      envelope: null,
      status: boxCheckStatus(ctx, shipmentId),
    };
  }
  const envelopeId = here[0]!;
  const inserted = prepareCached(ctx.db, 'INSERT OR IGNORE INTO box_check_scans (shipment_id, envelope_id, at, operator) VALUES (?, ?, ?, ?)')
    .run(shipmentId, envelopeId, ctx.now().toISOString(), operatorName(ctx) || '（未設定）').changes;
  // A late find takes back an earlier 箱に無い.
  prepareCached(ctx.db, `DELETE FROM discrepancies WHERE kind = 'missing_from_box' AND envelope_id = ?`).run(envelopeId);
  const envelope = toEnvelope(prepareCached(ctx.db, `${ENVELOPE_SQL} WHERE e.id = ?`).get(envelopeId) as EnvelopeDb);
  return {
    result: inserted ? 'checked' : 'already',
    message: inserted ? `確認しました: ${envelope.holderName}` : `確認済みです: ${envelope.holderName}`,
    envelope,
    status: boxCheckStatus(ctx, shipmentId),
  };
}

export function recordNotOnList(ctx: ServiceContext, shipmentId: number, windowText: string, note: string): BoxCheckStatus {
  shipmentOf(ctx, shipmentId);
  prepareCached(ctx.db, `INSERT INTO discrepancies (shipment_id, kind, window_text, note, recorded_at, recorded_by) VALUES (?, 'not_on_list', ?, ?, ?, ?)`)
    .run(shipmentId, windowText, note, ctx.now().toISOString(), operatorName(ctx) || '（未設定）');
  return boxCheckStatus(ctx, shipmentId);
}

/** Ends the check: every envelope not seen is recorded as 箱に無い, in one transaction. */
export function finishBoxCheck(ctx: ServiceContext, shipmentId: number): BoxCheckStatus {
  shipmentOf(ctx, shipmentId);
  ctx.db.transaction(() => {
    const at = ctx.now().toISOString();
    const by = operatorName(ctx) || '（未設定）';
    prepareCached(ctx.db, 
        `INSERT OR IGNORE INTO discrepancies (shipment_id, kind, envelope_id, recorded_at, recorded_by)
         SELECT e.shipment_id, 'missing_from_box', e.id, ?, ? FROM envelopes e
          WHERE e.shipment_id = ? AND e.delivery = 'box' AND NOT EXISTS (SELECT 1 FROM box_check_scans c WHERE c.envelope_id = e.id)`,
      )
      .run(at, by, shipmentId);
  }).immediate();
  return boxCheckStatus(ctx, shipmentId);
}
