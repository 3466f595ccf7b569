/** Progress per 所属, shipment and insurer; the age of what is still open; the follow-up list. */
import type { AgeBucket, DirectEnvelopeRow, FollowUpRow, FollowUpSheet, ProgressGroup, ProgressOverview } from '../../shared/progress';
import type { ServiceContext } from './context';
import { getSettings } from './settings';
import { prepareCached } from './db/open';
import { visibleShipment } from './db/staging';

// A 直送 envelope stays 'pending' in the table but is not in the box: counted as direct, never as open.
const COUNTS = `COUNT(*) AS total,
  SUM(e.status = 'pending' AND e.delivery = 'box') AS pending, SUM(e.status = 'handed_over') AS handedOver,
  SUM(e.status = 'to_return') AS toReturn, SUM(e.status = 'returned') AS returned, SUM(e.status = 'on_hold') AS onHold,
  SUM(e.delivery = 'direct') AS direct`;
/** Every figure here is of the lists stored whole: one still being copied in is not there yet (db/staging.ts). */
const VISIBLE = visibleShipment('e.shipment_id');
/** What is still the clerk's to hand out: 未配付 in the box, and 保留. */
const OPEN = `e.status IN ('pending', 'on_hold') AND e.delivery = 'box' AND ${VISIBLE}`;

/** Days an open envelope has waited: since the box arrived (受領日), else since the list was imported. */
const AGE_DAYS = `CAST(julianday(?) - julianday(COALESCE(s.received_on, substr(s.imported_at, 1, 10))) AS INTEGER)`;

export function progressOverview(ctx: ServiceContext): ProgressOverview {
  const { db } = ctx;
  const byDept = prepareCached(db, 
      `SELECT e.dept_code AS key, TRIM(e.dept_code || ' ' || MAX(e.dept_name)) AS label, ${COUNTS}
         FROM envelopes e WHERE ${VISIBLE} GROUP BY e.dept_code ORDER BY e.dept_code`,
    )
    .all() as ProgressGroup[];
  const byShipment = prepareCached(db, 
      `SELECT CAST(s.id AS TEXT) AS key, i.name || '：' || s.file_name AS label, ${COUNTS}
         FROM envelopes e JOIN shipments s ON s.id = e.shipment_id JOIN insurers i ON i.id = s.insurer_id
        WHERE ${VISIBLE} GROUP BY s.id ORDER BY s.id`,
    )
    .all() as ProgressGroup[];
  const byInsurer = prepareCached(db, `SELECT CAST(i.id AS TEXT) AS key, i.name AS label, ${COUNTS} FROM envelopes e JOIN insurers i ON i.id = e.insurer_id
        WHERE ${VISIBLE} GROUP BY i.id ORDER BY i.name`)
    .all() as ProgressGroup[];
  const today = ctx.now().toISOString().slice(0, 10);
  const ages = prepareCached(db, `SELECT ${AGE_DAYS} AS days FROM envelopes e JOIN shipments s ON s.id = e.shipment_id WHERE ${OPEN}`)
    .pluck()
    .all(today) as number[];
  const buckets: [string, (d: number) => boolean][] = [
    ['7日以内', (d) => d <= 7],
    ['8〜14日', (d) => d >= 8 && d <= 14],
    ['15〜30日', (d) => d >= 15 && d <= 30],
    ['31日以上', (d) => d >= 31],
  ];
  const openAges: AgeBucket[] = buckets.map(([label, test]) => ({ label, count: ages.filter(test).length }));
  const direct = (
    prepareCached(
      db,
      `SELECT e.id AS envelopeId, i.name AS insurerName, e.symbol, e.number, e.branch, e.holder_name AS holderName, e.dept_name AS deptName,
              (SELECT GROUP_CONCAT(m.name, '・') FROM members m WHERE m.envelope_id = e.id) AS names
         FROM envelopes e JOIN insurers i ON i.id = e.insurer_id
        WHERE e.delivery = 'direct' AND ${VISIBLE} ORDER BY e.dept_code, e.insurer_id, e.symbol, e.number, e.branch`,
    ).all() as (Omit<DirectEnvelopeRow, 'names'> & { names: string | null })[]
  ).map((r) => ({ ...r, names: (r.names ?? '').split('・').filter(Boolean) }));
  return { byDept, byShipment, byInsurer, openAges, oldestOpenDays: ages.length ? Math.max(...ages) : null, direct };
}

export function followUpSheet(ctx: ServiceContext, days: number): FollowUpSheet {
  const today = ctx.now().toISOString().slice(0, 10);
  const rows = prepareCached(ctx.db, 
      `SELECT e.id AS envelopeId, e.symbol, e.number, e.branch, e.holder_name AS holderName, e.dept_code AS deptCode, e.dept_name AS deptName,
              e.status, COALESCE((SELECT reason FROM events x WHERE x.seq = e.last_event_seq), '') AS reason,
              (SELECT GROUP_CONCAT(m.name, '・') FROM members m WHERE m.envelope_id = e.id) AS names, ${AGE_DAYS} AS days
         FROM envelopes e JOIN shipments s ON s.id = e.shipment_id
        WHERE ${OPEN} AND ${AGE_DAYS} >= ?
        ORDER BY e.dept_code, e.symbol, e.number, e.branch`,
    )
    .all(today, today, days) as (Omit<FollowUpRow, 'names'> & { names: string | null; deptCode: string; deptName: string })[];
  const depts = new Map<string, FollowUpSheet['depts'][number]>();
  for (const r of rows) {
    const d = depts.get(r.deptCode) ?? { deptCode: r.deptCode, deptName: r.deptName, rows: [] };
    if (!d.deptName && r.deptName) d.deptName = r.deptName;
    d.rows.push({
      envelopeId: r.envelopeId,
      symbol: r.symbol,
      number: r.number,
      branch: r.branch,
      holderName: r.holderName,
      names: (r.names ?? '').split('・').filter(Boolean),
      status: r.status,
      reason: r.reason,
      days: r.days,
    });
    depts.set(r.deptCode, d);
  }
  return { companyName: getSettings(ctx).companyName ?? '', days, printedAt: ctx.now().toISOString(), depts: [...depts.values()] };
}
