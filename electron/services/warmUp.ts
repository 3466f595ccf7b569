/**
 * The first scan of a session ran 6–7.5 ms in the process that answers the desk, the ones after it
 * 1.5–2 ms (100,000 members): V8 compiles a function the first time it is called, and a scan's path
 * (the handler table, the argument's schema, the code parser, the queries, the hand-over's transaction)
 * is a few hundred functions. Once the window is up, warmUpScan runs that path through `dispatch` on a
 * scratch database of two made-up members, deleted at once: the clerk's first scan then takes about
 * 2.5 ms. The clerk's own database is not touched, so no lock is taken on it and nothing is written to it.
 * Once per process: what V8 compiled stays compiled.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createContext } from './context';
import { openDatabase } from './db/open';
import { dispatch } from './handlers';
import { importFile } from './lists/importList';
import type { Result } from '../../shared/result';
import type { ScanOutcome, ScanResult } from '../../shared/handover';

const SCRATCH_LIST = [
  '記号,番号,枝番,被保険者氏名,対象者氏名,続柄',
  '1,1,00,見本 一郎,見本 一郎,本人',
  '1,1,01,見本 一郎,見本 花子,配偶者',
].join('\r\n');

let warmed = false;

/** What the scratch scans answered (empty when this process was warmed already or the warm-up failed). */
export async function warmUpScan(log: (message: string, e: unknown) => void): Promise<ScanOutcome[]> {
  if (warmed) return [];
  warmed = true;
  const outcomes: ScanOutcome[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubaru-warmup-'));
  try {
    const db = openDatabase(path.join(dir, 'scratch.sqlite3'));
    try {
      const ctx = createContext(db);
      importFile(ctx, new TextEncoder().encode(SCRATCH_LIST), 'scratch.csv', { insurerName: '見本', unit: 'person' });
      // Handed over, then the same code again (配付済み), as the desk's two commonest answers.
      for (let i = 0; i < 2; i++) {
        const r = (await dispatch(ctx, 'scan', { code: '1-1' }, log)) as Result<ScanResult>;
        if (!r.ok) throw new Error(r.error);
        outcomes.push(r.value.result);
      }
    } finally {
      db.close();
    }
  } catch (e) {
    // Only speed is at stake: the app goes on without it.
    log('scan warm-up failed', e);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return outcomes;
}
