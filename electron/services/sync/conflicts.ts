/** 二重配付の可能性 as the clerk reads them: which envelope, which desks, who, when. */
import type { SyncConflictView } from '../../../shared/sync';
import type { DB } from '../db/open';
import { prepareCached } from '../db/open';

export function listSyncConflicts(db: DB): SyncConflictView[] {
  const rows = prepareCached(db,
      `SELECT c.envelope_id, v.holder_name, v.symbol, v.number,
              COALESCE(d1.name, '窓口 ' || substr(c.first_device, 1, 4)) AS first_desk, c.first_operator, c.first_at,
              COALESCE(d2.name, '窓口 ' || substr(c.second_device, 1, 4)) AS second_desk, c.second_operator, c.second_at
         FROM sync_conflicts c JOIN envelopes v ON v.id = c.envelope_id
         LEFT JOIN sync_desks d1 ON d1.device_id = c.first_device LEFT JOIN sync_desks d2 ON d2.device_id = c.second_device
        ORDER BY c.second_at DESC, c.id`,
    )
    .all() as Record<string, string | number>[];
  return rows.map((r) => ({
    envelopeId: r.envelope_id as number,
    holderName: r.holder_name as string,
    symbol: r.symbol as string,
    number: r.number as string,
    first: { desk: r.first_desk as string, operator: r.first_operator as string, at: r.first_at as string },
    second: { desk: r.second_desk as string, operator: r.second_operator as string, at: r.second_at as string },
  }));
}
