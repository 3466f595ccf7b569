/**
 * Copies a staged list (insertPlan.stagePlan) into the live tables a slice at a time, so the desk's scans
 * never wait more than one slice for SQLite's single write lock (issue #13).
 *
 * All or nothing still holds for everyone: the first transaction creates the shipment listed in
 * staging_shipments (db/staging.ts), which every reader skips and the counts triggers leave out; the
 * slices add its envelopes and members; the last transaction adds their counts and removes the staging
 * entry, so the whole list appears at once. If the copy fails, its rows are removed; if the process dies,
 * the next open removes them (removeAbandonedStaging).
 *
 * A database with no list yet has nobody waiting for the lock: there the same steps run in the import's
 * one transaction (copyRestAtOnce). Either way the counts triggers skip the rows (a per-row upsert cost a
 * tenth of a 100k import) and finish adds them once.
 */
import { type DB, prepareCached } from '../db/open';
import { ENVELOPE_COLUMNS, FILLED_ON_COPY, MEMBER_COLUMNS, STAGE, dropPlainIndexes, rebuildsIndexes, type Staged } from './insertPlan';
import type { ServiceContext } from '../context';
import { TRIGGERS_SKIPPING_STAGING, removeStagedShipment } from '../db/staging';
import { schemaSql } from '../db/schema';

/** A slice aims at this long under the lock: a scan that arrives during it waits about this much. */
const SLICE_TARGET_MS = 3;
const FIRST_SLICE = 200;
const MIN_SLICE = 25;
const MAX_SLICE = 20_000;

/**
 * Copies the staged rows whose rowid lies between the parameters named `lo` (exclusive) and `hi` into
 * the live table: the shifted id column plus @offset, the FILLED_ON_COPY columns from their parameters, every
 * other column as staged, in the list's order (ORDER BY rowid), as a direct insert would.
 */
function copySql(table: 'envelopes' | 'members', columns: readonly string[], shifted: string, lo: string, hi: string): string {
  const select = columns.map((c) => (c === shifted ? `${c} + @offset` : (FILLED_ON_COPY.get(c) ?? c)));
  return `INSERT INTO main.${table} (${columns.join(',')}) SELECT ${select.join(',')} FROM temp.${STAGE[table]}
           WHERE rowid > @${lo} AND rowid <= @${hi} ORDER BY rowid`;
}

export class StagedCopy {
  /** Envelopes (staged ids 1..n) copied so far, and the rows the slices inserted. */
  private done = 0;
  private inserted = { envelopes: 0, members: 0 };
  private slice = FIRST_SLICE;

  constructor(
    readonly db: DB,
    private readonly staged: Staged,
    readonly shipmentId: number,
    private readonly insurerId: number,
  ) {}

  /** Lists the shipment as staging; inside the caller's transaction that inserts the shipment. */
  static begin(db: DB, staged: Staged, shipmentId: number, insurerId: number, startedAt: string): StagedCopy {
    prepareCached(db, 'INSERT INTO staging_shipments (shipment_id, pid, started_at) VALUES (?, ?, ?)').run(shipmentId, process.pid, startedAt);
    return new StagedCopy(db, staged, shipmentId, insurerId);
  }

  /** Rows (envelopes and members) to copy in all, and copied so far: what the bar shows as 書き込み. */
  get total(): number {
    return this.staged.envelopes + this.staged.members;
  }
  get copied(): number {
    return this.inserted.envelopes + this.inserted.members;
  }

  get finished(): boolean {
    return this.done >= this.staged.envelopes;
  }

  /** Copies the next slice in its own short IMMEDIATE transaction; its size follows the time the last one took. */
  copyNext(): void {
    const hi = Math.min(this.staged.envelopes, this.done + this.slice);
    let locked = 0;
    this.db.transaction(() => {
      // Timed from here, when BEGIN IMMEDIATE has the lock: waiting for a scan to finish is not the slice's.
      locked = performance.now();
      this.copyTo(hi);
    }).immediate();
    const took = Math.max(0.1, performance.now() - locked);
    this.slice = Math.round(Math.min(MAX_SLICE, Math.max(MIN_SLICE, (this.slice * SLICE_TARGET_MS) / took)));
  }

  /**
   * Copies every remaining row inside the caller's transaction, for a database with no list yet (nobody
   * waits for the lock). A big list's plain indexes are dropped and rebuilt once instead of updated row by
   * row, and the insert triggers that would only find each row staging are left out until the end.
   */
  copyRestAtOnce(): void {
    const recreate = [
      ...(rebuildsIndexes(this.db, 'envelopes', this.staged.envelopes) ? dropPlainIndexes(this.db, 'envelopes') : []),
      ...(rebuildsIndexes(this.db, 'members', this.staged.members) ? dropPlainIndexes(this.db, 'members') : []),
      ...TRIGGERS_SKIPPING_STAGING.map((name) => {
        this.db.exec(`DROP TRIGGER ${name}`);
        return schemaSql(this.db, 'trigger', name);
      }),
    ];
    this.copyTo(this.staged.envelopes);
    for (const sql of recreate) this.db.exec(sql);
  }

  /** Staged envelopes done+1..hi and their members into the live tables, inside a transaction. */
  private copyTo(hi: number): void {
    const { db, staged } = this;
    const lo = this.done;
    this.assertStillStaging();
    // Ids follow the live ones at this moment (another writer may have added envelopes since the last slice).
    const max = prepareCached(db, 'SELECT COALESCE(MAX(id), 0) FROM envelopes').pluck().get() as number;
    const ids = { offset: max - lo, insurer: this.insurerId, shipment: this.shipmentId, unit: staged.unit, lo, hi, mlo: staged.memberEnd[lo]!, mhi: staged.memberEnd[hi]! };
    this.inserted.envelopes += prepareCached(db, copySql('envelopes', ENVELOPE_COLUMNS, 'id', 'lo', 'hi')).run(ids).changes;
    this.inserted.members += prepareCached(db, copySql('members', MEMBER_COLUMNS, 'envelope_id', 'mlo', 'mhi')).run(ids).changes;
    this.done = hi;
  }

  /**
   * The last transaction: the list's counts (kept by triggers for every other write; per 所属 as stagePlan
   * counted them) and the staging entry's removal, so every reader sees the whole list from here on. Runs
   * inside the caller's transaction.
   */
  finish(): void {
    const { db } = this;
    this.assertStillStaging();
    const add = prepareCached(
      db,
      `INSERT INTO envelope_counts (dept_code, dept_name, status, n) VALUES (?, ?, 'pending', ?)
       ON CONFLICT (dept_code, dept_name, status) DO UPDATE SET n = n + excluded.n`,
    );
    for (const [code, name, n] of this.staged.byDept) add.run(code, name, n);
    prepareCached(db, 'UPDATE member_count SET n = n + ? WHERE id = 1').run(this.staged.members);
    prepareCached(db, 'DELETE FROM staging_shipments WHERE shipment_id = ?').run(this.shipmentId);
    // What becomes visible is exactly what was staged (nobody else writes a staging list's rows).
    const { envelopes, members } = this.inserted;
    if (envelopes !== this.staged.envelopes || members !== this.staged.members) {
      throw new Error(`staged copy incomplete: ${envelopes}/${members} of ${this.staged.envelopes}/${this.staged.members}`);
    }
  }

  /** Removes what was copied (the copy failed); the list never became visible. */
  abandon(): void {
    const { db } = this;
    db.transaction(() => removeStagedShipment(db, this.shipmentId)).immediate();
  }

  private assertStillStaging(): void {
    // Gone when another process judged this one dead and removed the list (it cannot be: we are alive) —
    // a broken rule, not a clerk's mistake.
    if (prepareCached(this.db, 'SELECT 1 FROM staging_shipments WHERE shipment_id = ?').get(this.shipmentId) === undefined) {
      throw new Error(`shipment ${this.shipmentId} is no longer staging`);
    }
  }
}

/** Copies every slice, letting the desk go first between slices, and reports 書き込み progress; then makes the list visible. */
export function copyAllSlices(ctx: ServiceContext, copy: StagedCopy): void {
  // A slice need not reach the disk on its own: nobody sees it until the last transaction, whose commit
  // (synchronous FULL again) flushes the WAL with every slice before it. Without this each slice's commit
  // waited for an fsync while holding the lock — most of its time, and the desk's wait.
  const synchronous = copy.db.pragma('synchronous', { simple: true }) as number;
  copy.db.pragma('synchronous = NORMAL');
  try {
    while (!copy.finished) {
      ctx.yieldToDesk?.();
      copy.copyNext();
      ctx.progress?.('書き込み', copy.copied, copy.total);
    }
  } finally {
    copy.db.pragma(`synchronous = ${synchronous}`);
  }
  ctx.yieldToDesk?.();
  copy.db.transaction(() => copy.finish()).immediate();
}
