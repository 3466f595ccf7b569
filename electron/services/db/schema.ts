/**
 * A database file is data, never code. The schema a file carries in sqlite_schema is only ever compared with
 * what the app's own migrations make; the app never runs SQL text it read from a file. The migrations are
 * the one home of every table, index, trigger and view: the bulk import's index rebuild and 配付業務の完了's
 * trigger re-creation take their DDL from the reference built here, not from the file.
 */
import Database from 'better-sqlite3';
import type { DB } from './open';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';
import { UserError } from '../errors';

export interface SchemaRow {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

/** The audit trail's guards: a file without them could have had its history edited. */
export const APPEND_ONLY_TRIGGERS = ['events_no_update', 'events_no_delete'] as const;

// Tables SQLite itself makes on ANALYZE (another SQLite tool may have run it): harmless statistics, but only
// in SQLite's own shape.
const SQLITE_STAT_TABLES: Record<string, string> = {
  sqlite_stat1: 'CREATE TABLE sqlite_stat1(tbl,idx,stat)',
  sqlite_stat4: 'CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)',
};

const references = new Map<number, readonly SchemaRow[]>();

/**
 * Runs the migrations after `from` up to `to`, each stamping its version. The app's database (db/open.ts
 * migrate) and the in-memory reference its files are compared with are built by this same function.
 */
export function applyMigrations(db: DB, from: number, to: number = SCHEMA_VERSION): void {
  for (const m of MIGRATIONS) {
    if (m.version <= from || m.version > to) continue;
    db.exec(m.sql);
    db.pragma(`user_version = ${m.version}`);
  }
}

/** Comments and layout are not schema: the same statement written differently compares equal. */
export function normalizeSql(sql: string | null): string | null {
  if (sql === null) return null;
  // Layout is folded only outside quoted names and strings, so two different literals never compare equal.
  const parts: string[] = [];
  let code = '';
  const flush = () => {
    parts.push(code.replace(/\s+/g, ' ').replace(/ ?([(),;]) ?/g, '$1'));
    code = '';
  };
  for (let i = 0; i < sql.length; ) {
    const c = sql[i]!;
    if (c === "'" || c === '"' || c === '`' || c === '[') {
      const close = c === '[' ? ']' : c;
      let j = i + 1;
      while (j < sql.length && !(sql[j] === close && sql[j + 1] !== close)) j += sql[j] === close ? 2 : 1;
      flush();
      parts.push(sql.slice(i, j + 1));
      i = j + 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      while (i < sql.length && sql[i] !== '\n') i++;
      code += ' ';
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
      code += ' ';
    } else {
      code += c;
      i++;
    }
  }
  flush();
  return parts.join('').trim();
}

function schemaRows(db: DB): SchemaRow[] {
  return db
    .prepare(`SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name`)
    .all() as SchemaRow[];
}

/** What the migrations make at `version`: built by running them on an empty in-memory database. */
export function referenceSchema(version: number): readonly SchemaRow[] {
  let rows = references.get(version);
  if (!rows) {
    const mem = new Database(':memory:');
    try {
      applyMigrations(mem, 0, version);
      rows = schemaRows(mem);
    } finally {
      mem.close();
    }
    references.set(version, rows);
  }
  return rows;
}

const versionOf = (db: DB): number => db.pragma('user_version', { simple: true }) as number;

/** The app's own DDL of one index or trigger at the database's version. */
export function schemaSql(db: DB, type: 'index' | 'trigger' | 'view', name: string): string {
  const row = referenceSchema(versionOf(db)).find((r) => r.type === type && r.name === name);
  if (!row?.sql) throw new Error(`no ${type} ${name} in schema version ${versionOf(db)}`);
  return row.sql;
}

/** The non-unique indexes the migrations put on `table`, with their DDL: what a bulk load may drop and rebuild. */
export function plainIndexes(db: DB, table: string): { name: string; sql: string }[] {
  return referenceSchema(versionOf(db))
    .filter((r) => r.type === 'index' && r.tbl_name === table && r.sql !== null && !/^CREATE\s+UNIQUE\b/i.test(r.sql))
    .map((r) => ({ name: r.name, sql: r.sql! }));
}

const KIND: Record<string, string> = { table: '表', index: '索引', trigger: 'トリガー', view: 'ビュー' };
const label = (r: SchemaRow) => `${KIND[r.type] ?? r.type}「${r.name}」`;

/** The first difference between a file's schema and the reference, in the clerk's words; null when equal. */
function schemaDifference(actual: SchemaRow[], expected: readonly SchemaRow[]): string | null {
  const key = (r: SchemaRow) => `${r.type}\u0000${r.name}`;
  const want = new Map(expected.map((r) => [key(r), r]));
  for (const r of actual) {
    const w = want.get(key(r));
    if (!w) {
      if (r.type === 'table' && SQLITE_STAT_TABLES[r.name] === r.sql) continue;
      return `余分な${label(r)}があります`;
    }
    if (w.tbl_name !== r.tbl_name || normalizeSql(w.sql) !== normalizeSql(r.sql)) return `${label(r)}の定義が違います`;
    want.delete(key(r));
  }
  const missing = want.values().next();
  return missing.done ? null : `${label(missing.value)}がありません`;
}

/**
 * Why Kubaru must not use this database, or null. Checks that its schema is exactly what the migrations make
 * for its version, that the audit trail's guards are there, and that every reference points at a row.
 * Call with trusted_schema OFF (see `distrustSchema`).
 */
export function schemaProblem(db: DB): string | null {
  const version = versionOf(db);
  if (version > SCHEMA_VERSION) return null; // the caller's newer-version message is the clearer one
  const actual = schemaRows(db);
  if (version === 0) {
    return actual.length === 0 ? null : 'Kubaruのデータベースではありません（別のアプリのファイルです）。';
  }
  const names = new Set(actual.filter((r) => r.type === 'trigger').map((r) => r.name));
  if (APPEND_ONLY_TRIGGERS.some((t) => !names.has(t))) {
    return '記録（履歴）を書き換えから守る仕組みが外されています。このファイルは使えません。';
  }
  const diff = schemaDifference(actual, referenceSchema(version));
  if (diff) {
    return `データベースの構造がKubaru（形式 ${version}）のものと違います（${diff}）。Kubaruで作られていないか、別のソフトで変更されたファイルです。このファイルは使えません。`;
  }
  const orphan = db.prepare('PRAGMA foreign_key_check').get() as { table: string } | undefined;
  if (orphan) return `データベースの中身に矛盾があります（「${orphan.table}」が存在しない行を指しています）。このファイルは使えません。`;
  return null;
}

/** Functions and virtual tables named by a file's schema may not run with side effects (SQLite's own guard). */
export function distrustSchema(db: DB): void {
  db.pragma('trusted_schema = OFF');
}

export function assertTrustedSchema(db: DB): void {
  const problem = schemaProblem(db);
  if (problem) throw new UserError(problem);
}
