/**
 * The completion report (完了報告) for the insurer, read from the database in a handful of set-based
 * queries: at 100,000 envelopes a query per envelope would cost more than writing the file.
 */
import { DIRECT_LABEL, ENVELOPE_STATUSES, STATUS_LABELS, relationLabel, type Delivery, type EnvelopeStatus } from '../../../shared/domain';
import { listSyncConflicts } from '../sync/conflicts';
import type { Recipient } from '../../../shared/handover';
import type { Era, ReportData, ReportNotOnList, ReportOptions, ReportRow, ReportSummary } from '../../../shared/report';
import { BATCH_KIND_LABELS, formatTrackingNumber, type BatchKind } from '../../../shared/returns';
import { localIsoDate } from '../../domain/dates';
import { ISO_DATE_RE, formatDate, formatDatesIn, instantFormatter } from './reportDates';
import type { ServiceContext } from '../context';
import { UserError } from '../errors';
import { prepareCached } from '../db/open';
import { visibleShipment } from '../db/staging';

// ---------------------------------------------------------------------------------------------- rows

interface BatchDb {
  id: number;
  kind: BatchKind;
  tracking_number: string | null;
  sent_on: string | null;
}

interface EnvelopeDb {
  id: number;
  insurerId: number;
  symbol: string;
  number: string;
  branch: string;
  holderName: string;
  deptCode: string;
  deptName: string;
  documentKind: string;
  delivery: Delivery;
  status: EnvelopeStatus;
  /** name \x1f name …, in 枝番 order */
  names: string | null;
  /** relation \x1e branch \x1f …, same order */
  relations: string | null;
  evKind: string | null;
  evAt: string | null;
  evOperator: string | null;
  evReason: string | null;
  evDetail: string | null;
  batchId: number | null;
}

interface EventDb {
  envelopeId: number;
  seq: number;
  uid: string;
  kind: string;
  at: string;
  operator: string;
  reason: string;
  detail: string | null;
  undoesUid: string | null;
}

/** The event that explains an envelope's status: what the clerk did, not the undo that brought it back. */
interface Cause {
  kind: string;
  at: string;
  operator: string;
  reason: string;
  detail: string | null;
}

const FIELD_SEP = '\x1f';
const PAIR_SEP = '\x1e';

/** What a report covers: the chosen insurer's lists (or all), each stored whole — one still being copied in is not there yet (db/staging.ts). */
function scope(options: ReportOptions, insurerColumn: string, shipmentColumn?: string): { sql: string; params: number[] } {
  const visible = shipmentColumn ? ` AND ${visibleShipment(shipmentColumn)}` : '';
  return options.insurerId === undefined ? { sql: visible, params: [] } : { sql: `${visible} AND ${insurerColumn} = ?`, params: [options.insurerId] };
}

/**
 * Envelopes whose last event is an undo: undoing a release puts an envelope back 保留, but the undo event
 * has no reason. The cause is the event before the undone one, followed back through further undos.
 * Undo only ever takes back an envelope's latest event, so "the event before" is well defined.
 */
function causesBehindUndos(ctx: ServiceContext, options: ReportOptions): Map<number, Cause | null> {
  const f = scope(options, 'e.insurer_id', 'e.shipment_id');
  const events = prepareCached(ctx.db, 
      `SELECT x.envelope_id AS envelopeId, x.seq, x.uid, x.kind, x.at, x.operator, x.reason, x.detail, x.undoes_uid AS undoesUid
         FROM events x
        WHERE x.envelope_id IN (SELECT e.id FROM envelopes e JOIN events l ON l.seq = e.last_event_seq
                                 WHERE l.kind = 'undo'${f.sql})
        ORDER BY x.envelope_id, x.seq`,
    )
    .all(...f.params) as EventDb[];
  const byEnvelope = new Map<number, EventDb[]>();
  for (const ev of events) {
    let list = byEnvelope.get(ev.envelopeId);
    if (!list) byEnvelope.set(ev.envelopeId, (list = []));
    list.push(ev);
  }
  const causes = new Map<number, Cause | null>();
  for (const [envelopeId, list] of byEnvelope) {
    let i = list.length - 1;
    let cause: Cause | null = null;
    while (i >= 0) {
      const ev = list[i]!;
      if (ev.kind !== 'undo') {
        cause = ev;
        break;
      }
      const undone = list.findIndex((x) => x.uid === ev.undoesUid);
      i = undone - 1; // -1 when the undone event was the first: back to the state of the import
    }
    causes.set(envelopeId, cause);
  }
  return causes;
}

/** Why a 返送済 envelope went back: its flag (退職 …), not the sending event, whose batch has columns of its own. */
function flagReasonsOfReturned(ctx: ServiceContext, options: ReportOptions): Map<number, string> {
  const f = scope(options, 'e.insurer_id', 'e.shipment_id');
  const rows = prepareCached(ctx.db, 
      `SELECT x.envelope_id AS envelopeId, x.reason FROM events x JOIN envelopes e ON e.id = x.envelope_id
        WHERE e.status = 'returned' AND x.kind = 'flag'${f.sql} ORDER BY x.seq`,
    )
    .all(...f.params) as { envelopeId: number; reason: string }[];
  // Ordered by seq: the latest flag wins, the one in force when the envelope was packed.
  return new Map(rows.map((r) => [r.envelopeId, r.reason]));
}

function recipientText(detail: string | null): string {
  if (!detail) return '本人';
  let r: Recipient | undefined;
  try {
    r = (JSON.parse(detail) as { recipient?: Recipient }).recipient;
  } catch {
    r = undefined;
  }
  if (r?.kind === 'proxy') return r.name?.trim() ? `代理（${r.name.trim()}）` : '代理';
  return '本人';
}

function collectRows(ctx: ServiceContext, options: ReportOptions): ReportRow[] {
  const { era } = options;
  const f = scope(options, 'e.insurer_id', 'e.shipment_id');
  const fm = scope(options, 'insurer_id', 'shipment_id');
  // Insurer names, batches and 箱に無い are few: looked up from maps rather than carried on 100,000 rows.
  const insurerNames = new Map(
    (prepareCached(ctx.db, 'SELECT id, name FROM insurers').raw().all() as [number, string][]).map(([id, name]) => [id, name]),
  );
  const batches = new Map(
    (prepareCached(ctx.db, 'SELECT id, kind, tracking_number, sent_on FROM return_batches').all() as BatchDb[]).map((b) => [b.id, b]),
  );
  // discrepancies has no index on envelope_id alone: a correlated EXISTS would scan it once per envelope.
  const missing = new Set(
    prepareCached(ctx.db, `SELECT envelope_id FROM discrepancies WHERE kind = 'missing_from_box'`).pluck().all() as number[],
  );
  const stmt = prepareCached(ctx.db, 
    `SELECT e.id, e.insurer_id AS insurerId, e.symbol, e.number, e.branch, e.holder_name AS holderName,
            e.dept_code AS deptCode, e.dept_name AS deptName, e.document_kind AS documentKind, e.delivery, e.status,
            m.names, m.relations,
            x.kind AS evKind, x.at AS evAt, x.operator AS evOperator, x.reason AS evReason, x.detail AS evDetail,
            bi.batch_id AS batchId
       FROM envelopes e
       LEFT JOIN (SELECT envelope_id,
                         GROUP_CONCAT(name, char(31) ORDER BY branch_key + 0, id) AS names,
                         GROUP_CONCAT(relation || char(30) || branch, char(31) ORDER BY branch_key + 0, id) AS relations
                    FROM members WHERE 1 = 1${fm.sql} GROUP BY envelope_id) m ON m.envelope_id = e.id
       LEFT JOIN events x ON x.seq = e.last_event_seq
       LEFT JOIN return_batch_items bi ON bi.envelope_id = e.id
      WHERE 1 = 1${f.sql}
      ORDER BY e.insurer_id, e.symbol, e.number, e.branch, e.id`,
  );
  const undoCauses = causesBehindUndos(ctx, options);
  const flagReasons = flagReasonsOfReturned(ctx, options);
  const atText = instantFormatter(era);
  const reasonCache = new Map<string, string>();
  const reasonText = (r: string) => {
    let s = reasonCache.get(r);
    if (s === undefined) reasonCache.set(r, (s = formatDatesIn(r, era)));
    return s;
  };
  const relationCache = new Map<string, string>();

  const rows: ReportRow[] = [];
  for (const e of stmt.iterate(...fm.params, ...f.params) as IterableIterator<EnvelopeDb>) {
    const batch = e.batchId === null ? undefined : batches.get(e.batchId);
    const cause: Cause | null = undoCauses.has(e.id)
      ? undoCauses.get(e.id)!
      : e.evKind === null
        ? null
        : { kind: e.evKind, at: e.evAt!, operator: e.evOperator!, reason: e.evReason!, detail: e.evDetail };

    let statusDate = '';
    let reason = '';
    let recipient = '';
    let operator = '';
    // 未配付 carries no date: an undone hand-over or an ended hold is not something the insurer has to read.
    if (e.status !== 'pending' && cause) {
      operator = cause.operator;
      statusDate = atText(cause.at);
      if (e.status === 'handed_over') recipient = recipientText(cause.detail);
      else if (e.status === 'returned') {
        // The day the batch left, as the clerk entered it, is the day the insurer can look for.
        if (batch?.sent_on) statusDate = formatDate(batch.sent_on, era);
        reason = reasonText(flagReasons.get(e.id) ?? '');
      } else reason = reasonText(cause.reason);
    }

    let relations = '';
    if (e.relations) {
      relations = relationCache.get(e.relations) ?? '';
      if (!relations) {
        relations = e.relations
          .split(FIELD_SEP)
          .map((pair) => {
            const at = pair.lastIndexOf(PAIR_SEP);
            return relationLabel({ relation: pair.slice(0, at), branch: pair.slice(at + 1) });
          })
          .join('・');
        relationCache.set(e.relations, relations);
      }
    }

    rows.push({
      insurerName: insurerNames.get(e.insurerId) ?? '',
      symbol: e.symbol,
      number: e.number,
      branch: e.branch,
      holderName: e.holderName,
      names: e.names ? e.names.split(FIELD_SEP).join('・') : '',
      relations,
      deptCode: e.deptCode,
      deptName: e.deptName,
      // 直送: the insurer sent it to the home; the clerk never had it, so it is not 未配付.
      status: e.delivery === 'direct' ? DIRECT_LABEL : STATUS_LABELS[e.status],
      statusDate,
      reason: e.delivery === 'direct' ? '保険者から自宅へ送付（箱に入っていない）' : reason,
      recipient,
      operator,
      batch: batch ? `No.${batch.id} ${BATCH_KIND_LABELS[batch.kind] ?? batch.kind}` : '',
      trackingNumber: batch?.tracking_number ? formatTrackingNumber(batch.tracking_number) : '',
      discrepancy: missing.has(e.id) ? '箱に無い' : '',
      documentKind: e.documentKind,
    });
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------- summary

function collectSummary(ctx: ServiceContext, options: ReportOptions, now: Date): ReportSummary {
  const { db } = ctx;
  const { era } = options;
  const fi = scope(options, 'i.id');
  const fe = scope(options, 'e.insurer_id', 'e.shipment_id');
  const fs = scope(options, 's.insurer_id', 's.id');

  const meta = (key: string) => (prepareCached(db, 'SELECT value FROM meta WHERE key = ?').pluck().get(key) as string | undefined) ?? '';
  const companyName = meta('company_name');

  // Insurers with something to report: one whose every list was undone has no envelopes left.
  const insurers = prepareCached(db, 
      `SELECT i.name, i.insurer_number AS insurerNumber FROM insurers i
        WHERE EXISTS (SELECT 1 FROM envelopes e WHERE e.insurer_id = i.id AND ${visibleShipment('e.shipment_id')})${fi.sql} ORDER BY i.id`,
    )
    .all(...fi.params) as ReportSummary['insurers'];

  const shipments = (
    prepareCached(db, 
        `SELECT s.file_name AS fileName, i.name AS insurerName, s.received_on AS receivedOn, s.box_count AS boxCount,
                (SELECT COUNT(*) FROM envelopes e WHERE e.shipment_id = s.id) AS envelopes,
                (SELECT COUNT(*) FROM members m WHERE m.shipment_id = s.id) AS members
           FROM shipments s JOIN insurers i ON i.id = s.insurer_id
          WHERE 1 = 1${fs.sql} ORDER BY s.insurer_id, s.imported_at, s.id`,
      )
      .all(...fs.params) as ReportSummary['shipments']
  ).map((s) => ({ ...s, receivedOn: s.receivedOn ? formatDate(s.receivedOn, era) : null }));

  const counts: ReportSummary['counts'] = { total: 0, pending: 0, handed_over: 0, to_return: 0, returned: 0, on_hold: 0, direct: 0 };
  // As getStatus counts: a 直送 envelope is 'pending' in the table but counted as direct, not 未配付.
  const byStatus = prepareCached(
    db,
    `SELECT CASE WHEN e.delivery = 'direct' THEN 'direct' ELSE e.status END AS status, COUNT(*) AS n
       FROM envelopes e WHERE 1 = 1${fe.sql} GROUP BY 1`,
  ).all(...fe.params) as { status: EnvelopeStatus | 'direct'; n: number }[];
  for (const { status, n } of byStatus) {
    if (status !== 'direct' && !(ENVELOPE_STATUSES as readonly string[]).includes(status)) continue;
    counts[status] = n;
    counts.total += n;
  }
  // Lists that do not say leave '': counted only when some list did say.
  const kinds = prepareCached(
    db,
    `SELECT e.document_kind AS kind, COUNT(*) AS envelopes FROM envelopes e WHERE 1 = 1${fe.sql} GROUP BY e.document_kind ORDER BY MIN(e.id)`,
  ).all(...fe.params) as { kind: string; envelopes: number }[];
  const documentKinds = kinds.some((k) => k.kind !== '') ? kinds.map((k) => ({ kind: k.kind || '（リストに記載なし）', envelopes: k.envelopes })) : [];
  const fm = scope(options, 'm.insurer_id', 'm.shipment_id');
  const members = prepareCached(db, `SELECT COUNT(*) FROM members m WHERE 1 = 1${fm.sql}`).pluck().get(...fm.params) as number;

  const disc = prepareCached(db, 
      `SELECT SUM(d.kind = 'missing_from_box') AS missing, SUM(d.kind = 'not_on_list') AS notOnList
         FROM discrepancies d JOIN shipments s ON s.id = d.shipment_id WHERE 1 = 1${fs.sql}`,
    )
    .get(...fs.params) as { missing: number | null; notOnList: number | null };

  // Batches that hold this report's envelopes; an empty batch says nothing to the insurer.
  const returnBatches = (
    prepareCached(db, 
        `SELECT rb.id, rb.kind, rb.tracking_number AS tracking, rb.sent_on AS sentOn, COUNT(*) AS envelopes
           FROM return_batches rb
           JOIN return_batch_items bi ON bi.batch_id = rb.id
           JOIN envelopes e ON e.id = bi.envelope_id
          WHERE 1 = 1${fe.sql}
          GROUP BY rb.id ORDER BY rb.id`,
      )
      .all(...fe.params) as { id: number; kind: BatchKind; tracking: string | null; sentOn: string | null; envelopes: number }[]
  ).map((b) => ({
    id: b.id,
    kind: BATCH_KIND_LABELS[b.kind] ?? b.kind,
    trackingNumber: b.tracking ? formatTrackingNumber(b.tracking) : null,
    sentOn: b.sentOn ? formatDate(b.sentOn, era) : null,
    envelopes: b.envelopes,
  }));

  // The season: from the day the first box arrived (the import day when none was entered) to the last
  // thing the clerk did with these envelopes; an import alone leaves it at the import day.
  const bounds = prepareCached(
    db,
    `SELECT MIN(COALESCE(s.received_on, s.imported_at)) AS first, MAX(s.imported_at) AS lastImport,
            (SELECT MAX(x.at) FROM events x JOIN envelopes e ON e.id = x.envelope_id WHERE 1 = 1${fe.sql}) AS lastEvent
       FROM shipments s WHERE 1 = 1${fs.sql}`,
  ).get(...fe.params, ...fs.params) as { first: string | null; lastImport: string | null; lastEvent: string | null };
  const dayOf = (v: string) => (ISO_DATE_RE.test(v) ? formatDate(v, era) : instantFormatter(era)(v));
  const last = [bounds.lastEvent, bounds.lastImport].filter((v): v is string => !!v).sort().pop();
  const period = bounds.first && last ? { from: dayOf(bounds.first), to: dayOf(last) } : null;

  return {
    companyName,
    createdAt: now.toISOString(),
    createdOn: formatDate(localIsoDate(now), era),
    operatorName: meta('operator_name'),
    period,
    insurers,
    shipments,
    counts,
    members,
    documentKinds,
    missingFromBox: disc.missing ?? 0,
    notOnList: disc.notOnList ?? 0,
    returnBatches,
  };
}

function collectNotOnList(ctx: ServiceContext, options: ReportOptions): ReportNotOnList[] {
  const fs = scope(options, 's.insurer_id', 's.id');
  const atText = instantFormatter(options.era);
  return (
    prepareCached(ctx.db, 
        `SELECT i.name AS insurerName, s.file_name AS fileName, d.window_text AS windowText, d.note,
                d.recorded_at AS recordedAt, d.recorded_by AS recordedBy
           FROM discrepancies d JOIN shipments s ON s.id = d.shipment_id JOIN insurers i ON i.id = s.insurer_id
          WHERE d.kind = 'not_on_list'${fs.sql} ORDER BY s.insurer_id, d.shipment_id, d.id`,
      )
      .all(...fs.params) as (Omit<ReportNotOnList, 'recordedOn'> & { recordedAt: string })[]
  ).map(({ recordedAt, ...d }) => ({ ...d, recordedOn: atText(recordedAt) }));
}

/** 二重配付の可能性 with their times written as the rest of the report writes them. */
function collectConflicts(ctx: ServiceContext, options: ReportOptions): ReportData['conflicts'] {
  const atText = instantFormatter(options.era);
  return listSyncConflicts(ctx.db).map((c) => ({
    ...c,
    first: { ...c.first, at: atText(c.first.at) },
    second: { ...c.second, at: atText(c.second.at) },
  }));
}

// ---------------------------------------------------------------------------------------------- entry

function checkOptions(ctx: ServiceContext, options: ReportOptions): void {
  if (options.era !== 'seireki' && options.era !== 'wareki') throw new UserError('日付の書き方は西暦か和暦を選んでください。');
  if (options.insurerId !== undefined) {
    const found = prepareCached(ctx.db, 'SELECT 1 FROM insurers WHERE id = ?').pluck().get(options.insurerId);
    if (!found) throw new UserError('選んだ保険者が見つかりません。画面を更新してください。');
  }
}

/** The summary alone (the printed 概要): milliseconds, where the rows of 100,000 envelopes take seconds. */
export function collectReportSummary(ctx: ServiceContext, options: ReportOptions): ReportSummary {
  checkOptions(ctx, options);
  const now = ctx.now();
  return ctx.db.transaction(() => collectSummary(ctx, options, now))();
}

/** Everything the report shows, read in one transaction so the summary's counts match the rows. */
export function collectReport(ctx: ServiceContext, options: ReportOptions): ReportData {
  checkOptions(ctx, options);
  const now = ctx.now();
  return ctx.db.transaction(() => ({
    summary: collectSummary(ctx, options, now),
    rows: collectRows(ctx, options),
    notOnList: collectNotOnList(ctx, options),
    conflicts: collectConflicts(ctx, options),
  }))();
}
