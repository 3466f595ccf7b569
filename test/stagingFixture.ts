/**
 * A database where list A (kyokai-person.csv, 協会けんぽ) is stored and list B (kenpo-household.xlsx, a
 * 健保組合) is being copied in a slice at a time (issue #13, migration 8) and not finished: every row of B
 * is in the live tables, its shipment still listed in staging_shipments. It is built as storeList builds
 * it (stage the plan in TEMP, insert the shipment and begin the copy in one transaction, copy the slices),
 * only the last transaction is left to the test: `finish()`.
 */
import path from 'node:path';
import { createHash } from 'node:crypto';
import { openDatabase } from '../electron/services/db/open';
import { createContext, type ServiceContext } from '../electron/services/context';
import { saveSettings } from '../electron/services/settings';
import { guessInsurerName, importFile } from '../electron/services/lists/importList';
import { parseList } from '../electron/services/lists/parseList';
import { planImport } from '../electron/services/lists/plan';
import { clearStage, stagePlan } from '../electron/services/lists/insertPlan';
import { StagedCopy } from '../electron/services/lists/stagedCopy';
import { readFixture } from './fixtures';
import { tempDir } from './e2e/harness';

export const LIST_A = 'kyokai-person.csv';
export const LIST_B = 'kenpo-household.xlsx';
/** What the clerk sees of B once it is in (fixtures README): 48 household envelopes, 94 members. */
export const B_ENVELOPES = 48;
export const B_MEMBERS = 94;

/** The 社員名簿 fixture dates its 退職 2024-08-15; the boxes arrive in the autumn. */
export const NOW = new Date('2024-10-01T09:00:00+09:00');

export interface StagingDesk {
  file: string;
  ctx: ServiceContext;
  /** B's shipment, listed as staging. */
  shipmentId: number;
  insurerName: string;
  copy: StagedCopy;
  /** The copy's last transaction, as storeList runs it: B becomes visible at once. */
  finish(): void;
}

/**
 * A's list stored normally, then `beforeB` (the test's work on A, and what it notes), then B staged and
 * copied to its last slice, not finished.
 */
export async function stagingDesk(beforeB: (ctx: ServiceContext) => Promise<void> | void = () => {}): Promise<StagingDesk> {
  const file = path.join(tempDir(), 'k.sqlite3');
  const db = openDatabase(file);
  const ctx = createContext(db, () => NOW);
  saveSettings(ctx, { companyName: 'テスト株式会社', operatorName: '人事 花子' });
  importFile(ctx, readFixture(LIST_A), LIST_A, { insurerName: '全国健康保険協会' });
  await beforeB(ctx);

  const bytes = readFixture(LIST_B);
  const parsed = parseList(bytes, LIST_B);
  const insurerName = guessInsurerName(parsed);
  const now = NOW.toISOString();
  const insurerId = Number(
    db.prepare('INSERT INTO insurers (name, insurer_number, created_at) VALUES (?, ?, ?)').run(insurerName, parsed.insurerNumber ?? null, now).lastInsertRowid,
  );
  const staged = stagePlan(db, planImport(db, insurerId, parsed.members, 'household'), 'household');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const { shipmentId, copy } = db.transaction(() => {
    const shipmentId = Number(
      db
        .prepare(
          `INSERT INTO shipments (insurer_id, file_name, file_sha256, received_on, box_count, unit, imported_at, imported_by)
           VALUES (?, ?, ?, NULL, NULL, 'household', ?, '人事 花子')`,
        )
        .run(insurerId, LIST_B, sha256, now).lastInsertRowid,
    );
    return { shipmentId, copy: StagedCopy.begin(db, staged, shipmentId, insurerId, now) };
  }).immediate();
  while (!copy.finished) copy.copyNext();
  return {
    file,
    ctx,
    shipmentId,
    insurerName,
    copy,
    finish() {
      db.transaction(() => copy.finish()).immediate();
      clearStage(db);
    },
  };
}
