/**
 * Importing a 送付対象者リスト: preview (nothing stored) and commit (one transaction, all or nothing).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { EnvelopeUnit } from '../../../shared/domain';
import { FIELD_LABELS, type ColumnMapping, type ParsedList } from '../../../shared/import';
import type { ImportPreview, ImportSummary, ShipmentInfo } from '../../../shared/lists';
import { codeKey, searchKey } from '../../domain/normalize';
import { parseList } from './parseList';
import { scrubMyNumbers } from '../../../shared/myNumber';
import type { ServiceContext } from '../context';
import type { DB } from '../db/open';
import { plainIndexes } from '../db/schema';
import type { Statement } from 'better-sqlite3';
import { UserError } from '../errors';
import { operatorName } from '../settings';
import { envelopeHead, holderName, planImport, type ImportPlan, type PlannedMember } from './plan';

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
  const maxMember = db.prepare('SELECT COALESCE(MAX(id), 0) FROM members').pluck().get() as number;
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
  return db.prepare<[string], InsurerRow>('SELECT id, name, insurer_number, column_mapping FROM insurers WHERE name = ?').get(name);
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
    const last = db
      .prepare<[number], { unit: EnvelopeUnit }>('SELECT unit FROM shipments WHERE insurer_id = ? ORDER BY id DESC LIMIT 1')
      .get(insurer.id);
    if (last) return last.unit;
  }
  if (/健康保険組合|健保組合|健保/.test(insurerName)) return 'household';
  if (/協会けんぽ|全国健康保険協会/.test(insurerName)) return 'person';
  return fromFile;
}

/** 協会けんぽ's 記号 has 8 digits; lists without a title row are usually theirs. */
export function guessInsurerName(parsed: ParsedList): string {
  if (parsed.insurerName) return parsed.insurerName;
  const first = parsed.members[0];
  if (first && codeKey(first.symbol).length >= 7 && first.symbol.replace(/\D/g, '').length === 8) return '協会けんぽ';
  return '保険者名なし';
}

function alreadyImported(db: DB, insurerId: number | null, sha256: string) {
  if (insurerId === null) return null;
  const row = db
    .prepare<[number, string], { file_name: string; imported_at: string; received_on: string | null }>(
      'SELECT file_name, imported_at, received_on FROM shipments WHERE insurer_id = ? AND file_sha256 = ?',
    )
    .get(insurerId, sha256);
  return row ? { fileName: row.file_name, importedAt: row.imported_at, receivedOn: row.received_on } : null;
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
    ignoredColumns: parsed.ignoredColumns,
    insurerName,
    insurerNumber: parsed.insurerNumber ?? insurer?.insurer_number ?? null,
    insurerFromFile: parsed.insurerName !== null,
    companyName: parsed.companyName,
    unit,
    proposedUnit,
    counts: plan.counts,
    byDept: plan.byDept,
    knownMembers: plan.knownMembers.slice(0, 200),
    alreadyImported: alreadyImported(ctx.db, insurer?.id ?? null, sha256),
    knownInsurers: ctx.db
      .prepare<[], { name: string; insurer_number: string | null }>('SELECT name, insurer_number FROM insurers ORDER BY name')
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
  const summary = storeList(ctx, pending, input);
  pendingOf(ctx).delete(input.previewId);
  // A big import leaves a big WAL; folding it into the database now, while the clerk waits for the
  // import anyway, keeps that work off the first scans at the desk.
  ctx.db.pragma('wal_checkpoint(TRUNCATE)');
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

  return db.transaction((): ImportSummary => {
    let insurer = findInsurer(db, input.insurerName);
    const basis = planBasis(db, insurer?.id ?? null, input.unit);
    if (!insurer) {
      const id = Number(
        db
          .prepare('INSERT INTO insurers (name, insurer_number, created_at) VALUES (?, ?, ?)')
          .run(input.insurerName, input.insurerNumber, now).lastInsertRowid,
      );
      insurer = { id, name: input.insurerName, insurer_number: input.insurerNumber, column_mapping: null };
    } else if (input.insurerNumber && input.insurerNumber !== insurer.insurer_number) {
      db.prepare('UPDATE insurers SET insurer_number = ? WHERE id = ?').run(input.insurerNumber, insurer.id);
    }
    if (pending.mappingChosen) {
      const remembered: RememberedMapping = { headers: parsed.headers, mapping: parsed.mapping };
      db.prepare('UPDATE insurers SET column_mapping = ? WHERE id = ?').run(JSON.stringify(remembered), insurer.id);
    }
    // Re-planning 100,000 members costs as much as half the inserts; the preview's plan still holds
    // when no member was stored since and the insurer and unit are the ones it was made for.
    const plan = basis === pending.planBasis ? pending.plan : planImport(db, insurer.id, parsed.members, input.unit);
    const nothingNew = nothingNewNotice({ alreadyImported: alreadyImported(db, insurer.id, pending.sha256), counts: plan.counts });
    if (nothingNew) throw new UserError(nothingNew);
    const shipmentId = Number(
      db
        .prepare(
          `INSERT INTO shipments (insurer_id, file_name, file_sha256, received_on, box_count, unit, imported_at, imported_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(insurer.id, pending.fileName, pending.sha256, input.receivedOn, input.boxCount, input.unit, now, operator).lastInsertRowid,
    );
    insertPlan(db, plan, insurer.id, shipmentId, input.unit);
    return {
      shipmentId,
      insurerName: insurer.name,
      unit: input.unit,
      counts: plan.counts,
      problems: parsed.problems,
      ignoredColumns: parsed.ignoredColumns,
      notice: null,
    };
  })();
}

// One INSERT carries this many rows: each statement run crosses from JS into SQLite and back, and a
// 100,000-member list would otherwise pay that 160,000 times.
const ROWS_PER_INSERT = 64;

const ENVELOPE_COLUMNS = [
  'id', 'insurer_id', 'shipment_id', 'unit', 'match_key', 'symbol', 'number', 'branch', 'dept_code', 'dept_name', 'holder_name',
] as const;
const MEMBER_COLUMNS = [
  'envelope_id', 'insurer_id', 'shipment_id', 'symbol', 'number', 'branch', 'symbol_key', 'number_key', 'branch_key',
  'insured_name', 'name', 'kana', 'relation', 'birth_date', 'sex', 'dept_code', 'dept_name', 'ref_number', 'ref_key',
  'search_text', 'source_row',
] as const;

/**
 * Collects rows into one parameter array and writes them ROWS_PER_INSERT at a time. The caller fills
 * `values` from `at()` on, column by column, so no object is made per row.
 */
class BatchInsert {
  readonly values: unknown[];
  private rows = 0;
  private readonly full: Statement;
  constructor(
    private readonly db: DB,
    private readonly table: string,
    private readonly columns: readonly string[],
  ) {
    this.values = new Array<unknown>(columns.length * ROWS_PER_INSERT);
    this.full = db.prepare(this.sql(ROWS_PER_INSERT));
  }
  private sql(rows: number): string {
    const row = `(${this.columns.map(() => '?').join(',')})`;
    return `INSERT INTO ${this.table} (${this.columns.join(',')}) VALUES ${new Array<string>(rows).fill(row).join(',')}`;
  }
  /** Where the next row's first value goes; the row counts as added. */
  at(): number {
    if (this.rows === ROWS_PER_INSERT) {
      // Spread, not the array: better-sqlite3 reads arguments directly but an array element by element.
      this.full.run(...this.values);
      this.rows = 0;
    }
    return this.rows++ * this.columns.length;
  }
  flush(): void {
    if (this.rows === 0) return;
    const n = this.rows * this.columns.length;
    this.db.prepare(this.sql(this.rows)).run(...this.values.slice(0, n));
    this.rows = 0;
  }
}

/** `x.replace(/\D/g, '') !== ''`: whether the text has an ASCII digit at all. */
function hasDigit(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) return true;
  }
  return false;
}

function isAsciiDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/**
 * memberSearchText for one import, built from the same pieces with each field's folding remembered:
 * a list repeats its 所属, every holder's name once per family member and many family names and kana,
 * and the Unicode normalisation inside searchKey is the costliest step of storing a member.
 * importList.test.ts holds it to memberSearchText.
 */
export function searchTextMaker(): (m: PlannedMember) => string {
  const folded = new Map<string, string>();
  const fold = (s: string): string => {
    let f = folded.get(s);
    if (f === undefined) folded.set(s, (f = searchKey(s)));
    return f;
  };
  return (m) => {
    const code = m.symbol + m.number + m.branch;
    // searchKey leaves plain digits as they are; 記号番号 are unique per member, so not worth remembering.
    const codeText = isAsciiDigits(code) ? code : searchKey(code);
    return `${fold(m.name)}\t${fold(m.kana)}\t${fold(m.insuredName)}\t${m.symbolKey}-${m.numberKey}-${m.branchKey}\t${codeText}\t${fold(m.deptCode)}\t${fold(m.deptName)}`;
  };
}

/**
 * Drops the table's plain (non-unique) indexes and returns how to make them again. Building an index
 * once from the finished table sorts its keys in one go; keeping it up to date row by row costs a
 * B-tree search and often a page split for each row. Unique indexes stay: they check the rows as they go in.
 * The DDL comes from the app's migrations, never from the file's sqlite_schema: a file's stored SQL is data.
 */
function dropPlainIndexes(db: DB, table: string): string[] {
  const plain = plainIndexes(db, table);
  for (const ix of plain) db.exec(`DROP INDEX IF EXISTS "${ix.name}"`);
  return plain.map((ix) => ix.sql);
}

/** A table gains at least this many rows and more than it holds: its plain indexes are rebuilt, not kept up to date. */
const REBUILD_INDEXES_FROM = 5000;

function rebuildsIndexes(db: DB, table: 'envelopes' | 'members', adding: number): boolean {
  if (adding < REBUILD_INDEXES_FROM) return false;
  // The largest id stands in for the row count without a scan: rows are only ever deleted all at once
  // (配付業務の完了), which empties the table.
  const held = db.prepare(`SELECT COALESCE(MAX(id), 0) FROM ${table}`).pluck().get() as number;
  return adding > held;
}

function insertPlan(db: DB, plan: ImportPlan, insurerId: number, shipmentId: number, unit: EnvelopeUnit): void {
  const recreate = [
    ...(rebuildsIndexes(db, 'envelopes', plan.counts.envelopes) ? dropPlainIndexes(db, 'envelopes') : []),
    ...(rebuildsIndexes(db, 'members', plan.counts.members) ? dropPlainIndexes(db, 'members') : []),
  ];
  // Envelope ids are handed out here, as SQLite would (the largest so far plus one), so the members
  // can name their envelope without asking SQLite for each one's id.
  const firstEnvelopeId = (db.prepare('SELECT COALESCE(MAX(id), 0) FROM envelopes').pluck().get() as number) + 1;
  const holders: string[] = new Array<string>(plan.envelopes.length);
  const envelopes = new BatchInsert(db, 'envelopes', ENVELOPE_COLUMNS);
  const ev = envelopes.values;
  for (let e = 0; e < plan.envelopes.length; e++) {
    const env = plan.envelopes[e]!;
    const head = envelopeHead(env);
    const holder = (holders[e] = holderName(env));
    let i = envelopes.at();
    ev[i++] = firstEnvelopeId + e;
    ev[i++] = insurerId;
    ev[i++] = shipmentId;
    ev[i++] = unit;
    ev[i++] = env.key;
    ev[i++] = head.symbol;
    ev[i++] = head.number;
    ev[i++] = unit === 'person' ? head.branch : '';
    ev[i++] = head.deptCode;
    ev[i++] = head.deptName;
    ev[i] = holder;
  }
  envelopes.flush();

  const members = new BatchInsert(db, 'members', MEMBER_COLUMNS);
  const mv = members.values;
  const searchText = searchTextMaker();
  for (let e = 0; e < plan.envelopes.length; e++) {
    const envelopeId = firstEnvelopeId + e;
    const holder = holders[e]!;
    for (const m of plan.envelopes[e]!.members) {
      let i = members.at();
      mv[i++] = envelopeId;
      mv[i++] = insurerId;
      mv[i++] = shipmentId;
      mv[i++] = m.symbol;
      mv[i++] = m.number;
      mv[i++] = m.branch;
      mv[i++] = m.symbolKey;
      mv[i++] = m.numberKey;
      mv[i++] = m.branchKey;
      mv[i++] = m.insuredName || holder;
      mv[i++] = m.name;
      mv[i++] = m.kana;
      mv[i++] = m.relation;
      mv[i++] = m.birthDate;
      mv[i++] = m.sex;
      mv[i++] = m.deptCode;
      mv[i++] = m.deptName;
      mv[i++] = m.refNumber;
      mv[i++] = hasDigit(m.refNumber) ? codeKey(m.refNumber) : '';
      mv[i++] = searchText(m);
      mv[i] = m.row;
    }
  }
  members.flush();
  for (const sql of recreate) db.exec(sql);
}

export function listShipments(ctx: ServiceContext): ShipmentInfo[] {
  return ctx.db
    .prepare<
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
    >(
      `SELECT s.id, i.name AS insurer_name, i.insurer_number, s.file_name, s.received_on, s.box_count, s.unit,
              s.imported_at, s.imported_by,
              (SELECT COUNT(*) FROM envelopes e WHERE e.shipment_id = s.id) AS envelopes,
              (SELECT COUNT(*) FROM members m WHERE m.shipment_id = s.id) AS members
         FROM shipments s JOIN insurers i ON i.id = s.insurer_id
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
