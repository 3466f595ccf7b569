/**
 * One desk in its own process for multidesk.test.ts, on the real services and the app's background sync:
 *   node --import tsx test/sync/deskChild.ts sync <dbFile> <url>
 *     one sync; prints `synced <pushed> <pulled>` (or `failed <message>`).
 *   node --import tsx test/sync/deskChild.ts scan <dbFile> <url> <seed> <scans>
 *     SyncService running every 200 ms while it scans households of its database in a seeded order, one
 *     every few ms, printing `green <insurer|match_key,…>` for each hand-over the clerk saw turn green.
 *     Prints `offline` when the background sync starts failing. Waits until a sync succeeded before the first scan (to have the others' lists), prints `done` at the end.
 */
import { openDatabase } from '../../electron/services/db/open';
import { createContext } from '../../electron/services/context';
import { syncOnce } from '../../electron/services/sync/engine';
import { serverErrorMessage, urlConfig } from '../../electron/services/sync/connection';
import { SyncService } from '../../electron/services/sync/service';
import { scan } from '../../electron/services/handover/scan';

const [mode, dbFile, url, seedText, scansText] = process.argv.slice(2);
if (!mode || !dbFile || !url) throw new Error('usage: deskChild <sync|scan> <dbFile> <url> …');
const say = (line: string) => process.stdout.write(line + '\n');
const db = openDatabase(dbFile);
const ctx = createContext(db);
const config = urlConfig(url);

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function main(): Promise<void> {
  if (mode === 'sync') {
    say('syncing');
    try {
      const r = await syncOnce(ctx, config);
      say(`synced ${r.pushed} ${r.pulled}`);
    } catch (e) {
      say(`failed ${serverErrorMessage(e)}`);
    }
    return;
  }
  const service = new SyncService(ctx, () => config, 200);
  while (!(await service.syncNow())) await new Promise((r) => setTimeout(r, 200));
  service.start();
  const households = db
    .prepare(`SELECT DISTINCT symbol || ' ' || number FROM members ORDER BY number_key, symbol_key`)
    .pluck()
    .all() as string[];
  const random = rng(Number(seedText));
  const keyOf = db.prepare(`SELECT i.name || '|' || e.match_key FROM envelopes e JOIN insurers i ON i.id = e.insurer_id WHERE e.id = ?`).pluck();
  let offline = false;
  for (let i = 0; i < Number(scansText); i++) {
    if (!offline && service.offline) say('offline'); // scans go on without the server
    offline = service.offline !== null;
    const r = scan(ctx, households[Math.floor(random() * households.length)]!);
    if (r.result === 'handed_over') say(`green ${r.handedOverIds.map((id) => keyOf.get(id)).join(',')}`);
    await new Promise((res) => setTimeout(res, 3));
  }
  await service.stop();
  say('done');
}

void main().then(() => db.close());
