import { UserError } from '../services/errors';
import { scan } from '../services/handover/scan';
import type { ScanResult } from '../../shared/handover';
import { operatorOption, type CliCommand, type CliOutput } from './command';

/** The JSON and text of a scan answer; `scan-image` prints the same plus `read`. */
export function scanOutput(r: ScanResult): CliOutput {
  const { members, ...envelope } = r.envelope ?? { members: [] };
  void members;
  const json = {
    result: r.result,
    code: r.code,
    message: r.message,
    summary: r.summary,
    envelope: r.envelope ? envelope : null,
    members: r.envelopes.flatMap((e) => e.members.map((m) => ({ ...m, envelopeId: e.id, status: e.status }))),
    envelopes: r.envelopes.map(({ members: ms, ...e }) => ({ ...e, memberIds: ms.map((m) => m.id) })),
    handedOverIds: r.handedOverIds,
    actionUid: r.actionUid,
  };
  const label = { handed_over: '配付', already_handed_over: '配付済', blocked: '渡さない', direct: '直送', unknown: '不明' }[r.result];
  return { json, text: `[${label}] ${r.summary} ${r.message}`.trim() };
}

/** `scan CODE [--operator NAME]`: the same rules as the hand-over screen. */
export const scanCommand: CliCommand = {
  options: { operator: { type: 'string' } },
  run: (ctx, positionals, values) => {
    const code = positionals.join(' ').trim();
    if (!code) throw new UserError('読み取ったコードを指定してください: scan CODE --db DB');
    return scanOutput(scan(ctx, code, { operator: operatorOption(values) }));
  },
};
