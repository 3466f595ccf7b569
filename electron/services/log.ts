import fs from 'node:fs';
import type { Logger } from './handlers';
import { scrubMyNumbers } from '../../shared/myNumber';

/** Past this the log starts over, keeping one previous file: a support log, not an archive. */
export const MAX_LOG_BYTES = 1024 * 1024;

/**
 * An error's text may quote what it choked on (a cell, a name). Japanese text and long digit runs (a My Number,
 * an insurance number) are blanked, so the log can be mailed to support as it is.
 */
export function scrub(text: string): string {
  // My Numbers first, by the app's one rule: spelt 1234 5678 9012 their groups are too short for the last step.
  return scrubMyNumbers(text).replace(/[^\x00-\x7f]+/g, '…').replace(/\d{6,}/g, '#');
}

/**
 * Appends to a log file for support. Only our own messages and error names/stacks go in: never handler
 * arguments or results, which hold names and insurance numbers.
 */
export function createFileLogger(file: string, maxBytes = MAX_LOG_BYTES): Logger {
  return (message, error) => {
    const detail = error instanceof Error ? ` ${error.name}: ${scrub(error.stack ?? error.message)}` : '';
    try {
      if (fs.existsSync(file) && fs.statSync(file).size > maxBytes) fs.renameSync(file, `${file}.1`);
      fs.appendFileSync(file, `${new Date().toISOString()} ${scrub(message)}${detail}\n`, { mode: 0o600 });
    } catch {
      // Logging must never break the clerk's work.
    }
  };
}
