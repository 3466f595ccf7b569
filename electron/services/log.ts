import fs from 'node:fs';
import type { Logger } from './handlers';

/**
 * Appends to a log file for support. Only our own messages and error names/stacks go in: never handler
 * arguments or results, which hold names and insurance numbers.
 */
export function createFileLogger(file: string): Logger {
  return (message, error) => {
    const detail = error instanceof Error ? ` ${error.name}: ${error.stack ?? error.message}` : '';
    try {
      fs.appendFileSync(file, `${new Date().toISOString()} ${message}${detail}\n`, { mode: 0o600 });
    } catch {
      // Logging must never break the clerk's work.
    }
  };
}
