import { DIRECT_LABEL, STATUS_LABELS, ENVELOPE_STATUSES } from '../../shared/domain';
import { getStatus } from '../services/status';
import type { CliCommand } from './command';

/** `status`: how many envelopes are in each state. */
export const statusCommand: CliCommand = {
  options: {},
  run: (ctx) => {
    const counts = getStatus(ctx);
    const lines = [
      `封筒 ${counts.envelopes.total}通（対象者 ${counts.members}人）`,
      ...ENVELOPE_STATUSES.map((s) => `  ${STATUS_LABELS[s]}: ${counts.envelopes[s]}`),
      ...(counts.envelopes.direct > 0 ? [`  ${DIRECT_LABEL}（箱に入っていません）: ${counts.envelopes.direct}`] : []),
    ];
    return { json: counts, text: lines.join('\n') };
  },
};
