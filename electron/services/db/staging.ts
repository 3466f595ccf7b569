/**
 * A list being copied into the live tables a slice at a time (issue #13, migration 8) is "staging": its
 * shipment is listed in staging_shipments until the copy's last transaction removes it. Meanwhile no
 * reader may see its rows — not a scan, a search, a count, a report, a sync push — so an import stays all
 * or nothing for everyone, though it never holds the write lock for more than a slice.
 *
 * This is the one home of that rule: readers use `visibleShipment`, and a list whose copying process is
 * gone is removed by `removeAbandonedStaging`.
 */
import { type DB, prepareCached } from './open';

/**
 * SQL that is true when the shipment in `column` is visible (not being copied in). Uncorrelated, so
 * SQLite builds the (almost always empty) set once per statement, not once per row.
 */
export function visibleShipment(column: string): string {
  return `${column} NOT IN (SELECT shipment_id FROM staging_shipments)`;
}

/**
 * Whether the database holds any visible envelope (a list the clerk can work with). The kept counts answer
 * at once and leave staging lists out (test/reliability/invariants.ts holds them to a recount).
 */
export function holdsVisibleEnvelopes(db: DB): boolean {
  return prepareCached(db, 'SELECT EXISTS (SELECT 1 FROM envelope_counts)').pluck().get() === 1;
}

/**
 * The insert triggers that do nothing for a staging list's rows (migration 8): a copy that holds the lock
 * for a whole list may drop them for its transaction and make them again (schemaSql) — each one fired
 * per row still cost a tenth of a 100k import, only to find the row staging.
 */
export const TRIGGERS_SKIPPING_STAGING = ['envelope_counts_insert', 'member_count_insert'] as const;

/** Whether some list is being copied in right now (by this process or another on this PC). */
export function listBeingCopied(db: DB): boolean {
  return prepareCached(db, 'SELECT EXISTS (SELECT 1 FROM staging_shipments)').pluck().get() === 1;
}

/** Whether a process is alive on this PC (signal 0 checks without signalling; Windows too). */
function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else, so it is alive.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the rows of lists whose copy was cut short (crash, kill -9, power): the process that staged
 * them is gone. A copy still running in a live process (this app's worker, a CLI next to it) is left
 * alone. Returns how many lists were removed.
 */
export function removeAbandonedStaging(db: DB): number {
  const staged = prepareCached<[], { shipment_id: number; pid: number }>(db, 'SELECT shipment_id, pid FROM staging_shipments').all();
  const abandoned = staged.filter((s) => !alive(s.pid)).map((s) => s.shipment_id);
  if (abandoned.length === 0) return 0;
  db.transaction(() => {
    for (const id of abandoned) {
      // Still staging now that we hold the lock (its process may have finished in between)?
      if (prepareCached(db, 'SELECT 1 FROM staging_shipments WHERE shipment_id = ?').get(id) === undefined) continue;
      removeStagedShipment(db, id);
    }
  }).immediate();
  return abandoned.length;
}

/**
 * Deletes a staging list: its members (they reference envelopes), envelopes, staging entry and shipment.
 * The counts triggers skip staging rows, so the kept counts stay as they were. Inside a transaction.
 */
export function removeStagedShipment(db: DB, shipmentId: number): void {
  const insurerId = prepareCached(db, 'SELECT insurer_id FROM shipments WHERE id = ?').pluck().get(shipmentId) as number | undefined;
  prepareCached(db, 'DELETE FROM members WHERE shipment_id = ?').run(shipmentId);
  prepareCached(db, 'DELETE FROM envelopes WHERE shipment_id = ?').run(shipmentId);
  prepareCached(db, 'DELETE FROM staging_shipments WHERE shipment_id = ?').run(shipmentId);
  prepareCached(db, 'DELETE FROM shipments WHERE id = ?').run(shipmentId);
  // The insurer this list brought (its first list): gone with it, as if the import had never begun. One
  // that anything else still names (another list, a 社員名簿, a roster of returns) stays.
  if (insurerId !== undefined) {
    prepareCached(
      db,
      `DELETE FROM insurers WHERE id = @id
         AND NOT EXISTS (SELECT 1 FROM shipments WHERE insurer_id = @id)
         AND NOT EXISTS (SELECT 1 FROM envelopes WHERE insurer_id = @id)
         AND NOT EXISTS (SELECT 1 FROM members WHERE insurer_id = @id)
         AND NOT EXISTS (SELECT 1 FROM roster_imports WHERE insurer_id = @id)
         AND NOT EXISTS (SELECT 1 FROM return_batches WHERE insurer_id = @id)`,
    ).run({ id: insurerId });
  }
}
