import type { ParseArgsConfig } from 'node:util';
import type { ServiceContext } from '../services/context';

export type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** One CLI command: its options (node:util parseArgs) and what it prints, as JSON and as Japanese text. */
export interface CliCommand {
  options: NonNullable<ParseArgsConfig['options']>;
  run: (ctx: ServiceContext, positionals: string[], values: Values) => { json: unknown; text: string };
}
