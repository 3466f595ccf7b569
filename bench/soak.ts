/**
 * Soak (issue #7): 10,000 scans in a row through the real scan service, as a long day at the desk —
 * new households, repeated scans of envelopes already handed over, codes on no list — while the heap is
 * measured after a full GC at scan 1,000 and at the last scan.
 *
 * bench/main.ts runs it in a fresh process (runSoak), so the heap and the p99 belong to the scans alone:
 *   node --expose-gc --import tsx bench/soak.ts <list file>   → prints one JSON line
 * test/reliability/soak.test.ts calls soakScans on its own database and asserts the memory.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { ScanOutcome } from '../shared/handover';
import { createContext, type ServiceContext } from '../electron/services/context';
import { openDatabase } from '../electron/services/db/open';
import { importFile } from '../electron/services/lists/importList';
import { scan } from '../electron/services/handover/scan';

export const SOAK_SCANS = 10_000;
/** The scan at which the heap is first measured: by then every statement, cache and JIT tier is warm. */
export const SOAK_WARM = 1_000;

/** A full garbage collection, with or without --expose-gc. */
export function fullGc(): void {
  let gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as () => void;
  }
  gc();
  gc(); // the second pass collects what the first one's finalisers released
}

const heapMb = () => {
  const m = process.memoryUsage();
  return (m.heapUsed + m.external) / 2 ** 20;
};

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export interface SoakResult {
  /** ms of each scan, in order. */
  times: number[];
  /** V8 heap + external memory after a full GC, in MB. */
  heapAtWarmMb: number;
  heapAtEndMb: number;
  /** How many scans came out as what (new households green, repeats amber, strangers grey). */
  outcomes: Record<ScanOutcome, number>;
  /** Scans whose outcome was not the one their kind calls for (0 in a sound run). */
  surprises: string[];
}

/**
 * `scans` scans against whatever lists the database holds: about 70 % new households (by 記号 番号,
 * a fifth of them by 整理番号), 20 % repeats of a code scanned before, 10 % codes on no list.
 */
export function soakScans(ctx: ServiceContext, scans = SOAK_SCANS, seed = 7): SoakResult {
  const r = rng(seed);
  const households = ctx.db
    .prepare(
      `SELECT symbol, number, MIN(ref_number) AS ref FROM members
        WHERE envelope_id IN (SELECT id FROM envelopes WHERE status = 'pending')
        GROUP BY insurer_id, symbol_key, number_key`,
    )
    .all() as { symbol: string; number: string; ref: string }[];
  for (let i = households.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [households[i], households[j]] = [households[j]!, households[i]!];
  }
  const scanned: string[] = [];
  let next = 0;
  const times: number[] = [];
  const outcomes: Record<ScanOutcome, number> = { handed_over: 0, already_handed_over: 0, blocked: 0, direct: 0, unknown: 0 };
  const surprises: string[] = [];
  let heapAtWarmMb = 0;
  for (let n = 0; n < scans; n++) {
    const roll = r();
    let code: string;
    let want: ScanOutcome;
    if (roll < 0.1) {
      code = `99999999 ${String(Math.floor(r() * 1e7)).padStart(7, '0')}`;
      want = 'unknown';
    } else if ((roll < 0.3 && scanned.length > 0) || next >= households.length) {
      code = scanned[Math.floor(r() * scanned.length)]!;
      want = 'already_handed_over';
    } else {
      const h = households[next++]!;
      code = r() < 0.2 && h.ref ? h.ref : `${h.symbol} ${h.number}`;
      scanned.push(code);
      want = 'handed_over';
    }
    const t = performance.now();
    const result = scan(ctx, code);
    times.push(performance.now() - t);
    outcomes[result.result]++;
    if (result.result !== want && surprises.length < 20) surprises.push(`${code}: ${result.result}, expected ${want}`);
    if (n + 1 === SOAK_WARM) {
      fullGc();
      heapAtWarmMb = heapMb();
    }
  }
  fullGc();
  return { times, heapAtWarmMb, heapAtEndMb: heapMb(), outcomes, surprises };
}

/** The bench's figures: p99 of the 10,000 scans and heap growth from scan 1,000 to the end. */
export function soakFigures(s: SoakResult): { soakScanP99Ms: number; soakHeapGrowthMb: number } {
  const r2 = (x: number) => Math.round(x * 1000) / 1000;
  return { soakScanP99Ms: r2(percentile(s.times, 99)), soakHeapGrowthMb: r2(s.heapAtEndMb - s.heapAtWarmMb) };
}

/** Imports `listFile` into a new database in a fresh Node process and soaks it there. */
export function runSoak(listFile: string): { soakScanP99Ms: number; soakHeapGrowthMb: number } {
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', __filename, listFile], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`soak bench failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as { soakScanP99Ms: number; soakHeapGrowthMb: number };
}

function main(listFile: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubaru-soak-'));
  const db = openDatabase(path.join(dir, 'soak.sqlite3'));
  try {
    const ctx = createContext(db);
    importFile(ctx, new Uint8Array(fs.readFileSync(listFile)), path.basename(listFile), {});
    const s = soakScans(ctx);
    if (s.surprises.length > 0) throw new Error(`soak scans came out wrong: ${s.surprises.join('; ')}`);
    process.stdout.write(JSON.stringify(soakFigures(s)) + '\n');
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const listFile = process.argv[2];
  if (!listFile) throw new Error('usage: soak.ts <list file>');
  main(listFile);
}
