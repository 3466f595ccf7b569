/**
 * One measurement in a fresh process, so peak memory belongs to that task alone.
 *   node --import tsx bench/task.ts <task> <file>   → prints {"ms": n, "maxRssMb": n}
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { openDatabase } from '../electron/services/db/open';
import { createContext } from '../electron/services/context';
import { importFile } from '../electron/services/lists/importList';
import { scan } from '../electron/services/handover/scan';
import { search } from '../electron/services/handover/search';

const [task, file] = process.argv.slice(2);
if (!task || !file) throw new Error('usage: task <bare-xlsx|bare-csv|import> <file>');
const bytes = new Uint8Array(fs.readFileSync(file));

const start = performance.now();
let check = 0;
if (task === 'bare-xlsx' || task === 'bare-csv') {
  // The baseline: what SheetJS itself needs to turn the file into rows. SheetJS does not recognise
  // Shift_JIS CSV bytes (it returns an empty workbook), so the CSV baseline decodes first, as any
  // correct reader must.
  const wb =
    task === 'bare-csv'
      ? XLSX.read(new TextDecoder('shift_jis').decode(bytes), { type: 'string', dense: true })
      : XLSX.read(bytes, { type: 'array', dense: true });
  const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[wb.SheetNames[0]!]!, { header: 1 });
  check = rows.length - 1;
} else if (task === 'import') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubaru-bench-'));
  const db = openDatabase(path.join(dir, 'bench.sqlite3'));
  const summary = importFile(createContext(db), bytes, path.basename(file), {});
  check = summary.counts.members;
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
} else if (task === 'handover') {
  process.stdout.write(JSON.stringify(measureHandover(bytes)) + '\n');
  process.exit(0);
} else {
  throw new Error(`unknown task ${task}`);
}
const ms = performance.now() - start;
process.stdout.write(JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, check }) + '\n');

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * Scan → durable commit and search-as-you-type at full size, against a bare indexed SELECT measured on
 * the same database in the same process as the baseline.
 */
function measureHandover(list: Uint8Array) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubaru-bench-'));
  const db = openDatabase(path.join(dir, 'bench.sqlite3'));
  const ctx = createContext(db);
  importFile(ctx, list, 'list.xlsx', {});
  const households = db
    .prepare(`SELECT DISTINCT symbol, number FROM members ORDER BY random() LIMIT 1000`)
    .all() as { symbol: string; number: string }[];
  const names = db.prepare(`SELECT name, kana FROM members ORDER BY random() LIMIT 500`).all() as { name: string; kana: string }[];

  const bare = db.prepare('SELECT id, envelope_id FROM members WHERE number_key = ? AND symbol_key = ?');
  const baseline: number[] = [];
  for (const h of households) {
    const t = performance.now();
    bare.all(String(Number(h.number)), String(Number(h.symbol)));
    baseline.push(performance.now() - t);
  }

  search(ctx, 'warm-up'); // builds the in-memory index once, as the first keystroke of the day would
  const scans: number[] = [];
  for (const h of households) {
    const t = performance.now();
    const r = scan(ctx, `${h.symbol} ${h.number}`);
    scans.push(performance.now() - t);
    if (r.result === 'unknown') throw new Error(`bench scan found nothing for ${h.symbol} ${h.number}`);
  }

  // What a clerk types: the first 1–3 characters of a surname in kanji, then in kana.
  const queries = names.flatMap((n) => [n.name.slice(0, 1), n.name.slice(0, 2), n.kana.slice(0, 3)]);
  const searches: number[] = [];
  for (const q of queries) {
    const t = performance.now();
    search(ctx, q, 50);
    searches.push(performance.now() - t);
  }
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  const r2 = (x: number) => Math.round(x * 1000) / 1000;
  return {
    scanP50Ms: r2(percentile(scans, 50)),
    scanP99Ms: r2(percentile(scans, 99)),
    searchP50Ms: r2(percentile(searches, 50)),
    searchP99Ms: r2(percentile(searches, 99)),
    baselineP99Ms: r2(percentile(baseline, 99)),
    baselineP50Ms: r2(percentile(baseline, 50)),
  };
}
