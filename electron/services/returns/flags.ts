/**
 * Flags (返送対象: 退職・扶養削除・死亡・その他) and holds (保留), set by hand from the 返送 screen.
 * Each call is one action: one undo takes it back.
 */
import type { EnvelopeStatus } from '../../../shared/domain';
import type { FlagReason, HoldReason } from '../../../shared/returns';
import type { ServiceContext } from '../context';
import { UserError } from '../errors';
import { operatorName } from '../settings';
import { writeTransitions, type Transition } from '../handover/transitions';
import { prepareCached } from '../db/open';

const statusesOf = (ctx: ServiceContext, ids: number[]) => {
  const stmt = prepareCached<[number], { id: number; status: EnvelopeStatus }>(ctx.db, 'SELECT id, status FROM envelopes WHERE id = ?');
  return ids.map((id) => {
    const row = stmt.get(id);
    if (!row) throw new UserError('選んだ封筒が見つかりません。画面を更新してください。');
    return row;
  });
};

const actor = (ctx: ServiceContext, operator?: string) => ({ operator: operator || operatorName(ctx) || '（未設定）' });

/** 退職（2024-08-15）メモ — the reason as the return list and the report show it. */
export function reasonText(reason: string, date?: string | null, note?: string | null): string {
  return `${reason}${date ? `（${date}）` : ''}${note ? ` ${note}` : ''}`;
}

function apply(ctx: ServiceContext, operator: string | undefined, transitions: Transition[], nothingMessage: string): { changed: number; actionUid: string } {
  if (transitions.length === 0) throw new UserError(nothingMessage);
  // IMMEDIATE, as scan and undo: during a worker import a deferred transaction that read first would fail
  // at once with "database is locked" instead of waiting for the write lock.
  const actionUid = ctx.db.transaction(() => writeTransitions(ctx, actor(ctx, operator), transitions)).immediate();
  return { changed: transitions.length, actionUid };
}

export function flagEnvelopes(
  ctx: ServiceContext,
  args: { envelopeIds: number[]; reason: FlagReason; date?: string | null; note?: string | null; operator?: string },
) {
  const rows = statusesOf(ctx, args.envelopeIds);
  const handed = rows.filter((r) => r.status === 'handed_over' || r.status === 'returned');
  if (handed.length > 0) {
    throw new UserError('配付済み・返送済みの封筒は返送対象にできません。先に配付を取り消してください。');
  }
  const reason = reasonText(args.reason, args.date, args.note);
  return apply(
    ctx,
    args.operator,
    rows
      .filter((r) => r.status === 'pending' || r.status === 'on_hold')
      .map((r) => ({ envelopeId: r.id, from: r.status, to: 'to_return' as const, kind: 'flag', reason })),
    '選んだ封筒はすでに返送対象です。',
  );
}

export function holdEnvelopes(
  ctx: ServiceContext,
  args: { envelopeIds: number[]; reason: HoldReason; expectedOn?: string | null; note?: string | null; operator?: string },
) {
  const rows = statusesOf(ctx, args.envelopeIds);
  if (rows.some((r) => r.status !== 'pending' && r.status !== 'on_hold')) {
    throw new UserError('保留にできるのは未配付の封筒だけです。');
  }
  const reason = reasonText(args.reason, args.expectedOn ? `${args.expectedOn}まで` : null, args.note);
  return apply(
    ctx,
    args.operator,
    rows.filter((r) => r.status === 'pending').map((r) => ({ envelopeId: r.id, from: r.status, to: 'on_hold' as const, kind: 'hold', reason })),
    '選んだ封筒はすでに保留です。',
  );
}

/** Back to 未配付: a hold that ended, or a flag set by mistake (only while it is not packed in a batch). */
export function releaseEnvelopes(ctx: ServiceContext, args: { envelopeIds: number[]; operator?: string }) {
  const rows = statusesOf(ctx, args.envelopeIds);
  const packed = prepareCached(ctx.db, 'SELECT 1 FROM return_batch_items WHERE envelope_id = ?').pluck();
  if (rows.some((r) => r.status === 'to_return' && packed.get(r.id))) {
    throw new UserError('返送の袋に入っている封筒は、先に袋から出してください。');
  }
  return apply(
    ctx,
    args.operator,
    rows
      .filter((r) => r.status === 'on_hold' || r.status === 'to_return')
      .map((r) => ({ envelopeId: r.id, from: r.status, to: 'pending' as const, kind: r.status === 'on_hold' ? 'release' : 'unflag' })),
    '選んだ封筒は保留・返送対象ではありません。',
  );
}
