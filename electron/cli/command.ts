import type { ParseArgsConfig } from 'node:util';
import type { ServiceContext } from '../services/context';
import { UserError } from '../services/errors';
import { operatorName } from '../../shared/api';

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

/** `--operator NAME` under the rule 設定 applies to the operator's name (so a My Number typed there is masked). */
export function operatorOption(values: Values): string | undefined {
  if (typeof values.operator !== 'string' || values.operator.trim() === '') return undefined;
  const r = operatorName.safeParse(values.operator);
  if (!r.success) throw new UserError(r.error.issues[0]?.message ?? '担当者名が正しくありません');
  return r.data;
}
