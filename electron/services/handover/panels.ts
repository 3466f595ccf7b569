/**
 * Everything the 配付 screen re-reads after a scan, in one call (one IPC round trip): the history, the
 * progress per 所属 and the status bar's totals. Each reads a few dozen rows (migration 5's counts,
 * the last events), so a queue of employees at the desk never waits behind it.
 */
import type { HandoverPanels } from '../../../shared/handover';
import type { ServiceContext } from '../context';
import { getStatus } from '../status';
import { deptProgress } from './list';
import { listActions } from './undo';

/** How many actions the history panel shows. */
export const PANEL_ACTIONS = 30;

export function handoverPanels(ctx: ServiceContext): HandoverPanels {
  return { actions: listActions(ctx, PANEL_ACTIONS), progress: deptProgress(ctx), status: getStatus(ctx) };
}
