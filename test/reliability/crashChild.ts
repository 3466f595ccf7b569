/**
 * The process crash.test.ts kills with SIGKILL at random moments. Spawned like bench/task.ts:
 *   node --import tsx test/reliability/crashChild.ts import <dbFile> <listFile>...
 *     imports the lists in order as the app does, preview then commit (each under the insurer named by its
 *     file name, as a clerk would type it), printing `previewed <fileName>` before the commit and
 *     `imported <fileName> <shipmentId|skip> <envelopes> <members>` once it returned (skip: already there).
 *   node --import tsx test/reliability/crashChild.ts scan <dbFile> <seed> [limit]
 *     scans the households of the database in a seeded order mixed with repeats and unknown codes, printing
 *     `scan <result> <actionUid|-> <envelopeIds>` once scan() returned: the colour the clerk saw.
 * Both print `ready` once the database is open (the test made it, with its settings, so nothing is written
 * before the import or the first scan). Lines go to a pipe, which Node writes synchronously on Linux and macOS.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../electron/services/db/open';
import { createContext } from '../../electron/services/context';

const [mode, dbFile, ...rest] = process.argv.slice(2);
if (!mode || !dbFile) throw new Error('usage: crashChild <import|scan> <dbFile> …');

const say = (line: string) => process.stdout.write(line + '\n');

/** Same generator as bench/generate.ts: reproducible without a dependency. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const db = openDatabase(dbFile);
const ctx = createContext(db);
say('ready');

// Each mode loads only what it uses: a shorter start leaves more of every run to the kills.
if (mode === 'import') {
  const { commitImport, nothingNewNotice, previewImport } =
    require('../../electron/services/lists/importList') as typeof import('../../electron/services/lists/importList');
  // The app's path: a preview (parse and plan, nothing stored), then the commit (one transaction).
  for (const file of rest) {
    const fileName = path.basename(file);
    const preview = previewImport(ctx, {
      fileName,
      bytes: new Uint8Array(fs.readFileSync(file)),
      insurerName: fileName.replace(/\.[^.]+$/, ''),
    });
    if (nothingNewNotice(preview)) {
      say(`imported ${fileName} skip ${preview.counts.envelopes} ${preview.counts.members}`);
      continue;
    }
    say(`previewed ${fileName}`);
    const summary = commitImport(ctx, {
      previewId: preview.previewId,
      insurerName: preview.insurerName,
      insurerNumber: preview.insurerNumber,
      unit: preview.unit,
      receivedOn: null,
      boxCount: null,
    });
    say(`imported ${fileName} ${summary.shipmentId} ${summary.counts.envelopes} ${summary.counts.members}`);
  }
} else if (mode === 'scan') {
  const { scan } = require('../../electron/services/handover/scan') as typeof import('../../electron/services/handover/scan');
  const seed = Number(rest[0] ?? 1);
  const limit = Number(rest[1] ?? Infinity);
  const r = rng(seed);
  const households = db
    .prepare(`SELECT DISTINCT symbol, number FROM members ORDER BY number, symbol`)
    .all() as { symbol: string; number: string }[];
  for (let i = households.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [households[i], households[j]] = [households[j]!, households[i]!];
  }
  const seen: string[] = [];
  for (let n = 0; n < limit; n++) {
    // Mostly new households, some repeats of earlier codes, a few codes on no list.
    const roll = r();
    let code: string;
    if (roll < 0.1 || households.length === 0) code = `99999999 ${String(Math.floor(r() * 1e7)).padStart(7, '0')}`;
    else if (roll < 0.25 && seen.length > 0) code = seen[Math.floor(r() * seen.length)]!;
    else {
      const h = households[n % households.length]!;
      code = `${h.symbol} ${h.number}`;
      seen.push(code);
    }
    const result = scan(ctx, code);
    const ids = result.result === 'handed_over' ? result.handedOverIds : result.envelopes.map((e) => e.id);
    say(`scan ${result.result} ${result.actionUid ?? '-'} ${ids.join(',') || '-'}`);
  }
} else {
  throw new Error(`unknown mode ${mode}`);
}
db.close();
say('done');
