/**
 * The roster check as the app, the CLI and the harness run it: import a 社員名簿, then compare it with the
 * lists. The app shows the proposals and waits for the clerk; the CLI flags them at once.
 */
import type { ApiResult } from '../../../shared/api';
import type { RosterMapping } from '../../../shared/roster';
import type { ServiceContext } from '../context';
import { applyRetireeFlags, reconcile } from './reconcile';
import { currentRoster, storedOrThrow, storeRosterFile } from './rosterStore';

export interface RosterImportArgs {
  fileName: string;
  bytes: Uint8Array;
  mapping?: RosterMapping | undefined;
  insurerName?: string | undefined;
  operator?: string | undefined;
}

/**
 * Imports the roster and reports against it. Unrecognised columns or an ambiguous insurer come back as
 * data (the clerk picks columns or the insurer, as for lists); nothing is stored then.
 */
export function importRoster(ctx: ServiceContext, args: RosterImportArgs): ApiResult<'importRoster'> {
  const imported = storeRosterFile(ctx, args.bytes, args.fileName, { mapping: args.mapping, insurerName: args.insurerName, operator: args.operator });
  if (imported.needsMapping || imported.needsInsurer) return imported;
  return { ...imported, report: reconcile(ctx) };
}

/** The report of the roster in force, with which file it is; null before any roster was imported. */
export function rosterReport(ctx: ServiceContext): ApiResult<'rosterReport'> {
  const roster = currentRoster(ctx.db);
  return roster ? { ...reconcile(ctx), rosterFile: roster.fileName, importedAt: roster.importedAt, insurerName: roster.insurerName } : null;
}

/**
 * Imports the roster and flags every retiree envelope at once, as one action (one undo takes it back).
 * A roster that needs columns or an insurer chosen throws: there is no one to ask.
 */
export function importRosterAndFlag(ctx: ServiceContext, args: Omit<RosterImportArgs, 'mapping'>) {
  const imported = storedOrThrow(storeRosterFile(ctx, args.bytes, args.fileName, { operator: args.operator, insurerName: args.insurerName }));
  const report = reconcile(ctx);
  const { flagged } = applyRetireeFlags(
    ctx,
    report.proposals.map((p) => p.envelopeId),
    args.operator,
  );
  return { imported, report, flagged };
}
