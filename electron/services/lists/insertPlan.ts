/**
 * Writing a planned list into the tables, fast: multi-row INSERTs, and for a large list the plain
 * indexes dropped and rebuilt once instead of updated row by row. Runs inside the import's transaction.
 */
import type { Statement } from 'better-sqlite3';
import type { EnvelopeUnit } from '../../../shared/domain';
import { codeKey, searchKey } from '../../domain/normalize';
import { type DB, prepareCached } from '../db/open';
import type { ServiceContext } from '../context';
import { plainIndexes } from '../db/schema';
import { envelopeHead, holderName, type ImportPlan, type PlannedMember } from './plan';

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
    this.full = prepareCached(db, this.sql(ROWS_PER_INSERT));
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
    prepareCached(this.db, this.sql(this.rows)).run(...this.values.slice(0, n));
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
  const held = prepareCached(db, `SELECT COALESCE(MAX(id), 0) FROM ${table}`).pluck().get() as number;
  return adding > held;
}

export function insertPlan(
  db: DB,
  plan: ImportPlan,
  insurerId: number,
  shipmentId: number,
  unit: EnvelopeUnit,
  progress?: ServiceContext['progress'],
): void {
  // Counted in envelopes then members, as the bar shows 書き込み: n / total rows.
  const rows = plan.envelopes.length + plan.counts.members;
  progress?.('書き込み', 0, rows);
  const recreate = [
    ...(rebuildsIndexes(db, 'envelopes', plan.counts.envelopes) ? dropPlainIndexes(db, 'envelopes') : []),
    ...(rebuildsIndexes(db, 'members', plan.counts.members) ? dropPlainIndexes(db, 'members') : []),
  ];
  // Envelope ids are handed out here, as SQLite would (the largest so far plus one), so the members
  // can name their envelope without asking SQLite for each one's id.
  const firstEnvelopeId = (prepareCached(db, 'SELECT COALESCE(MAX(id), 0) FROM envelopes').pluck().get() as number) + 1;
  const holders: string[] = new Array<string>(plan.envelopes.length);
  const envelopes = new BatchInsert(db, 'envelopes', ENVELOPE_COLUMNS);
  const ev = envelopes.values;
  for (let e = 0; e < plan.envelopes.length; e++) {
    if ((e & 1023) === 0) progress?.('書き込み', e, rows);
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
  for (let e = 0, written = plan.envelopes.length; e < plan.envelopes.length; e++) {
    if ((e & 1023) === 0) progress?.('書き込み', written, rows);
    written += plan.envelopes[e]!.members.length;
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
  progress?.('書き込み', rows, rows);
}

