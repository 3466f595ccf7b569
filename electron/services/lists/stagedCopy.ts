/**
 * Copies a staged list (insertPlan.stagePlan) into the live tables a slice at a time, so the desk's scans
 * never wait more than one slice for SQLite's single write lock (issue #13).
 *
 * All or nothing still holds for everyone: the first transaction creates the shipment listed in
 * staging_shipments (db/staging.ts), which every reader skips and the counts triggers leave out; the
 * slices add its envelopes and members; the last transaction adds their counts and removes the staging
 * entry, so the whole list appears at once. If the copy fails, its rows are removed; if the process dies,
 * the next open removes them (removeAbandonedStaging).
 */
import { type DB, prepareCached } from '../db/open';
import { ENVELOPE_COLUMNS, MEMBER_COLUMNS, STAGE, copySql, type Staged } from './insertPlan';
import type { ServiceContext } from '../context';
import { removeStagedShipment } from '../db/staging';

/** A slice aims at this long under the lock: a scan that arrives during it waits about this much. */
const SLICE_TARGET_MS = 3;
const FIRST_SLICE = 200;
const MIN_SLICE = 25;
const MAX_SLICE = 20_000;

export class StagedCopy {
  /** Envelopes (staged ids 1..n) copied so far. */
  private done = 0;
  private slice = FIRST_SLICE;

  constructor(
    private readonly db: DB,
    private readonly staged: Staged,
    readonly shipmentId: number,
    private readonly insurerId: number,
  ) {}

  /** Lists the shipment as staging; inside the caller's transaction that inserts the shipment. */
  static begin(db: DB, staged: Staged, shipmentId: number, insurerId: number, startedAt: string): StagedCopy {
    prepareCached(db, 'INSERT INTO staging_shipments (shipment_id, pid, started_at) VALUES (?, ?, ?)').run(shipmentId, process.pid, startedAt);
    return new StagedCopy(db, staged, shipmentId, insurerId);
  }

  /** Envelopes copied so far. */
  get copied(): number {
    return this.done;
  }

  get finished(): boolean {
    return this.done >= this.staged.envelopes;
  }

  /** Copies the next slice in its own short IMMEDIATE transaction; its size follows the time the last one took. */
  copyNext(): void {
    const { db, staged } = this;
    const lo = this.done;
    const hi = Math.min(staged.envelopes, lo + this.slice);
    const started = performance.now();
    db.transaction(() => {
      this.assertStillStaging();
      // Ids follow the live ones at this moment (another writer may have added envelopes since the last slice).
      const max = prepareCached(db, 'SELECT COALESCE(MAX(id), 0) FROM envelopes').pluck().get() as number;
      const ids = { offset: max - lo, insurer: this.insurerId, shipment: this.shipmentId, lo, hi, mlo: staged.memberEnd[lo]!, mhi: staged.memberEnd[hi]! };
      prepareCached(db, copySql('envelopes', ENVELOPE_COLUMNS, 'id', ' WHERE rowid > @lo AND rowid <= @hi')).run(ids);
      prepareCached(db, copySql('members', MEMBER_COLUMNS, 'envelope_id', ' WHERE rowid > @mlo AND rowid <= @mhi')).run(ids);
    }).immediate();
    this.done = hi;
    const took = Math.max(0.1, performance.now() - started);
    this.slice = Math.round(Math.min(MAX_SLICE, Math.max(MIN_SLICE, (this.slice * SLICE_TARGET_MS) / took)));
  }

  /**
   * The last transaction: the list's counts (kept by triggers for every other write) and the staging
   * entry's removal, so every reader sees the whole list from here on. Runs inside the caller's transaction.
   */
  finish(): void {
    const { db } = this;
    this.assertStillStaging();
    // The staged envelopes' counts per 所属; every new envelope is pending (the column's default).
    const byDept = prepareCached<[], [string, string, number]>(
      db,
      `SELECT dept_code, dept_name, COUNT(*) FROM temp.${STAGE.envelopes} GROUP BY dept_code, dept_name`,
    ).raw().all();
    const add = prepareCached(
      db,
      `INSERT INTO envelope_counts (dept_code, dept_name, status, n) VALUES (?, ?, 'pending', ?)
       ON CONFLICT (dept_code, dept_name, status) DO UPDATE SET n = n + excluded.n`,
    );
    for (const [code, name, n] of byDept) add.run(code, name, n);
    prepareCached(db, 'UPDATE member_count SET n = n + ? WHERE id = 1').run(this.staged.members);
    prepareCached(db, 'DELETE FROM staging_shipments WHERE shipment_id = ?').run(this.shipmentId);
    // What became visible is exactly what was staged.
    const stored = prepareCached<[{ id: number }], { envelopes: number; members: number }>(
      db,
      `SELECT (SELECT COUNT(*) FROM envelopes WHERE shipment_id = @id) AS envelopes, (SELECT COUNT(*) FROM members WHERE shipment_id = @id) AS members`,
    ).get({ id: this.shipmentId })!;
    if (stored.envelopes !== this.staged.envelopes || stored.members !== this.staged.members) {
      throw new Error(`staged copy incomplete: ${JSON.stringify(stored)} of ${this.staged.envelopes}/${this.staged.members}`);
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

/** Copies every slice, letting the desk go first between slices, and reports 書き込み progress. */
export function copyAllSlices(ctx: ServiceContext, copy: StagedCopy, total: number): void {
  while (!copy.finished) {
    ctx.yieldToDesk?.();
    copy.copyNext();
    ctx.progress?.('書き込み', copy.copied, total);
  }
}
