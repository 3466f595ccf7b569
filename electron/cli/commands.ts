import type { ParseArgsConfig } from 'node:util';
import type { ServiceContext } from '../services/context';
import { getStatus } from '../services/status';
import { STATUS_LABELS, ENVELOPE_STATUSES } from '../../shared/domain';

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface CliCommand {
  options: NonNullable<ParseArgsConfig['options']>;
  run: (ctx: ServiceContext, positionals: string[], values: Values) => { json: unknown; text: string };
}

const status: CliCommand = {
  options: {},
  run: (ctx) => {
    const counts = getStatus(ctx);
    const lines = [
      `封筒 ${counts.envelopes.total}通（対象者 ${counts.members}人）`,
      ...ENVELOPE_STATUSES.map((s) => `  ${STATUS_LABELS[s]}: ${counts.envelopes[s]}`),
    ];
    return { json: counts, text: lines.join('\n') };
  },
};

export const COMMANDS = { status } satisfies Record<string, CliCommand>;
