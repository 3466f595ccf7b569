import { parseArgs } from 'node:util';
import { openDatabase } from '../services/db/open';
import { createContext, type ServiceContext } from '../services/context';
import { clerkMessage } from '../services/errors';
import type { AsyncCliCommand, CliCommand, CliOutput } from './command';
import { COMMANDS } from './commands';
import type { CliFileCommand } from './dbCheck';
import { progressLine, throttleProgress } from '../../shared/jobs';

export interface CliIO {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Given only when stderr is a terminal: long commands show how far they are there (stdout never changes). */
  progress?: (line: string) => void;
}

export class CliUsageError extends Error {}

const USAGE = `使い方: npm run --silent cli -- <command> --db FILE [--json]  /  db check FILE [--json]
コマンド: ${Object.keys(COMMANDS).join(', ')}`;

/**
 * Returns the exit code (a promise of it for a command that reads a photo); never throws or rejects, so
 * scripts always get JSON they can parse.
 */
export function runCli(argv: string[], io: CliIO): number | Promise<number> {
  const json = argv.includes('--json');
  const fail = (e: unknown) => {
    const message =
      e instanceof CliUsageError ? e.message : (clerkMessage(e) ?? `予期しないエラー: ${(e as Error)?.message ?? String(e)}`);
    io.out(JSON.stringify({ ok: false, error: message }));
    if (!json) io.err(message);
    return 1;
  };
  try {
    const [name, ...rest] = argv;
    if (!name || name === '--help' || name === 'help') {
      io.out(USAGE);
      return name ? 0 : 1;
    }
    const command: CliCommand | AsyncCliCommand | CliFileCommand | undefined = Object.prototype.hasOwnProperty.call(COMMANDS, name)
      ? COMMANDS[name as keyof typeof COMMANDS]
      : undefined;
    if (!command) throw new CliUsageError(`不明なコマンドです: ${name}\n${USAGE}`);
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({
        args: rest,
        options: { ...('run' in command ? { db: { type: 'string' } } : {}), json: { type: 'boolean' }, ...command.options },
        allowPositionals: true,
        strict: true,
      });
    } catch (e) {
      throw new CliUsageError(`${(e as Error).message}\n${USAGE}`);
    }
    if ('runOnFile' in command) {
      const result = command.runOnFile(parsed.positionals, parsed.values);
      io.out(json ? JSON.stringify(result.json) : result.text);
      return 0;
    }
    const dbPath = parsed.values.db;
    if (typeof dbPath !== 'string' || dbPath === '') throw new CliUsageError('--db FILE を指定してください');
    const db = openDatabase(dbPath);
    const print = (result: CliOutput) => {
      io.out(json ? JSON.stringify(result.json) : result.text);
      return 0;
    };
    let result: CliOutput | Promise<CliOutput>;
    try {
      const ctx: ServiceContext = createContext(db);
      const show = io.progress;
      if (show) ctx.progress = throttleProgress((phase, done, total) => show(progressLine(phase, done, total)), 100);
      result = command.run(ctx, parsed.positionals, parsed.values);
    } catch (e) {
      db.close();
      throw e;
    }
    if (!(result instanceof Promise)) {
      db.close();
      return print(result);
    }
    return result.then(print, fail).finally(() => db.close());
  } catch (e) {
    return fail(e);
  }
}

