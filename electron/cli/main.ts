/**
 * Command line for automation and support, on the same services as the app:
 *   npm run --silent cli -- <command> --db FILE [--json]
 * Success prints the result (JSON with --json); any failure exits 1 and prints {"ok": false, "error": "…"}.
 * On a terminal, long commands (import, export) show their progress on stderr; piped, stderr has the
 * messages alone and stdout never changes.
 * `sync` talks to a server, so it is the one command that waits on the network (electron/cli/sync.ts).
 */
import { runCli } from './run';
import { runSyncCli } from './sync';

const tty = process.stderr.isTTY;
let progressShown = false;
const clearProgress = () => {
  if (progressShown) process.stderr.write('\r\x1b[K');
  progressShown = false;
};

const io = {
  out: (s: string) => {
    clearProgress();
    process.stdout.write(s + '\n');
  },
  err: (s: string) => {
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
};
const argv = process.argv.slice(2);
// `sync` and a command that reads a photo answer with a promise of their exit code; the others with the code itself.
void Promise.resolve(argv[0] === 'sync' ? runSyncCli(argv.slice(1), io) : runCli(argv, io)).then((code) => {
  clearProgress();
  process.exitCode = code;
});
