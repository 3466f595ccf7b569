/**
 * Return batches: a レターパック (with its お問い合わせ番号), the insurer's 返信用封筒, or another way back.
 * Envelopes flagged 返送対象 are packed into a batch; marking the batch sent makes them 返送済 in one action.
 */
import type { EnvelopeStatus } from '../../../shared/domain';
import { BATCH_KIND_LABELS, formatTrackingNumber, type BatchKind, type ReturnBatch, type ReturnRow } from '../../../shared/returns';
import { parseTrackingNumber } from '../../domain/tracking';
import type { ServiceContext } from '../context';
import { UserError } from '../errors';
import { deviceId, operatorName } from '../settings';
import { batchOwner } from '../sync/batches';
import { writeTransitions } from '../handover/transitions';
import { findMembersByCode } from '../handover/scan';
import { groupByHousehold } from '../lists/keys';
import { prepareCached } from '../db/open';

interface RowDb {
  envelopeId: number;
  insurerName: string;
  symbol: string;
  number: string;
  branch: string;
  holderName: string;
  names: string | null;
  deptCode: string;
  status: EnvelopeStatus;
  reason: string | null;
  batchId: number | null;
}

const ROW_SQL = `
  SELECT e.id AS envelopeId, i.name AS insurerName, e.symbol, e.number, e.branch, e.holder_name AS holderName,
         (SELECT GROUP_CONCAT(m.name, '・') FROM members m WHERE m.envelope_id = e.id) AS names,
         e.dept_code AS deptCode, e.status,
         (SELECT f.reason FROM events f WHERE f.envelope_id = e.id AND f.kind = 'flag' ORDER BY f.seq DESC LIMIT 1) AS reason,
         b.batch_id AS batchId
    FROM envelopes e JOIN insurers i ON i.id = e.insurer_id
    LEFT JOIN return_batch_items b ON b.envelope_id = e.id`;

const toRow = (r: RowDb): ReturnRow => ({ ...r, names: (r.names ?? '').split('・').filter(Boolean), reason: r.reason ?? '' });

/** 返送対象 not yet packed: what the clerk still has to put into a batch. */
export function returnQueue(ctx: ServiceContext): ReturnRow[] {
  return (prepareCached(ctx.db, `${ROW_SQL} WHERE e.status = 'to_return' AND b.batch_id IS NULL ORDER BY e.insurer_id, e.symbol, e.number, e.branch`).all() as RowDb[]).map(toRow);
}

/** 保留: what waits, and why. */
export function holdList(ctx: ServiceContext): (ReturnRow & { holdReason: string; since: string })[] {
  const rows = prepareCached(ctx.db, 
      `${ROW_SQL.replace('b.batch_id AS batchId', `b.batch_id AS batchId, h.reason AS holdReason, h.at AS since`)}
        JOIN events h ON h.seq = e.last_event_seq
       WHERE e.status = 'on_hold' ORDER BY h.at`,
    )
    .all() as (RowDb & { holdReason: string; since: string })[];
  return rows.map((r) => ({ ...toRow(r), holdReason: r.holdReason, since: r.since }));
}

/** A batch's row as read here; sync/batches.ts sends the same fields. */
export interface BatchDb {
  id: number;
  kind: BatchKind;
  tracking_number: string | null;
  insurer_name: string | null;
  note: string;
  created_at: string;
  created_by: string;
  sent_on: string | null;
}

export function listBatches(ctx: ServiceContext): ReturnBatch[] {
  const batches = prepareCached(ctx.db, 
      `SELECT r.id, r.kind, r.tracking_number, i.name AS insurer_name, r.note, r.created_at, r.created_by, r.sent_on
         FROM return_batches r LEFT JOIN insurers i ON i.id = r.insurer_id ORDER BY r.id DESC`,
    )
    .all() as BatchDb[];
  const items = prepareCached(ctx.db, `${ROW_SQL} WHERE b.batch_id = ? ORDER BY e.symbol, e.number, e.branch`);
  const note = prepareCached(ctx.db, 'SELECT conflict_note FROM sync_batches WHERE batch_id = ?').pluck();
  const device = deviceId(ctx);
  return batches.map((b) => ({
    id: b.id,
    kind: b.kind,
    trackingNumber: b.tracking_number,
    insurerName: b.insurer_name,
    note: b.note,
    createdAt: b.created_at,
    createdBy: b.created_by,
    sentOn: b.sent_on,
    items: (items.all(b.id) as RowDb[]).map(toRow),
    ownerDesk: batchOwner(ctx.db, b.id, device),
    syncNote: (note.get(b.id) as string | undefined) ?? '',
  }));
}

export function getBatch(ctx: ServiceContext, id: number): ReturnBatch {
  const b = listBatches(ctx).find((x) => x.id === id);
  if (!b) throw new UserError('その返送の袋は見つかりません。');
  return b;
}

/** The お問い合わせ番号 as typed, checked: 12 digits or a Japanese error; a wrong check digit is only reported. */
export function checkTrackingNumber(raw: string): { display: string; checkDigitOk: boolean } {
  const r = parseTrackingNumber(raw);
  if (!r.ok) throw new UserError(r.error);
  return { display: r.display, checkDigitOk: r.checkDigitOk };
}

export function createBatch(
  ctx: ServiceContext,
  args: { kind: BatchKind; trackingNumber?: string | null; acceptUnverified?: boolean; insurerName?: string | null; note?: string },
): ReturnBatch {
  let tracking: string | null = null;
  if (args.kind === 'letterpack' || (args.trackingNumber ?? '').trim() !== '') {
    const parsed = parseTrackingNumber(args.trackingNumber ?? '');
    if (!parsed.ok) throw new UserError(parsed.error);
    if (!parsed.checkDigitOk && !args.acceptUnverified) {
      throw new UserError(
        `お問い合わせ番号 ${parsed.display} は最後の確認用の数字が合いません。打ち間違いの可能性があります。番号を確かめ、正しければ「この番号で登録」を押してください。`,
      );
    }
    tracking = parsed.digits;
  }
  const insurerId = args.insurerName
    ? ((prepareCached(ctx.db, 'SELECT id FROM insurers WHERE name = ?').pluck().get(args.insurerName) as number | undefined) ?? null)
    : null;
  const id = Number(
    prepareCached(ctx.db, 'INSERT INTO return_batches (kind, tracking_number, insurer_id, note, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)')
      .run(args.kind, tracking, insurerId, args.note ?? '', ctx.now().toISOString(), operatorName(ctx) || '（未設定）').lastInsertRowid,
  );
  return getBatch(ctx, id);
}

function openBatch(ctx: ServiceContext, batchId: number) {
  const b = prepareCached(ctx.db, 'SELECT id, sent_on FROM return_batches WHERE id = ?').get(batchId) as { id: number; sent_on: string | null } | undefined;
  if (!b) throw new UserError('その返送の袋は見つかりません。');
  const owner = batchOwner(ctx.db, batchId, deviceId(ctx));
  if (owner !== null) throw new UserError(`この袋は${owner}の袋です。変更はその窓口で行ってください。`);
  if (b.sent_on) throw new UserError('発送済みの袋は変更できません。');
}

export function addToBatch(ctx: ServiceContext, args: { batchId: number; envelopeIds: number[] }): ReturnBatch {
  ctx.db.transaction(() => {
    openBatch(ctx, args.batchId);
    const status = prepareCached(ctx.db, 'SELECT status FROM envelopes WHERE id = ?').pluck();
    const packedIn = prepareCached(ctx.db, 'SELECT batch_id FROM return_batch_items WHERE envelope_id = ?').pluck();
    const insert = prepareCached(ctx.db, 'INSERT INTO return_batch_items (batch_id, envelope_id, added_at) VALUES (?, ?, ?)');
    for (const id of args.envelopeIds) {
      const s = status.get(id) as EnvelopeStatus | undefined;
      if (s !== 'to_return') throw new UserError('袋に入れられるのは返送対象の封筒だけです。先に返送対象にしてください。');
      const other = packedIn.get(id) as number | undefined;
      if (other !== undefined) {
        if (other === args.batchId) continue;
        throw new UserError(`この封筒はすでに別の袋（No.${other}）に入っています。`);
      }
      insert.run(args.batchId, id, ctx.now().toISOString());
    }
  }).immediate(); // waits for the job worker's write lock instead of failing with "database is locked"
  return getBatch(ctx, args.batchId);
}

export function removeFromBatch(ctx: ServiceContext, args: { batchId: number; envelopeIds: number[] }): ReturnBatch {
  ctx.db.transaction(() => {
    openBatch(ctx, args.batchId);
    const del = prepareCached(ctx.db, 'DELETE FROM return_batch_items WHERE batch_id = ? AND envelope_id = ?');
    for (const id of args.envelopeIds) del.run(args.batchId, id);
  }).immediate(); // waits for the job worker's write lock instead of failing with "database is locked"
  return getBatch(ctx, args.batchId);
}

/** The batch left the office: every envelope in it becomes 返送済, recorded with the way and tracking number. */
export function markBatchSent(ctx: ServiceContext, args: { batchId: number; sentOn: string; operator?: string }): ReturnBatch {
  ctx.db.transaction(() => {
    openBatch(ctx, args.batchId);
    const batch = getBatch(ctx, args.batchId);
    if (batch.items.length === 0) throw new UserError('空の袋は発送済みにできません。');
    const how = `${BATCH_KIND_LABELS[batch.kind]}${batch.trackingNumber ? ` ${formatTrackingNumber(batch.trackingNumber)}` : ''}`;
    writeTransitions(
      ctx,
      { operator: args.operator || operatorName(ctx) || '（未設定）' },
      batch.items.map((i) => ({ envelopeId: i.envelopeId, from: 'to_return' as const, to: 'returned' as const, kind: 'return_sent', reason: `${how}（No.${batch.id}、${args.sentOn}発送）` })),
    );
    prepareCached(ctx.db, 'UPDATE return_batches SET sent_on = ? WHERE id = ?').run(args.sentOn, args.batchId);
  }).immediate(); // waits for the job worker's write lock instead of failing with "database is locked"
  return getBatch(ctx, args.batchId);
}


/** Packing by scanning: the scanned household's 返送対象 envelopes go into the batch. */
export function addToBatchByCode(ctx: ServiceContext, args: { batchId: number; code: string }): { batch: ReturnBatch; added: number; message: string } {
  const { hits: all, display } = findMembersByCode(ctx.db, args.code);
  // A batch for one insurer takes only that insurer's envelopes; two households left means the code is ambiguous.
  const insurerId = prepareCached(ctx.db, 'SELECT insurer_id FROM return_batches WHERE id = ?').pluck().get(args.batchId) as number | null | undefined;
  const hits = insurerId ? all.filter((h) => h.insurer_id === insurerId) : all;
  if (hits.length === 0) throw new UserError(`該当する封筒がありません: ${display}`);
  if (groupByHousehold(hits).size > 1) throw new UserError(`複数の世帯が該当します（${display}）。一覧から選んで袋に入れてください。`);
  const envelopeIds = [...new Set(hits.map((h) => h.envelope_id))];
  const status = prepareCached(ctx.db, 'SELECT status FROM envelopes WHERE id = ?').pluck();
  const packed = prepareCached(ctx.db, 'SELECT 1 FROM return_batch_items WHERE envelope_id = ?').pluck();
  const toPack = envelopeIds.filter((id) => status.get(id) === 'to_return' && !packed.get(id));
  if (toPack.length === 0) {
    const already = envelopeIds.some((id) => packed.get(id));
    throw new UserError(already ? `この封筒はすでに袋に入っています: ${display}` : `返送対象ではない封筒です: ${display}。先に返送対象にしてください。`);
  }
  const batch = addToBatch(ctx, { batchId: args.batchId, envelopeIds: toPack });
  return { batch, added: toPack.length, message: `No.${batch.id}に入れました: ${display}（${toPack.length}通、計${batch.items.length}通）` };
}
