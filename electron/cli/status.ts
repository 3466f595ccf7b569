import { DIRECT_LABEL, STATUS_LABELS, ENVELOPE_STATUSES } from '../../shared/domain';
import { getStatus } from '../services/status';
import { syncStatus } from '../services/sync/state';
import { deviceId } from '../services/settings';
import type { CliCommand } from './command';

/** `status`: how many envelopes are in each state, and what this desk has not yet synced. */
export const statusCommand: CliCommand = {
  options: {},
  run: (ctx) => {
    const counts = getStatus(ctx);
    const sync = syncStatus(ctx.db, deviceId(ctx));
    const lines = [
      `封筒 ${counts.envelopes.total}通（対象者 ${counts.members}人）`,
      ...ENVELOPE_STATUSES.map((s) => `  ${STATUS_LABELS[s]}: ${counts.envelopes[s]}`),
      ...(counts.envelopes.direct > 0 ? [`  ${DIRECT_LABEL}（箱に入っていません）: ${counts.envelopes.direct}`] : []),
      `未送信 ${sync.pending}件、二重配付の可能性 ${sync.conflicts}件、最終同期 ${sync.lastSyncAt ?? 'なし'}`,
    ];
    return { json: { ...counts, sync }, text: lines.join('\n') };
  },
};
