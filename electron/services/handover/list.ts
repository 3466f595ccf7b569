/** The list of all envelopes (paged, for a virtual table of 100,000 rows) and progress per 所属. */
import type { DeptProgress, EnvelopeFilter, EnvelopeRow, EnvelopeSort } from '../../../shared/handover';
import type { ServiceContext } from '../context';
import { prepareCached } from '../db/open';
import { visibleShipment } from '../db/staging';

const ORDER: Record<EnvelopeSort, string> = {
  number: 'e.insurer_id, e.symbol, e.number, e.branch, e.id',
  name: 'e.holder_name COLLATE NOCASE, e.id',
  dept: 'e.dept_code, e.symbol, e.number, e.branch, e.id',
  status: 'e.status, e.dept_code, e.number, e.id',
};

function where(filter: EnvelopeFilter): { sql: string; params: (string | number)[] } {
  // A list still being copied in is not listed until all of it is in (db/staging.ts).
  const clauses: string[] = [visibleShipment('e.shipment_id')];
  const params: (string | number)[] = [];
  // 未配付 means in the box: a 直送 envelope (also 'pending' in the table) is not the clerk's to hand out.
  if (filter.status) (clauses.push(filter.status === 'pending' ? "e.status = ? AND e.delivery = 'box'" : 'e.status = ?'), params.push(filter.status));
  if (filter.deptCode !== undefined) (clauses.push('e.dept_code = ?'), params.push(filter.deptCode));
  if (filter.shipmentId !== undefined) (clauses.push('e.shipment_id = ?'), params.push(filter.shipmentId));
  if (filter.insurerId !== undefined) (clauses.push('e.insurer_id = ?'), params.push(filter.insurerId));
  return { sql: `WHERE ${clauses.join(' AND ')}`, params };
}

export function listEnvelopes(
  ctx: ServiceContext,
  args: { filter: EnvelopeFilter; sort: EnvelopeSort; offset: number; limit: number },
): { rows: EnvelopeRow[]; total: number } {
  const w = where(args.filter);
  const total = prepareCached(ctx.db, `SELECT COUNT(*) FROM envelopes e ${w.sql}`).pluck().get(...w.params) as number;
  const rows = prepareCached(ctx.db, 
      `SELECT e.id, i.name AS insurerName, e.symbol, e.number, e.branch, e.holder_name AS holderName,
              (SELECT GROUP_CONCAT(m.name, '・') FROM members m WHERE m.envelope_id = e.id) AS names,
              (SELECT COUNT(*) FROM members m WHERE m.envelope_id = e.id) AS memberCount,
              e.dept_code AS deptCode, e.dept_name AS deptName, e.document_kind AS documentKind, e.delivery, e.status,
              (SELECT at FROM events x WHERE x.seq = e.last_event_seq) AS statusAt
         FROM envelopes e JOIN insurers i ON i.id = e.insurer_id
         ${w.sql} ORDER BY ${ORDER[args.sort]} LIMIT ? OFFSET ?`,
    )
    .all(...w.params, args.limit, args.offset) as EnvelopeRow[];
  return { rows, total };
}

/** Progress per 所属 from the counts kept by migration 5's triggers: read after every scan, so no GROUP BY over every envelope. */
export function deptProgress(ctx: ServiceContext): DeptProgress[] {
  // 直送 envelopes are 'pending' in the kept counts; the few of them come from their partial index.
  const direct = new Map(
    prepareCached<[], [string, number]>(ctx.db, `SELECT dept_code, COUNT(*) FROM envelopes WHERE delivery = 'direct' AND ${visibleShipment('shipment_id')} GROUP BY dept_code`)
      .raw()
      .all(),
  );
  return prepareCached<[], DeptProgress>(
    ctx.db,
    `SELECT dept_code AS deptCode, MAX(dept_name) AS deptName, SUM(n) AS total,
            SUM(CASE WHEN status = 'handed_over' THEN n ELSE 0 END) AS handedOver,
            SUM(CASE WHEN status = 'pending' THEN n ELSE 0 END) AS remaining
       FROM envelope_counts GROUP BY dept_code ORDER BY dept_code`,
  )
    .all()
    .map((d) => {
      const n = direct.get(d.deptCode) ?? 0;
      return { ...d, total: d.total - n, remaining: d.remaining - n };
    });
}

export function listFilterOptions(ctx: ServiceContext) {
  return {
    depts: prepareCached(ctx.db, `SELECT dept_code AS code, MAX(dept_name) AS name FROM envelope_counts GROUP BY dept_code ORDER BY dept_code`)
      .all() as { code: string; name: string }[],
    shipments: prepareCached(ctx.db, `SELECT s.id, s.file_name AS fileName, i.name AS insurerName FROM shipments s JOIN insurers i ON i.id = s.insurer_id
        WHERE ${visibleShipment('s.id')} ORDER BY s.id`)
      .all() as { id: number; fileName: string; insurerName: string }[],
    insurers: prepareCached(ctx.db, `SELECT id, name FROM insurers ORDER BY name`).all() as { id: number; name: string }[],
  };
}
