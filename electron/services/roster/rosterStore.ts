/**
 * Storing a 社員名簿. Every import is kept; the latest one is the roster in force, so a new file
 * replaces the old one for every check without losing what the old one said.
 */
import type { RosterMapping } from './parseRoster';
import { createHash } from 'node:crypto';
import type { ImportProblem } from '../../../shared/import';
import type { ServiceContext } from '../context';
import type { DB } from '../db/open';
import { ImportError } from '../import/errors';
import { scrubMyNumbers } from '../../../shared/myNumber';
import { operatorName } from '../settings';
import { localIsoDate, parseRoster, type ParsedRoster } from './parseRoster';

export interface RosterImportInfo {
  id: number;
  fileName: string;
  importedAt: string;
  importedBy: string;
  entries: number;
}

/** The roster in force (the latest import), or null when none was imported yet. */
export function currentRoster(db: DB): RosterImportInfo | null {
  const row = db
    .prepare<[], { id: number; file_name: string; imported_at: string; imported_by: string }>(
      'SELECT id, file_name, imported_at, imported_by FROM roster_imports ORDER BY id DESC LIMIT 1',
    )
    .get();
  if (!row) return null;
  const entries = db.prepare<[number], number>('SELECT COUNT(*) FROM roster_entries WHERE roster_import_id = ?').pluck().get(row.id) ?? 0;
  return { id: row.id, fileName: row.file_name, importedAt: row.imported_at, importedBy: row.imported_by, entries };
}

/** Writes the import and all its entries in one transaction: a roster is in force whole or not at all. */
export function storeRoster(
  ctx: ServiceContext,
  parsed: ParsedRoster,
  meta: { fileName: string; sha256: string; operator: string },
): number {
  const { db } = ctx;
  const now = ctx.now().toISOString();
  return db.transaction((): number => {
    const id = Number(
      db
        .prepare('INSERT INTO roster_imports (file_name, file_sha256, imported_at, imported_by) VALUES (?, ?, ?, ?)')
        .run(meta.fileName, meta.sha256, now, meta.operator).lastInsertRowid,
    );
    const insert = db.prepare(
      `INSERT INTO roster_entries (roster_import_id, source_row, employee_id, employee_key, name, kana, dept_code, employed, left_on,
         symbol, number, symbol_key, number_key)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const e of parsed.entries) {
      insert.run(
        id,
        e.row,
        e.employeeId,
        e.employeeKey,
        e.name,
        e.kana,
        e.deptCode,
        e.employed ? 1 : 0,
        e.leftOn,
        e.symbol,
        e.number,
        e.symbolKey,
        e.numberKey,
      );
    }
    return id;
  })();
}

export interface RosterImportResult {
  rosterImportId: number;
  entries: number;
  problems: ImportProblem[];
  ignoredColumns: string[];
}

/**
 * Reads and stores a 社員名簿; it becomes the roster in force. Throws ImportError (Japanese) and
 * stores nothing when the file cannot be read, lacks 社員番号/氏名, or has no usable row.
 */
export function importRoster(
  ctx: ServiceContext,
  bytes: Uint8Array,
  fileName: string,
  options?: { operator?: string | undefined; mapping?: RosterMapping | undefined },
): RosterImportResult {
  const parsed = parseRoster(bytes, fileName, { today: localIsoDate(ctx.now()), ...(options?.mapping ? { mapping: options.mapping } : {}) });
  if (parsed.entries.length === 0) {
    // An empty roster in force would make every envelope look like a stranger's.
    const shown = parsed.problems
      .slice(0, 3)
      .map((p) => `${p.row}行目: ${p.reason}`)
      .join('／');
    throw new ImportError(`取り込める社員の行がありません${shown ? `（${shown}${parsed.problems.length > 3 ? ' ほか' : ''}）` : ''}`);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const operator = options?.operator?.trim() || operatorName(ctx) || '（未設定）';
  // The file's name is stored and shown in 返送: a My Number in it goes no further.
  const rosterImportId = storeRoster(ctx, parsed, { fileName: scrubMyNumbers(fileName), sha256, operator });
  return { rosterImportId, entries: parsed.entries.length, problems: parsed.problems, ignoredColumns: parsed.ignoredColumns };
}
