/**
 * Command line for automation and support, on the same services as the app:
 *   npm run --silent cli -- <command> --db FILE [--json]
 * Success prints the result (JSON with --json); any failure exits 1 and prints {"ok": false, "error": "…"}.
 */
import { runCli } from './run';

process.exitCode = runCli(process.argv.slice(2), {
  out: (s) => process.stdout.write(s + '\n'),
  err: (s) => process.stderr.write(s + '\n'),
});
