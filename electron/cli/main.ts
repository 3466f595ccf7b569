/**
 * Command line for automation and support, on the same services as the app:
 *   npm run --silent cli -- <command> --db FILE [--json]
 * Success prints the result (JSON with --json); any failure exits 1 and prints {"ok": false, "error": "…"}.
 * On a terminal, long commands (import, export) show their progress on stderr; piped, stderr has the
 * messages alone and stdout never changes.
 */
import { runCli } from './run';

const tty = process.stderr.isTTY;
let progressShown = false;
const clearProgress = () => {
  if (progressShown) process.stderr.write('\r\x1b[K');
  progressShown = false;
};

// A command that reads a photo answers with a promise of its exit code; the others with the code itself.
void Promise.resolve(
  runCli(process.argv.slice(2), {
    out: (s) => {
      clearProgress();
      process.stdout.write(s + '\n');
    },
    err: (s) => {
      clearProgress();
      process.stderr.write(s + '\n');
    },
    ...(tty
      ? {
          progress: (s: string) => {
            process.stderr.write(`\r\x1b[K${s}`);
            progressShown = true;
          },
        }
      : {}),
  }),
).then((code) => {
  clearProgress();
  process.exitCode = code;
});
