/**
 * Importing a 送付対象者リスト: preview (nothing stored) and commit (one transaction, all or nothing).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { EnvelopeUnit } from '../../../shared/domain';
import { FIELD_LABELS, type ColumnMapping, type ParsedList } from '../../../shared/import';
import type { ImportPreview, ImportSummary, ShipmentInfo } from '../../../shared/lists';
import { codeKey } from '../../domain/normalize';
import { parseList } from './parseList';
import { scrubMyNumbers } from '../../../shared/myNumber';
import type { ServiceContext } from '../context';
import { type DB, prepareCached } from '../db/open';
import { holdsVisibleEnvelopes, visibleShipment } from '../db/staging';
import { UserError } from '../errors';
import { operatorName } from '../settings';
import { createBackup, hasDataToLose } from '../storage/backups';
import { planImport, type ImportPlan } from './plan';
import { clearStage, stagePlan } from './insertPlan';
import { StagedCopy, copyAllSlices } from './stagedCopy';
import { insurerKindOf, proposedInsurerName } from './insurerKind';

interface Pending {
  fileName: string;
  sha256: string;
  parsed: ParsedList;
  mappingChosen: boolean;
  /** The preview's plan and what it depended on; reused by the commit when nothing changed since. */
  plan: ImportPlan;
  planBasis: string;
}

/** What a plan depends on: the insurer (or a new one), every member stored so far, and the unit. */
function planBasis(db: DB, insurerId: number | null, unit: EnvelopeUnit): string {
  const maxMember = prepareCached(db, 'SELECT COALESCE(MAX(id), 0) FROM members').pluck().get() as number;
  return `${insurerId ?? 'new'}|${maxMember}|${unit}`;
}

/** Previews waiting for the clerk's decision; only the last few are kept (each may hold 100,000 rows). */
// Keyed by the open database: a preview made before a restore must not be committed into the restored file.
const pendingByContext = new WeakMap<DB, Map<string, Pending>>();
const MAX_PENDING = 2;

function pendingOf(ctx: ServiceContext): Map<string, Pending> {
  let m = pendingByContext.get(ctx.db);
  if (!m) pendingByContext.set(ctx.db, (m = new Map()));
  return m;
}

interface InsurerRow {
  id: number;
  name: string;
  insurer_number: string | null;
  column_mapping: string | null;
}

function findInsurer(db: DB, name: string): InsurerRow | undefined {
  return prepareCached<[string], InsurerRow>(db, 'SELECT id, name, insurer_number, column_mapping FROM insurers WHERE name = ?').get(name);
}

interface RememberedMapping {
  headers: string[];
  mapping: ColumnMapping;
}

function rememberedMapping(insurer: InsurerRow | undefined, headers: string[]): ColumnMapping | null {
  if (!insurer?.column_mapping) return null;
  try {
    const r = JSON.parse(insurer.column_mapping) as RememberedMapping;
    return JSON.stringify(r.headers) === JSON.stringify(headers) ? r.mapping : null;
  } catch {
    return null;
  }
}

/**
 * The envelope unit to propose: what this insurer's last list used, else what its name suggests
 * (健康保険組合 usually pack per household, 協会けんぽ per person), else what the file suggested.
 */
function proposeUnit(db: DB, insurer: InsurerRow | undefined, insurerName: string, fromFile: EnvelopeUnit): EnvelopeUnit {
  if (insurer) {
    const last = prepareCached<[number], { unit: EnvelopeUnit }>(
      db,
      `SELECT unit FROM shipments WHERE insurer_id = ? AND ${visibleShipment('id')} ORDER BY id DESC LIMIT 1`,
    ).get(insurer.id);
    if (last) return last.unit;
  }
  if (/健康保険組合|健保組合|健保/.test(insurerName)) return 'household';
  if (/協会けんぽ|全国健康保険協会/.test(insurerName)) return 'person';
  return fromFile;
}

/**
 * No 保険者名 in the file: the kind its 保険者番号 says (法別番号), else 協会けんぽ when the 記号 has 8
 * digits (lists without a title row are usually theirs).
 */
export function guessInsurerName(parsed: ParsedList): string {
  if (parsed.insurerName) return parsed.insurerName;
  const byNumber = proposedInsurerName(parsed.insurerNumber);
  if (byNumber) return byNumber;
  const first = parsed.members[0];
  if (first && codeKey(first.symbol).length >= 7 && first.symbol.replace(/\D/g, '').length === 8) return '協会けんぽ';
  return '保険者名なし';
}

/**
 * This very file stored before for this insurer, or being copied in right now (db/staging.ts): importing it
 * again would change nothing, or store it twice once the copy is done. The clerk is told which.
 */
function alreadyImported(db: DB, insurerId: number | null, sha256: string): ImportPreview['alreadyImported'] {
  if (insurerId === null) return null;
  const row = prepareCached<[number, string], { file_name: string; imported_at: string; received_on: string | null; visible: number }>(
    db,
    `SELECT file_name, imported_at, received_on, ${visibleShipment('id')} AS visible FROM shipments
      WHERE insurer_id = ? AND file_sha256 = ? ORDER BY visible DESC LIMIT 1`,
  ).get(insurerId, sha256);
  return row ? { fileName: row.file_name, importedAt: row.imported_at, receivedOn: row.received_on, importing: row.visible === 0 } : null;
}

export interface PreviewInput {
  fileName: string;
  bytes: Uint8Array;
  mapping?: ColumnMapping | undefined;
  insurerName?: string | undefined;
  unit?: EnvelopeUnit | undefined;
}

export function previewImport(ctx: ServiceContext, raw: PreviewInput): ImportPreview {
  // The file's name is stored with the shipment and shown everywhere: a My Number in it goes no further.
  const input = { ...raw, fileName: scrubMyNumbers(raw.fileName), insurerName: raw.insurerName === undefined ? undefined : scrubMyNumbers(raw.insurerName) };
  ctx.progress?.('読み込み', 0, 0);
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  let parsed = parseList(input.bytes, input.fileName, input.mapping ? { mapping: input.mapping } : undefined);
  const insurerName = input.insurerName?.trim() || guessInsurerName(parsed);
  const insurer = findInsurer(ctx.db, insurerName);
  let mappingRemembered = false;
  if (!input.mapping && parsed.missingFields.length > 0) {
    const remembered = rememberedMapping(insurer, parsed.headers);
    if (remembered) {
      parsed = parseList(input.bytes, input.fileName, { mapping: remembered });
      mappingRemembered = true;
    }
  }
  const proposedUnit = proposeUnit(ctx.db, insurer, insurerName, parsed.proposedUnit);
  const unit = input.unit ?? proposedUnit;
  ctx.progress?.('確認', 0, parsed.members.length);
  const plan = planImport(ctx.db, insurer?.id ?? null, parsed.members, unit);

  const pending = pendingOf(ctx);
  const previewId = randomUUID();
  pending.set(previewId, {
    fileName: input.fileName,
    sha256,
    parsed,
    mappingChosen: !!input.mapping,
    plan,
    planBasis: planBasis(ctx.db, insurer?.id ?? null, unit),
  });
  while (pending.size > MAX_PENDING) pending.delete(pending.keys().next().value!);

  return {
    previewId,
    fileName: input.fileName,
    format: parsed.format,
    encoding: parsed.encoding,
    sheetName: parsed.sheetName,
    headerRow: parsed.headerRow,
    headers: parsed.headers,
    mapping: parsed.mapping,
    missingFields: parsed.missingFields,
    mappingRemembered,
    rows: parsed.preview,
    totalDataRows: parsed.totalDataRows,
    problems: parsed.problems,
    mergedDuplicates: parsed.mergedDuplicates,
    joinedRows: parsed.joinedRows,
    ignoredColumns: parsed.ignoredColumns,
    insurerName,
    insurerNumber: parsed.insurerNumber ?? insurer?.insurer_number ?? null,
    insurerFromFile: parsed.insurerName !== null,
    insurerKind: parsed.insurerName === null ? insurerKindOf(parsed.insurerNumber) : null,
    companyName: parsed.companyName,
    unit,
    proposedUnit,
    counts: plan.counts,
    byDept: plan.byDept,
    knownMembers: plan.knownMembers.slice(0, 200),
    alreadyImported: alreadyImported(ctx.db, insurer?.id ?? null, sha256),
    knownInsurers: prepareCached<[], { name: string; insurer_number: string | null }>(ctx.db, 'SELECT name, insurer_number FROM insurers ORDER BY name')
      .all()
      .map((r) => ({ name: r.name, insurerNumber: r.insurer_number })),
  };
}

export interface CommitInput {
  previewId: string;
  insurerName: string;
  insurerNumber: string | null;
  unit: EnvelopeUnit;
  receivedOn: string | null;
  boxCount: number | null;
}

export function commitImport(ctx: ServiceContext, input: CommitInput): ImportSummary {
  const pending = pendingOf(ctx).get(input.previewId);
  if (!pending) throw new UserError('取込の準備が見つかりません。もう一度ファイルを選んでください。');
  // A copy before every import: a list imported into the wrong place can be taken back by restoring it.
  if (ctx.storage && hasDataToLose(ctx)) createBackup(ctx, 'import');
  const summary = storeList(ctx, pending, input);
  pendingOf(ctx).delete(input.previewId);
  // A big import leaves a big WAL; folding it into the database now keeps that work off the first scans
  // at the desk. PASSIVE: it copies what it can without waiting for, or holding back, the desk's writes.
  ctx.db.pragma('wal_checkpoint(PASSIVE)');
  return summary;
}

/** The CLI path: parse and store the good rows without asking. */
export function importFile(
  ctx: ServiceContext,
  bytes: Uint8Array,
  fileName: string,
  options: { insurerName?: string | undefined; unit?: EnvelopeUnit | undefined; operator?: string | undefined },
): ImportSummary {
  const preview = previewImport(ctx, { fileName, bytes, insurerName: options.insurerName, unit: options.unit });
  if (preview.missingFields.length > 0) {
    const labels = preview.missingFields.map((f) => FIELD_LABELS[f]).join('・');
    throw new UserError(`必要な列（${labels}）が見つかりません。アプリの取込画面で列を指定してください。`);
  }
  const nothingNew = nothingNewNotice(preview);
  if (nothingNew) {
    pendingOf(ctx).delete(preview.previewId);
    return {
      shipmentId: null,
      insurerName: preview.insurerName,
      unit: preview.unit,
      counts: preview.counts,
      problems: preview.problems,
      ignoredColumns: preview.ignoredColumns,
      notice: nothingNew,
    };
  }
  return commitImport(ctx, {
    previewId: preview.previewId,
    insurerName: preview.insurerName,
    insurerNumber: preview.insurerNumber,
    unit: preview.unit,
    receivedOn: null,
    boxCount: null,
  });
}

/** Why importing this preview would change nothing, or null when it adds something. */
export function nothingNewNotice(p: Pick<ImportPreview, 'alreadyImported' | 'counts'>): string | null {
  if (p.alreadyImported?.importing) return `このファイル（${p.alreadyImported.fileName}）は取込中です。何も変更していません。`;
  if (p.alreadyImported) {
    return `このファイル（${p.alreadyImported.fileName}）は ${p.alreadyImported.importedAt.slice(0, 10)} に取込済みです。何も変更していません。`;
  }
  if (p.counts.members === 0) return 'このリストの対象者はすべて取込済みです。何も変更していません。';
  return null;
}

function storeList(ctx: ServiceContext, pending: Pending, input: CommitInput): ImportSummary {
  const { db } = ctx;
  const { parsed } = pending;
  if (parsed.missingFields.length > 0) {
    throw new UserError('記号・番号・氏名の列が決まっていないため取り込めません。列の対応を指定してください。');
  }
  const now = ctx.now().toISOString();
  const operator = operatorName(ctx) || '（未設定）';
  // The rows are built and staged before the write lock is taken: the transactions below only copy them.
  let staged = stagePlan(db, pending.plan, input.unit, ctx.progress);
  // With envelopes stored, the desk may be scanning: the list goes in by slices (stagedCopy.ts), each a
  // few ms under the lock. With none, nobody waits: one transaction, plain indexes rebuilt once, is fastest.
  let sliced: StagedCopy | null = null;

  const summary = db.transaction((): ImportSummary => {
    let insurer = findInsurer(db, input.insurerName);
    const basis = planBasis(db, insurer?.id ?? null, input.unit);
    if (!insurer) {
      const id = Number(
        prepareCached(db, 'INSERT INTO insurers (name, insurer_number, created_at) VALUES (?, ?, ?)')
          .run(input.insurerName, input.insurerNumber, now).lastInsertRowid,
      );
      insurer = { id, name: input.insurerName, insurer_number: input.insurerNumber, column_mapping: null };
    } else if (input.insurerNumber && input.insurerNumber !== insurer.insurer_number) {
      prepareCached(db, 'UPDATE insurers SET insurer_number = ? WHERE id = ?').run(input.insurerNumber, insurer.id);
    }
    if (pending.mappingChosen) {
      const remembered: RememberedMapping = { headers: parsed.headers, mapping: parsed.mapping };
      prepareCached(db, 'UPDATE insurers SET column_mapping = ? WHERE id = ?').run(JSON.stringify(remembered), insurer.id);
    }
    // Re-planning 100,000 members costs as much as half the inserts; the preview's plan still holds
    // when no member was stored since and the insurer and unit are the ones it was made for.
    const replanned = basis !== pending.planBasis;
    const plan = replanned ? planImport(db, insurer.id, parsed.members, input.unit) : pending.plan;
    // Something changed since the preview (rare: another list stored meanwhile): stage again, under the lock.
    if (replanned) staged = stagePlan(db, plan, input.unit, ctx.progress);
    const nothingNew = nothingNewNotice({ alreadyImported: alreadyImported(db, insurer.id, pending.sha256), counts: plan.counts });
    if (nothingNew) throw new UserError(nothingNew);
    const shipmentId = Number(
      prepareCached(db, 
          `INSERT INTO shipments (insurer_id, file_name, file_sha256, received_on, box_count, unit, imported_at, imported_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(insurer.id, pending.fileName, pending.sha256, input.receivedOn, input.boxCount, input.unit, now, operator).lastInsertRowid,
    );
    const copy = StagedCopy.begin(db, staged, shipmentId, insurer.id, now);
    // With a list the clerk can work with, the desk may be scanning.
    if (holdsVisibleEnvelopes(db)) sliced = copy;
    else {
      ctx.progress?.('書き込み', 0, copy.total);
      copy.copyRestAtOnce();
      copy.finish();
      ctx.progress?.('書き込み', copy.total, copy.total);
    }
    return {
      shipmentId,
      insurerName: insurer.name,
      unit: input.unit,
      counts: plan.counts,
      problems: parsed.problems,
      ignoredColumns: parsed.ignoredColumns,
      notice: null,
    };
    // IMMEDIATE: the write lock is taken (waiting its turn) before anything is read. A deferred
    // transaction that read first fails at once with "database is locked" when a scan on the desk's
    // connection committed in between.
  }).immediate();

  const copy = sliced as StagedCopy | null;
  try {
    if (copy) copyAllSlices(ctx, copy);
  } catch (e) {
    copy?.abandon();
    throw e;
  } finally {
    clearStage(db);
  }
  return summary;
}

export function listShipments(ctx: ServiceContext): ShipmentInfo[] {
  return prepareCached<
      [],
      {
        id: number;
        insurer_name: string;
        insurer_number: string | null;
        file_name: string;
        received_on: string | null;
        box_count: number | null;
        unit: EnvelopeUnit;
        imported_at: string;
        imported_by: string;
        envelopes: number;
        members: number;
      }
    >(ctx.db, 
      `SELECT s.id, i.name AS insurer_name, i.insurer_number, s.file_name, s.received_on, s.box_count, s.unit,
              s.imported_at, s.imported_by,
              (SELECT COUNT(*) FROM envelopes e WHERE e.shipment_id = s.id) AS envelopes,
              (SELECT COUNT(*) FROM members m WHERE m.shipment_id = s.id) AS members
         FROM shipments s JOIN insurers i ON i.id = s.insurer_id
        WHERE ${visibleShipment('s.id')}
        ORDER BY s.imported_at DESC, s.id DESC`,
    )
    .all()
    .map((r) => ({
      id: r.id,
      insurerName: r.insurer_name,
      insurerNumber: r.insurer_number,
      fileName: r.file_name,
      receivedOn: r.received_on,
      boxCount: r.box_count,
      unit: r.unit,
      importedAt: r.imported_at,
      importedBy: r.imported_by,
      envelopes: r.envelopes,
      members: r.members,
    }));
}
