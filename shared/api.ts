/**
 * The one contract between renderer and main: name → argument → result.
 * The preload exposes exactly these methods (checked with `satisfies KubaruApi`), main registers exactly
 * these handlers, and every argument is validated with the schema below because the renderer is untrusted.
 */
import { z } from 'zod';
import type { AppSettings, StatusCounts } from './domain';
import type { Result } from './result';

// Validation messages reach the clerk, so zod speaks Japanese.
z.config(z.locales.ja());

const text = (label: string, max: number) =>
  z
    .string({ error: `${label}を入力してください` })
    .trim()
    .min(1, { error: `${label}を入力してください` })
    .max(max, { error: `${label}は${max}文字以内で入力してください` });

const noArg = z.undefined();

export const argSchemas = {
  getSettings: noArg,
  saveSettings: z.strictObject({
    companyName: text('事業所名', 100),
    operatorName: text('担当者名', 50),
  }),
  getStatus: noArg,
} as const;

export type ApiName = keyof typeof argSchemas;
export type ApiArg<K extends ApiName> = z.input<(typeof argSchemas)[K]>;
/** The argument after validation (trimmed strings and so on): what handlers receive. */
export type ApiParsedArg<K extends ApiName> = z.output<(typeof argSchemas)[K]>;

export interface ApiResults {
  getSettings: AppSettings;
  saveSettings: AppSettings;
  getStatus: StatusCounts;
}

export type ApiResult<K extends ApiName> = ApiResults[K];

/** What `window.kubaru` is in the renderer. */
export type KubaruApi = {
  [K in ApiName]: (...arg: ApiArg<K> extends undefined ? [] : [ApiArg<K>]) => Promise<Result<ApiResult<K>>>;
};

export const API_NAMES = Object.keys(argSchemas) as ApiName[];

/** IPC channel for a method; one prefix so main can refuse anything else. */
export const channelOf = (name: ApiName): string => `kubaru:${name}`;
