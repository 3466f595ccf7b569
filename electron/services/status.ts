import { ENVELOPE_STATUSES, type StatusCounts } from '../../shared/domain';
import type { ServiceContext } from './context';
import { prepareCached } from './db/open';

export function getStatus(ctx: ServiceContext): StatusCounts {
  const envelopes: StatusCounts['envelopes'] = { total: 0, pending: 0, handed_over: 0, to_return: 0, returned: 0, on_hold: 0 };
  const rows = prepareCached(ctx.db, 'SELECT status, COUNT(*) AS n FROM envelopes GROUP BY status').all() as {
    status: (typeof ENVELOPE_STATUSES)[number];
    n: number;
  }[];
  for (const { status, n } of rows) {
    envelopes[status] = n;
    envelopes.total += n;
  }
  const members = prepareCached(ctx.db, 'SELECT COUNT(*) FROM members').pluck().get() as number;
  return { envelopes, members };
}
