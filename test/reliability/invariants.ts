/**
 * What must hold in every Kubaru database, whatever happened to the process that wrote it (issue #7).
 * checkInvariants returns one line per broken rule (with a few examples), so a test can
 * `expect(checkInvariants(db)).toEqual([])` and see at once what broke.
 */
import type { DB } from '../../electron/services/db/open';
import { createContext } from '../../electron/services/context';
import { getStatus } from '../../electron/services/status';
import { listShipments } from '../../electron/services/lists/importList';
import { progressOverview } from '../../electron/services/progress';
import { deptProgress } from '../../electron/services/handover/list';
import { visibleShipment } from '../../electron/services/db/staging';

// A list being copied in a slice at a time (migration 8) is invisible until its last slice: the kept counts
// and every screen leave it out, so the recounts here do too.
const VISIBLE = visibleShipment('shipment_id');
const STAGING = 'SELECT shipment_id FROM staging_shipments';

/** Each rule: a name and a query whose rows are the offenders (none when the rule holds). */
const RULES: readonly { name: string; sql: string }[] = [
  // ── status ⇔ events ───────────────────────────────────────────────────────────
  {
    name: 'an envelope untouched since import is pending and has no events',
    sql: `SELECT e.id, e.status FROM envelopes e
           WHERE e.last_event_seq IS NULL
             AND (e.status <> 'pending' OR EXISTS (SELECT 1 FROM events v WHERE v.envelope_id = e.id))`,
  },
  {
    name: "an envelope's status is the to_status of its last event",
    sql: `SELECT e.id, e.status, e.last_event_seq, v.envelope_id AS event_envelope, v.to_status,
                 (SELECT MAX(seq) FROM events x WHERE x.envelope_id = e.id) AS max_seq
            FROM envelopes e LEFT JOIN events v ON v.seq = e.last_event_seq
           WHERE e.last_event_seq IS NOT NULL
             AND (v.seq IS NULL OR v.envelope_id <> e.id OR v.to_status <> e.status
                  OR v.seq <> (SELECT MAX(seq) FROM events x WHERE x.envelope_id = e.id))`,
  },
  {
    name: "each event starts where the envelope's previous event ended (the first from pending)",
    sql: `SELECT seq, envelope_id, from_status, prev FROM (
            SELECT seq, envelope_id, from_status,
                   LAG(to_status, 1, 'pending') OVER (PARTITION BY envelope_id ORDER BY seq) AS prev
              FROM events)
           WHERE from_status <> prev`,
  },
  {
    name: 'an event belongs to an existing envelope',
    sql: `SELECT v.seq, v.envelope_id FROM events v LEFT JOIN envelopes e ON e.id = v.envelope_id WHERE e.id IS NULL`,
  },
  {
    name: 'one action is one moment, one operator, one kind, one device, each envelope once',
    sql: `SELECT action_uid, COUNT(*) AS events, COUNT(DISTINCT envelope_id) AS envelopes FROM events
           GROUP BY action_uid
          HAVING COUNT(DISTINCT kind) > 1 OR COUNT(DISTINCT at) > 1 OR COUNT(DISTINCT operator) > 1
              OR COUNT(DISTINCT device_id) > 1 OR COUNT(DISTINCT envelope_id) <> COUNT(*)`,
  },
  {
    name: 'an undo reverses an event of the same envelope, and is the only undo of it',
    sql: `SELECT u.seq, u.undoes_uid FROM events u LEFT JOIN events o ON o.uid = u.undoes_uid
           WHERE u.undoes_uid IS NOT NULL
             AND (o.seq IS NULL OR o.envelope_id <> u.envelope_id OR o.seq >= u.seq
                  OR o.to_status <> u.from_status OR o.from_status <> u.to_status
                  OR (SELECT COUNT(*) FROM events w WHERE w.undoes_uid = u.undoes_uid) <> 1)`,
  },
  {
    name: 'a 直送 envelope (not in the box) is pending and has no events: nothing is handed over, flagged or returned',
    sql: `SELECT e.id, e.status FROM envelopes e
           WHERE e.delivery = 'direct'
             AND (e.status <> 'pending' OR e.last_event_seq IS NOT NULL
                  OR EXISTS (SELECT 1 FROM events v WHERE v.envelope_id = e.id)
                  OR EXISTS (SELECT 1 FROM return_batch_items b WHERE b.envelope_id = e.id)
                  OR EXISTS (SELECT 1 FROM discrepancies d WHERE d.envelope_id = e.id))`,
  },
  // ── what an import stores ───────────────────────────────────────────────────────
  {
    name: 'no envelope without members',
    sql: `SELECT e.id FROM envelopes e WHERE NOT EXISTS (SELECT 1 FROM members m WHERE m.envelope_id = e.id)`,
  },
  {
    name: 'no member without its envelope, and a member shares its envelope’s shipment and insurer',
    sql: `SELECT m.id, m.envelope_id FROM members m LEFT JOIN envelopes e ON e.id = m.envelope_id
           WHERE e.id IS NULL OR e.shipment_id <> m.shipment_id OR e.insurer_id <> m.insurer_id`,
  },
  {
    name: 'an envelope shares its shipment’s insurer and unit',
    sql: `SELECT e.id, e.shipment_id FROM envelopes e LEFT JOIN shipments s ON s.id = e.shipment_id
           WHERE s.id IS NULL OR s.insurer_id <> e.insurer_id OR s.unit <> e.unit`,
  },
  {
    name: 'a person envelope holds one member, a household envelope one household',
    sql: `SELECT e.id, e.unit, COUNT(*) AS members FROM envelopes e JOIN members m ON m.envelope_id = e.id
           GROUP BY e.id
          HAVING (e.unit = 'person' AND COUNT(*) <> 1)
              OR COUNT(DISTINCT m.symbol_key) <> 1 OR COUNT(DISTINCT m.number_key) <> 1`,
  },
  {
    // One still being copied in may have none yet (its first slice is not in).
    name: 'no shipment without envelopes (an import is stored whole or not at all)',
    sql: `SELECT s.id, s.file_name FROM shipments s
           WHERE NOT EXISTS (SELECT 1 FROM envelopes e WHERE e.shipment_id = s.id) AND ${visibleShipment('s.id')}`,
  },
  {
    name: 'nobody has touched a list still being copied in: no status, event, batch, 受入チェック or sync of it',
    sql: `SELECT e.id, e.status FROM envelopes e
           WHERE e.shipment_id IN (${STAGING})
             AND (e.status <> 'pending' OR e.last_event_seq IS NOT NULL
                  OR EXISTS (SELECT 1 FROM events v WHERE v.envelope_id = e.id)
                  OR EXISTS (SELECT 1 FROM return_batch_items b WHERE b.envelope_id = e.id)
                  OR EXISTS (SELECT 1 FROM box_check_scans c WHERE c.envelope_id = e.id)
                  OR EXISTS (SELECT 1 FROM discrepancies d WHERE d.envelope_id = e.id)
                  OR EXISTS (SELECT 1 FROM sync_shipments y WHERE y.shipment_id = e.shipment_id))`,
  },
  // (An insurer without a shipment is fine: 配付業務の完了 keeps the insurers and their column mappings.)
  {
    name: 'the audit trail keeps its guards (append-only events, no status without its event)',
    sql: `SELECT v.name FROM (SELECT 'events_no_update' AS name UNION ALL SELECT 'events_no_delete'
                              UNION ALL SELECT 'envelopes_status_needs_event') v
           WHERE NOT EXISTS (SELECT 1 FROM sqlite_master t WHERE t.type = 'trigger' AND t.name = v.name)`,
  },
  // ── counts kept by triggers (migration 5) ────────────────────────────────────────
  {
    name: 'the kept envelope counts equal a recount of the visible envelopes per 所属 and status',
    sql: `SELECT dept_code, dept_name, status, SUM(kept) AS kept, SUM(actual) AS actual FROM (
            SELECT dept_code, dept_name, status, n AS kept, 0 AS actual FROM envelope_counts
            UNION ALL
            SELECT dept_code, dept_name, status, 0, COUNT(*) FROM envelopes WHERE ${VISIBLE} GROUP BY dept_code, dept_name, status)
           GROUP BY dept_code, dept_name, status HAVING SUM(kept) <> SUM(actual)`,
  },
  {
    name: 'the kept member count equals a recount of the visible members',
    sql: `SELECT (SELECT n FROM member_count WHERE id = 1) AS kept, (SELECT COUNT(*) FROM members WHERE ${VISIBLE}) AS actual
           WHERE (SELECT n FROM member_count WHERE id = 1) IS NOT (SELECT COUNT(*) FROM members WHERE ${VISIBLE})`,
  },
  {
    name: 'the counts keep their triggers',
    sql: `SELECT v.name FROM (SELECT 'envelope_counts_insert' AS name UNION ALL SELECT 'envelope_counts_delete'
                              UNION ALL SELECT 'envelope_counts_update' UNION ALL SELECT 'member_count_insert'
                              UNION ALL SELECT 'member_count_delete') v
           WHERE NOT EXISTS (SELECT 1 FROM sqlite_master t WHERE t.type = 'trigger' AND t.name = v.name)`,
  },
  {
    name: 'the database knows which PC it is',
    sql: `SELECT 'device_id missing' AS problem WHERE NOT EXISTS (SELECT 1 FROM meta WHERE key = 'device_id' AND value <> '')`,
  },
];

function examples(rows: unknown[]): string {
  const shown = rows.slice(0, 3).map((r) => JSON.stringify(r)).join(' ');
  return rows.length > 3 ? `${shown} … (${rows.length} in all)` : shown;
}

/** Every broken rule with examples; [] when the database is sound. */
export function checkInvariants(db: DB): string[] {
  const problems: string[] = [];

  const integrity = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
  if (integrity.length !== 1 || integrity[0]!.integrity_check !== 'ok') {
    problems.push(`integrity_check: ${examples(integrity.map((r) => r.integrity_check))}`);
  }
  const foreign = db.pragma('foreign_key_check') as unknown[];
  if (foreign.length > 0) problems.push(`foreign_key_check: ${examples(foreign)}`);

  for (const rule of RULES) {
    const rows = db.prepare(rule.sql).all();
    if (rows.length > 0) problems.push(`${rule.name}: ${examples(rows)}`);
  }

  // Counts add up, as the screens show them: the status bar, the shipment list and the tables agree.
  const ctx = createContext(db);
  const status = getStatus(ctx);
  const shipments = listShipments(ctx);
  const n = (sql: string) => db.prepare(sql).pluck().get() as number;
  const envelopes = n(`SELECT COUNT(*) FROM envelopes WHERE ${VISIBLE}`);
  const members = n(`SELECT COUNT(*) FROM members WHERE ${VISIBLE}`);
  // 直送 envelopes are counted apart from the five statuses: total = statuses + direct.
  const byStatus = status.envelopes.pending + status.envelopes.handed_over + status.envelopes.to_return +
    status.envelopes.returned + status.envelopes.on_hold + status.envelopes.direct;
  const progress = progressOverview(ctx).byInsurer;
  const depts = deptProgress(ctx);
  const sum = (k: 'total' | 'pending' | 'direct') => progress.reduce((s, g) => s + g[k], 0);
  const counts = {
    envelopes,
    statusTotal: status.envelopes.total,
    statusSum: byStatus,
    shipmentEnvelopes: shipments.reduce((s, x) => s + x.envelopes, 0),
    members,
    statusMembers: status.members,
    shipmentMembers: shipments.reduce((s, x) => s + x.members, 0),
    progressTotal: sum('total'),
    progressPending: sum('pending'),
    statusPending: status.envelopes.pending,
    progressDirect: sum('direct'),
    statusDirect: status.envelopes.direct,
    direct: n(`SELECT COUNT(*) FROM envelopes WHERE delivery = 'direct' AND ${VISIBLE}`),
    // The 配付 screen's 所属 panel counts the box only: 直送 is neither in its total nor remaining.
    deptTotal: depts.reduce((s, d) => s + d.total, 0),
    deptRemaining: depts.reduce((s, d) => s + d.remaining, 0),
  };
  if (
    counts.statusTotal !== envelopes ||
    counts.statusSum !== envelopes ||
    counts.shipmentEnvelopes !== envelopes ||
    counts.statusMembers !== members ||
    counts.shipmentMembers !== members ||
    counts.progressTotal !== envelopes ||
    counts.progressPending !== counts.statusPending ||
    counts.progressDirect !== counts.direct ||
    counts.statusDirect !== counts.direct ||
    counts.deptTotal !== envelopes - counts.direct ||
    counts.deptRemaining !== counts.statusPending
  ) {
    problems.push(`counts do not add up: ${JSON.stringify(counts)}`);
  }
  const handedOver = n(`SELECT COUNT(*) FROM envelopes WHERE status = 'handed_over' AND ${VISIBLE}`);
  if (status.envelopes.handed_over !== handedOver) {
    problems.push(`handed_over count ${status.envelopes.handed_over} ≠ ${handedOver} envelopes handed over`);
  }
  return problems;
}
