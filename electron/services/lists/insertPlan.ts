/**
 * Writing a planned list into the tables in two steps, so the desk's scans never wait seconds for
 * SQLite's single write lock (issue #13):
 * - stagePlan builds every row (search text, keys) and writes it with multi-row INSERTs into TEMP tables of
 *   this connection. TEMP lives in the connection's own file, so this holds no lock on the live database,
 *   and a crash leaves nothing behind (TEMP is gone with the connection).
 * - stagedCopy.ts copies the staged rows into the live tables with INSERT … SELECT, shifting the envelope
 *   ids to follow the live ones: a slice at a time where the desk may be scanning, else all at once.
 */
import type { Statement } from 'better-sqlite3';
import type { EnvelopeUnit } from '../../../shared/domain';
import { codeKey, searchKey } from '../../domain/normalize';
import { type DB, prepareCached } from '../db/open';
import type { ServiceContext } from '../context';
import { plainIndexes } from '../db/schema';
import { envelopeHead, holderName, type ImportPlan, type PlannedMember } from './plan';
import { envelopeDocumentKind } from './documentKind';
import { envelopeDelivery } from './delivery';

// One INSERT carries this many rows: each statement run crosses from JS into SQLite and back, and a
// 100,000-member list would otherwise pay that 160,000 times.
const ROWS_PER_INSERT = 64;

/**
 * Columns the same for every row of a list, and the copy's parameter that fills each in under the lock
 * (stagedCopy.ts): not staged.
 */
export const FILLED_ON_COPY: ReadonlyMap<string, string> = new Map([
  ['insurer_id', '@insurer'],
  ['shipment_id', '@shipment'],
  ['unit', '@unit'],
]);
const staged = (columns: readonly string[]) => columns.filter((c) => !FILLED_ON_COPY.has(c));

export const ENVELOPE_COLUMNS = [
  'id', 'insurer_id', 'shipment_id', 'unit', 'match_key', 'symbol', 'number', 'branch', 'dept_code', 'dept_name', 'holder_name',
  'document_kind', 'delivery',
] as const;
export const MEMBER_COLUMNS = [
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
    return `INSERT INTO temp.${this.table} (${this.columns.join(',')}) VALUES ${new Array<string>(rows).fill(row).join(',')}`;
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
export function dropPlainIndexes(db: DB, table: string): string[] {
  const plain = plainIndexes(db, table);
  for (const ix of plain) db.exec(`DROP INDEX IF EXISTS "${ix.name}"`);
  return plain.map((ix) => ix.sql);
}

/** A table gains at least this many rows and more than it holds: its plain indexes are rebuilt, not kept up to date. */
const REBUILD_INDEXES_FROM = 5000;

export function rebuildsIndexes(db: DB, table: 'envelopes' | 'members', adding: number): boolean {
  if (adding < REBUILD_INDEXES_FROM) return false;
  // The largest id stands in for the row count without a scan: rows are only ever deleted all at once
  // (配付業務の完了), which empties the table.
  const held = prepareCached(db, `SELECT COALESCE(MAX(id), 0) FROM ${table}`).pluck().get() as number;
  return adding > held;
}

/** What stagePlan left in this connection's TEMP tables, for copyStaged. */
export interface Staged {
  readonly envelopes: number;
  readonly members: number;
  readonly unit: EnvelopeUnit;
  /** The list's envelopes per 所属 ([code, name, count]), for the kept counts once it is visible. */
  readonly byDept: readonly (readonly [string, string, number])[];
  /** memberEnd[e]: members staged for envelopes 1..e (memberEnd[0] = 0), so a slice of envelopes knows its members' rows. */
  readonly memberEnd: Int32Array;
}

export const STAGE = { envelopes: 'stage_envelopes', members: 'stage_members' } as const;

/** Fresh, empty TEMP tables with the live tables' insert columns (untyped: the live tables check the values on copy). */
function resetStage(db: DB): void {
  db.exec(
    `DROP TABLE IF EXISTS temp.${STAGE.envelopes}; DROP TABLE IF EXISTS temp.${STAGE.members};
     CREATE TEMP TABLE ${STAGE.envelopes} (${staged(ENVELOPE_COLUMNS).join(',')});
     CREATE TEMP TABLE ${STAGE.members} (${staged(MEMBER_COLUMNS).join(',')});`,
  );
}

/**
 * Builds the list's rows into TEMP tables, off the live database's write lock. Envelope ids are 1..n here;
 * the copy shifts them and fills in FILLED_ON_COPY under the lock (each staged value is one more crossing
 * from JavaScript into SQLite, about 0.15 µs, 2.6 million of them for 100,000 members).
 */
export function stagePlan(db: DB, plan: ImportPlan, unit: EnvelopeUnit, progress?: ServiceContext['progress']): Staged {
  // Counted in envelopes then members, as the bar shows 準備: n / total rows.
  const rows = plan.envelopes.length + plan.counts.members;
  progress?.('準備', 0, rows);
  resetStage(db);
  let members = 0;
  const memberEnd = new Int32Array(plan.envelopes.length + 1);
  // Every new envelope is pending (the column's default): its 所属 is all the kept counts need.
  const perDept = new Map<string, Map<string, number>>();
  // One transaction on TEMP only: fast inserts, and the main database is never touched, so no lock on it.
  db.transaction(() => {
    const holders: string[] = new Array<string>(plan.envelopes.length);
    const envelopes = new BatchInsert(db, STAGE.envelopes, staged(ENVELOPE_COLUMNS));
    const ev = envelopes.values;
    for (let e = 0; e < plan.envelopes.length; e++) {
      if ((e & 1023) === 0) progress?.('準備', e, rows);
      const env = plan.envelopes[e]!;
      const head = envelopeHead(env);
      const holder = (holders[e] = holderName(env));
      let i = envelopes.at();
      ev[i++] = e + 1;
      ev[i++] = env.key;
      ev[i++] = head.symbol;
      ev[i++] = head.number;
      ev[i++] = unit === 'person' ? head.branch : '';
      ev[i++] = head.deptCode;
      ev[i++] = head.deptName;
      const names = perDept.get(head.deptCode) ?? perDept.set(head.deptCode, new Map()).get(head.deptCode)!;
      names.set(head.deptName, (names.get(head.deptName) ?? 0) + 1);
      ev[i++] = holder;
      ev[i++] = envelopeDocumentKind(env.members);
      ev[i] = envelopeDelivery(env.members);
    }
    envelopes.flush();

    const stagedMembers = new BatchInsert(db, STAGE.members, staged(MEMBER_COLUMNS));
    const mv = stagedMembers.values;
    const searchText = searchTextMaker();
    for (let e = 0, written = plan.envelopes.length; e < plan.envelopes.length; e++) {
      if ((e & 1023) === 0) progress?.('準備', written, rows);
      written += plan.envelopes[e]!.members.length;
      const holder = holders[e]!;
      for (const m of plan.envelopes[e]!.members) {
        members++;
        let i = stagedMembers.at();
        mv[i++] = e + 1;
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
      memberEnd[e + 1] = members;
    }
    stagedMembers.flush();
  })();
  progress?.('準備', rows, rows);
  const byDept = [...perDept].flatMap(([code, names]) => [...names].map(([name, n]) => [code, name, n] as const));
  return { envelopes: plan.envelopes.length, members, unit, memberEnd, byDept };
}

/** Empties the TEMP stage once its rows are in (they would hold 100,000 rows' memory otherwise). */
export function clearStage(db: DB): void {
  db.exec(`DELETE FROM temp.${STAGE.envelopes}; DELETE FROM temp.${STAGE.members};`);
}
