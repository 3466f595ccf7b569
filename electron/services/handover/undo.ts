/** Undo is a new action whose events reverse an earlier one; nothing is ever edited or deleted. */
import type { EnvelopeStatus } from '../../../shared/domain';
import type { ActionView } from '../../../shared/handover';
import type { ServiceContext } from '../context';
import { UserError } from '../errors';
import { deviceId, operatorName } from '../settings';
import { otherDeskOf } from '../sync/undoGuard';
import { SYNC_MERGE } from '../sync/state';
import { writeTransitions } from './transitions';
import { prepareCached } from '../db/open';

interface ActionEvent {
  seq: number;
  uid: string;
  envelope_id: number;
  from_status: EnvelopeStatus;
  to_status: EnvelopeStatus;
  kind: string;
  current_status: EnvelopeStatus;
  last_event_seq: number | null;
}

/** The newest action that is not an undo and has not been undone. */
function lastUndoableAction(ctx: ServiceContext): string | null {
  return (
    (prepareCached(ctx.db, 
        `SELECT e.action_uid FROM events e
          WHERE e.kind NOT IN ('undo', 'return_sent', '${SYNC_MERGE}') AND NOT EXISTS (SELECT 1 FROM events u WHERE u.undoes_uid = e.uid)
          ORDER BY e.seq DESC LIMIT 1`,
      )
      .pluck()
      .get() as string | undefined) ?? null
  );
}

export function undoAction(ctx: ServiceContext, actionUid: string | undefined, operator?: string): { undone: number; actionUid: string } {
  const target = actionUid ?? lastUndoableAction(ctx);
  if (!target) throw new UserError('取り消せる操作はありません。');
  return ctx.db.transaction(() => {
    const events = prepareCached<[string], ActionEvent>(ctx.db, 
        `SELECT e.seq, e.uid, e.envelope_id, e.from_status, e.to_status, e.kind, v.status AS current_status, v.last_event_seq
           FROM events e JOIN envelopes v ON v.id = e.envelope_id
          WHERE e.action_uid = ? ORDER BY e.seq`,
      )
      .all(target);
    if (events.length === 0) throw new UserError('その操作は見つかりません。');
    if (events[0]!.kind === 'undo') throw new UserError('取り消しの操作は取り消せません。元の操作をもう一度行ってください。');
    // The envelopes are in the post: the record of sending must stay as it is.
    if (events[0]!.kind === 'return_sent') throw new UserError('発送済みの記録は取り消せません。');
    // Following another desk is not this clerk's action: undo it there, and every desk follows again.
    if (events[0]!.kind === SYNC_MERGE) throw new UserError('ほかの窓口の記録に合わせた変更は取り消せません。その窓口で取り消してください。');
    const undone = prepareCached(ctx.db, 'SELECT 1 FROM events WHERE undoes_uid = ?').pluck();
    for (const e of events) {
      if (undone.get(e.uid)) throw new UserError('この操作はすでに取り消されています。');
      // Undoing an old action must not wipe out what happened to the envelope since.
      if (e.last_event_seq !== e.seq) {
        const desk = e.last_event_seq === null ? null : otherDeskOf(ctx.db, e.last_event_seq, deviceId(ctx));
        if (desk) throw new UserError(`別の窓口（${desk}）がこの封筒をその後に操作しているため取り消せません。その窓口と確認してください。`);
        throw new UserError('この操作の後に同じ封筒への別の操作があるため取り消せません。後の操作から順に取り消してください。');
      }
    }
    writeTransitions(
      ctx,
      { operator: operator || operatorName(ctx) || '（未設定）' },
      events.map((e) => ({ envelopeId: e.envelope_id, from: e.to_status, to: e.from_status, kind: 'undo', undoesUid: e.uid })),
    );
    return { undone: events.length, actionUid: target };
  }).immediate(); // waits for the job worker's write lock, as a scan does

}

/** The action log, newest first: what the history panel lists and undoes from. */
export function listActions(ctx: ServiceContext, limit = 50): ActionView[] {
  // The newest actions, walking the events back from the last one: the panel is re-read after every
  // scan, and grouping every event of the day to find the last few grew with the day's work.
  const recent = new Set<string>();
  for (const uid of prepareCached<[], string>(ctx.db, 'SELECT action_uid FROM events ORDER BY seq DESC').pluck().iterate()) {
    recent.add(uid);
    if (recent.size === limit) break;
  }
  if (recent.size === 0) return [];
  const rows = prepareCached<
      [string],
      { action_uid: string; kind: string; at: string; operator: string; envelopes: number; names: string; to_status: EnvelopeStatus; undone: number }
    >(ctx.db, 
      `SELECT e.action_uid, MIN(e.kind) AS kind, MIN(e.at) AS at, MIN(e.operator) AS operator, COUNT(*) AS envelopes,
              GROUP_CONCAT(DISTINCT v.holder_name) AS names, MIN(e.to_status) AS to_status,
              MAX(EXISTS (SELECT 1 FROM events u WHERE u.undoes_uid = e.uid)) AS undone
         FROM events e JOIN envelopes v ON v.id = e.envelope_id
        WHERE e.action_uid IN (SELECT value FROM json_each(?))
        GROUP BY e.action_uid ORDER BY MAX(e.seq) DESC`,
    )
    .all(JSON.stringify([...recent]));
  return rows.map((r) => ({
    actionUid: r.action_uid,
    kind: r.kind,
    at: r.at,
    operator: r.operator,
    envelopes: r.envelopes,
    names: (r.names ?? '').split(','),
    toStatus: r.to_status,
    undone: r.undone === 1,
    isUndo: r.kind === 'undo',
  }));
}
