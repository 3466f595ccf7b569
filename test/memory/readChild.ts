/**
 * Reads one list file through the importer's reader in a fresh process and prints what that cost:
 * {"ok":…,"error":…,"maxRssMb":…,"peakArrayBuffersMb":…}. A test that measures memory needs its own process:
 * the test runner's heap and earlier tests would blur the figure.
 */
import fs from 'node:fs';
import { readListFile } from '../../electron/services/sheet/read';

const file = process.argv[2]!;
const bytes = new Uint8Array(fs.readFileSync(file));
const baseline = process.memoryUsage();
let peakArrayBuffers = 0;
// The reader is synchronous: sample right after it, while its result is still held.
let ok = true;
let error = '';
let held: unknown = null;
const started = performance.now();
try {
  held = readListFile(bytes, file);
} catch (e) {
  ok = false;
  error = e instanceof Error ? e.message : String(e);
}
const ms = Math.round(performance.now() - started);
const after = process.memoryUsage();
peakArrayBuffers = after.arrayBuffers - baseline.arrayBuffers;
const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
process.stdout.write(
  JSON.stringify({ ok, error, held: held !== null, ms, maxRssMb: mb(process.resourceUsage().maxRSS * 1024), heldArrayBuffersMb: mb(peakArrayBuffers) }),
);
