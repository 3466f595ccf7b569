/**
 * The only way a status changes: an event row plus the envelope's new status, in one transaction.
 * (A trigger in the schema refuses any status update without its event.)
 */
import { randomUUID } from 'node:crypto';
import type { EnvelopeStatus } from '../../../shared/domain';
import type { Recipient } from '../../../shared/handover';
import type { ServiceContext } from '../context';
import { deviceId } from '../settings';
import { UserError } from '../errors';
import { prepareCached } from '../db/open';
import { visibleShipment } from '../db/staging';

export interface Transition {
  envelopeId: number;
  from: EnvelopeStatus;
  to: EnvelopeStatus;
  kind: string;
  reason?: string;
  recipient?: Recipient | null;
  undoesUid?: string | null;
}

export interface Actor {
  operator: string;
}

/** Writes all transitions as one action; returns its uid. Must run inside the caller's transaction. */
export function writeTransitions(ctx: ServiceContext, actor: Actor, transitions: Transition[]): string {
  const { db } = ctx;
  // An action is undone as a whole, so its events land together or not at all: a bug, not the clerk's doing.
  if (!db.inTransaction) throw new Error('writeTransitions must run inside a transaction');
  const actionUid = randomUUID();
  const device = deviceId(ctx);
  const at = ctx.now().toISOString();
  const insert = prepareCached(
    db,
    `INSERT INTO events (uid, action_uid, device_id, envelope_id, kind, from_status, to_status, at, operator, reason, detail, undoes_uid)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // A 直送 envelope is not in the box: no hand-over, flag, hold or return can apply to it (one home for the rule).
  // Nor to an envelope of a list still being copied in (db/staging.ts): its counts are added as all 未配付
  // when it becomes visible, and no clerk has seen it yet. The ids come from the renderer too.
  const update = prepareCached(
    db,
    `UPDATE envelopes SET status = ?, last_event_seq = ? WHERE id = ? AND status = ? AND delivery = 'box' AND ${visibleShipment('shipment_id')}`,
  );
  const isDirect = prepareCached(db, `SELECT delivery = 'direct' FROM envelopes WHERE id = ?`).pluck();
  const isVisible = prepareCached(db, `SELECT 1 FROM envelopes WHERE id = ? AND ${visibleShipment('shipment_id')}`).pluck();
  for (const t of transitions) {
    const seq = insert.run(
      randomUUID(),
      actionUid,
      device,
      t.envelopeId,
      t.kind,
      t.from,
      t.to,
      at,
      actor.operator,
      t.reason ?? '',
      t.recipient ? JSON.stringify({ recipient: t.recipient }) : null,
      t.undoesUid ?? null,
    ).lastInsertRowid;
    // The status guard in WHERE makes a concurrent change (another window, the CLI) fail loudly, not silently.
    if (update.run(t.to, seq, t.envelopeId, t.from).changes !== 1) {
      if (isVisible.get(t.envelopeId) === undefined) throw new UserError('選んだ封筒が見つかりません。画面を更新してください。');
      if (isDirect.get(t.envelopeId) === 1) {
        throw new UserError('直送の封筒（保険者から自宅へ送付・箱に無し）は、配付・返送対象・保留にできません。');
      }
      throw new UserError('この封筒の状態が別の画面で変わりました。もう一度お試しください。');
    }
  }
  return actionUid;
}
