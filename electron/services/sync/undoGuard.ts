/** When an undo meets an event another desk built on the undone one: say which desk, so the clerks can talk. */
import type { DB } from '../db/open';
import { prepareCached } from '../db/open';

/** The name of the desk that made the event at `seq`, or null when it is this desk's own. */
export function otherDeskOf(db: DB, seq: number, ownDevice: string): string | null {
  const row = prepareCached(db, 'SELECT e.device_id, d.name FROM events e LEFT JOIN sync_desks d ON d.device_id = e.device_id WHERE e.seq = ?')
    .get(seq) as { device_id: string; name: string | null } | undefined;
  if (!row || row.device_id === ownDevice) return null;
  return row.name ?? `窓口 ${row.device_id.slice(0, 4)}`;
}
