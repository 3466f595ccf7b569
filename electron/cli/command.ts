import type { ParseArgsConfig } from 'node:util';
import type { ServiceContext } from '../services/context';

export type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** What a command prints: JSON with --json, Japanese text otherwise. */
export interface CliOutput {
  json: unknown;
  text: string;
}

/** One CLI command: its options (node:util parseArgs) and what it prints, as JSON and as Japanese text. */
export interface CliCommand {
  options: NonNullable<ParseArgsConfig['options']>;
  run: (ctx: ServiceContext, positionals: string[], values: Values) => CliOutput;
}

/** Reading a photo (OCR) takes a promise; every other command answers at once. */
export interface AsyncCliCommand {
  options: CliCommand['options'];
  run: (ctx: ServiceContext, positionals: string[], values: Values) => Promise<CliOutput>;
}
