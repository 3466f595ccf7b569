import { ENVELOPE_STATUSES, type StatusCounts } from '../../shared/domain';
import type { ServiceContext } from './context';
import { prepareCached } from './db/open';

/** The status bar's totals, from the counts the triggers of migration 5 keep (a few rows, not 100,000). */
export function getStatus(ctx: ServiceContext): StatusCounts {
  const envelopes: StatusCounts['envelopes'] = { total: 0, pending: 0, handed_over: 0, to_return: 0, returned: 0, on_hold: 0 };
  const rows = prepareCached<[], { status: (typeof ENVELOPE_STATUSES)[number]; n: number }>(
    ctx.db,
    'SELECT status, SUM(n) AS n FROM envelope_counts GROUP BY status',
  ).all();
  for (const { status, n } of rows) {
    envelopes[status] = n;
    envelopes.total += n;
  }
  const members = prepareCached<[], { n: number }>(ctx.db, 'SELECT n FROM member_count WHERE id = 1').get()?.n ?? 0;
  return { envelopes, members };
}
