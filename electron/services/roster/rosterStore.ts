/**
 * Storing a 社員名簿. Every import is kept; the latest one is the roster in force, so a new file
 * replaces the old one for every check without losing what the old one said.
 */
import { createHash } from 'node:crypto';
import type { ImportProblem } from '../../../shared/import';
import type { ServiceContext } from '../context';
import { type DB, prepareCached } from '../db/open';
import type { RosterMapping, RosterNeedsInsurerInfo, RosterNeedsMappingInfo } from '../../../shared/roster';
import { localIsoDate } from '../../domain/dates';
import { UserError } from '../errors';
import { ImportError } from '../sheet/errors';
import { scrubMyNumbers } from '../../../shared/myNumber';
import { insurersWithHousehold } from '../lists/keys';
import { operatorName } from '../settings';
import { parseRoster, type ParsedRoster } from './parseRoster';

export interface RosterImportInfo {
  id: number;
  fileName: string;
  importedAt: string;
  importedBy: string;
  entries: number;
  /** the insurer whose 記号・番号 the roster holds; null when it matched no more than one at import */
  insurerId: number | null;
  insurerName: string | null;
}

/** The roster in force (the latest import; across desks the server's order decides, sync/roster.ts), or null when none was imported yet. */
export function currentRoster(db: DB): RosterImportInfo | null {
  const row = prepareCached<[], { id: number; file_name: string; imported_at: string; imported_by: string; insurer_id: number | null; insurer_name: string | null }>(db, 
      `SELECT r.id, r.file_name, r.imported_at, r.imported_by, r.insurer_id, i.name AS insurer_name
         FROM roster_imports r LEFT JOIN insurers i ON i.id = r.insurer_id
         LEFT JOIN sync_rosters y ON y.roster_import_id = r.id
        ORDER BY y.ord IS NULL DESC, y.ord DESC, r.id DESC LIMIT 1`,
    )
    .get();
  if (!row) return null;
  const entries = prepareCached<[number], number>(db, 'SELECT COUNT(*) FROM roster_entries WHERE roster_import_id = ?').pluck().get(row.id) ?? 0;
  return {
    id: row.id,
    fileName: row.file_name,
    importedAt: row.imported_at,
    importedBy: row.imported_by,
    entries,
    insurerId: row.insurer_id,
    insurerName: row.insurer_name,
  };
}

/**
 * Which insurer the roster's 記号・番号 refer to: the one named, else the only one whose households they
 * match (null when none does yet). Several and none named: the clerk is asked (needsInsurer).
 */
export function rosterInsurer(db: DB, parsed: ParsedRoster, insurerName?: string): { insurerId: number | null } | { needsInsurer: RosterNeedsInsurerInfo } {
  const names = new Map(
    (prepareCached(db, 'SELECT id, name FROM insurers ORDER BY name').all() as { id: number; name: string }[]).map((r) => [r.id, r.name]),
  );
  if (insurerName?.trim()) {
    const wanted = insurerName.trim();
    const id = [...names].find(([, n]) => n === wanted)?.[0];
    if (id === undefined) {
      throw new UserError(`保険者「${wanted}」の封筒はありません。取り込んだ保険者: ${[...names.values()].join('、') || 'なし'}`);
    }
    return { insurerId: id };
  }
  const matched = new Set<number>();
  for (const e of parsed.entries) {
    if (e.symbolKey === '' || e.numberKey === '') continue;
    for (const id of insurersWithHousehold(db, e)) matched.add(id);
  }
  if (matched.size > 1) {
    const insurers = [...matched].map((id) => names.get(id)!).sort();
    const message = `社員名簿の記号・番号が複数の保険者（${insurers.join('、')}）の封筒に当てはまります。どの保険者の記号・番号か選んでください。`;
    return { needsInsurer: { message, insurers } };
  }
  return { insurerId: matched.size === 1 ? [...matched][0]! : null };
}

/** Writes the import and all its entries in one transaction: a roster is in force whole or not at all. */
export function storeRoster(
  ctx: ServiceContext,
  parsed: ParsedRoster,
  meta: { fileName: string; sha256: string; operator: string; insurerId: number | null },
): number {
  const { db } = ctx;
  const now = ctx.now().toISOString();
  return db.transaction((): number => {
    const id = Number(
      prepareCached(db, 'INSERT INTO roster_imports (file_name, file_sha256, imported_at, imported_by, insurer_id) VALUES (?, ?, ?, ?, ?)')
        .run(meta.fileName, meta.sha256, now, meta.operator, meta.insurerId).lastInsertRowid,
    );
    const insert = prepareCached(db, 
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
  }).immediate();
}

export interface RosterImportResult {
  rosterImportId: number;
  entries: number;
  problems: ImportProblem[];
  ignoredColumns: string[];
  insurerName: string | null;
}

/** Stored, or what the clerk must choose first (nothing stored then). */
export type RosterImportOutcome =
  | (RosterImportResult & { needsMapping?: undefined; needsInsurer?: undefined })
  | { needsMapping: RosterNeedsMappingInfo; needsInsurer?: undefined }
  | { needsInsurer: RosterNeedsInsurerInfo; needsMapping?: undefined };

/** The stored import, for callers with no one to ask (CLI): a choice still to make is an error. */
export function storedOrThrow(outcome: RosterImportOutcome): RosterImportResult {
  if (outcome.needsMapping) throw new ImportError(outcome.needsMapping.message);
  if (outcome.needsInsurer) throw new UserError(`${outcome.needsInsurer.message}（--insurer 保険者名 で指定してください）`);
  return outcome;
}

/**
 * Reads and stores a 社員名簿; it becomes the roster in force. Throws ImportError (Japanese) and stores
 * nothing when the file cannot be read or has no usable row; unrecognised columns or an ambiguous
 * insurer come back as needsMapping / needsInsurer, nothing stored.
 */
export function storeRosterFile(
  ctx: ServiceContext,
  bytes: Uint8Array,
  fileName: string,
  options?: { operator?: string | undefined; mapping?: RosterMapping | undefined; insurerName?: string | undefined },
): RosterImportOutcome {
  const parsed = parseRoster(bytes, fileName, { today: localIsoDate(ctx.now()), ...(options?.mapping ? { mapping: options.mapping } : {}) });
  if (parsed.needsMapping) return { needsMapping: parsed.needsMapping };
  if (parsed.entries.length === 0) {
    // An empty roster in force would make every envelope look like a stranger's.
    const shown = parsed.problems
      .slice(0, 3)
      .map((p) => `${p.row}行目: ${p.reason}`)
      .join('／');
    throw new ImportError(`取り込める社員の行がありません${shown ? `（${shown}${parsed.problems.length > 3 ? ' ほか' : ''}）` : ''}`);
  }
  const insurer = rosterInsurer(ctx.db, parsed, options?.insurerName);
  if ('needsInsurer' in insurer) return insurer;
  const { insurerId } = insurer;
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const operator = options?.operator?.trim() || operatorName(ctx) || '（未設定）';
  // The file's name is stored and shown in 返送: a My Number in it goes no further.
  const rosterImportId = storeRoster(ctx, parsed, { fileName: scrubMyNumbers(fileName), sha256, operator, insurerId });
  return {
    rosterImportId,
    entries: parsed.entries.length,
    problems: parsed.problems,
    ignoredColumns: parsed.ignoredColumns,
    insurerName: currentRoster(ctx.db)?.insurerName ?? null,
  };
}
