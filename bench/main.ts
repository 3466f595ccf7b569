/**
 * npm run bench [-- --members N] [-- --json] [-- --ui]
 * Every figure is a ratio to a baseline measured in the same run on the same machine, so results are
 * comparable across machines; absolute times are printed only for orientation.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateRows, toShiftJisCsv, toXlsx } from './generate';
import { runSoak } from './soak';
import { measureCamera } from './camera';
import { measureSync } from './sync';

const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '100000' },
    json: { type: 'boolean', default: false },
    runs: { type: 'string', default: '2' },
    // The real renderer in Chromium as well (uiScanP99Ms): needs /usr/bin/chromium and the built renderer.
    ui: { type: 'boolean', default: false },
    'camera-photos': { type: 'string', default: '40' },
  },
});
const members = Number(values.members);
const runs = Math.max(1, Number(values.runs));
if (!Number.isInteger(members) || members < 10) throw new Error('--members must be a whole number ≥ 10');
const log = (s: string) => values.json || process.stderr.write(s + '\n');

interface Measure {
  ms: number;
  maxRssMb: number;
  check: number;
}

/** Runs a task in a fresh Node process `runs` times; the fastest time and its peak memory count. */
function measure(task: string, file: string): Measure {
  let best: Measure | null = null;
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'task.ts'), task, file], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    if (r.status !== 0) throw new Error(`${task} failed: ${r.stderr}`);
    const m = JSON.parse(r.stdout.trim().split('\n').pop()!) as Measure;
    if (!best || m.ms < best.ms) best = m;
  }
  return best!;
}

const cameraPhotos = Number(values['camera-photos']);
if (!Number.isInteger(cameraPhotos) || cameraPhotos < 2) throw new Error('--camera-photos must be a whole number ≥ 2');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubaru-bench-'));
void (async () => {
try {
  log(`generating ${members} members…`);
  const rows = generateRows(members);
  const xlsx = path.join(dir, 'list.xlsx');
  const csv = path.join(dir, 'list-sjis.csv');
  fs.writeFileSync(xlsx, toXlsx(rows));
  fs.writeFileSync(csv, toShiftJisCsv(rows));

  const bareXlsx = measure('bare-xlsx', xlsx);
  const importXlsx = measure('import', xlsx);
  log(`xlsx: bare parse ${bareXlsx.ms.toFixed(0)} ms / ${bareXlsx.maxRssMb.toFixed(0)} MB, import ${importXlsx.ms.toFixed(0)} ms / ${importXlsx.maxRssMb.toFixed(0)} MB`);
  const bareCsv = measure('bare-csv', csv);
  const importCsv = measure('import', csv);
  log(`csv:  bare parse ${bareCsv.ms.toFixed(0)} ms / ${bareCsv.maxRssMb.toFixed(0)} MB, import ${importCsv.ms.toFixed(0)} ms / ${importCsv.maxRssMb.toFixed(0)} MB`);
  // A baseline that read nothing would make every ratio meaningless.
  for (const [name, m] of Object.entries({ bareXlsx, importXlsx, bareCsv, importCsv })) {
    if (m.check < members) throw new Error(`${name} saw ${m.check} members, expected ${members}`);
  }

  log('hand-over: scans and searches at full size…');
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'task.ts'), 'handover', xlsx], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`handover bench failed: ${r.stderr}`);
  const handover = JSON.parse(r.stdout.trim().split('\n').pop()!) as {
    scanP50Ms: number;
    scanP99Ms: number;
    searchP50Ms: number;
    searchP99Ms: number;
    baselineP99Ms: number;
    baselineP50Ms: number;
  };

  log('the desk under load: refresh after a scan, scans during an import, a report and a backup…');
  const d = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'desk.ts'), xlsx], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (d.status !== 0) throw new Error(`desk bench failed: ${d.stderr}`);
  const desk = JSON.parse(d.stdout.trim().split('\n').pop()!) as { postScanRefreshP99Ms: number; scanUnderLoadP99Ms: number };

  let ui: { uiScanP99Ms?: number } = {};
  if (values.ui) {
    log('the real renderer in Chromium: scanner keys → result painted…');
    const u = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'ui.ts'), xlsx], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (u.status !== 0) throw new Error(`ui bench failed: ${u.stderr}`);
    ui = JSON.parse(u.stdout.trim().split('\n').pop()!) as { uiScanP99Ms: number };
  }

  log('completion report…');
  // In its own process: the report is written by a stream (async), and a fresh heap measures it fairly.
  const rr = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'report.ts'), String(members)], { encoding: 'utf8' });
  if (rr.status !== 0) throw new Error(`report bench failed: ${rr.stderr}`);
  const report = JSON.parse(rr.stdout.trim().split('\n').pop()!) as { reportRatio: number; reportMs: number; bareWriteMs: number };

  log('soak: 10,000 scans in a row…');
  const soak = runSoak(xlsx);

  log(`camera: ${cameraPhotos} window photos drawn by Chromium, read by barcode/OCR…`);
  const camera = await measureCamera(Math.min(members, 20_000), cameraPhotos);

  log('複数の窓口: push to an empty PostgreSQL vs bare COPY; 3 desks converging…');
  const sync = await measureSync(rows, dir);

  const round = (x: number) => Math.round(x * 100) / 100;
  const result = {
    members,
    importXlsxRatio: round(importXlsx.ms / bareXlsx.ms),
    importCsvRatio: round(importCsv.ms / bareCsv.ms),
    importPeakRssRatio: round(importXlsx.maxRssMb / bareXlsx.maxRssMb),
    importCsvPeakRssRatio: round(importCsv.maxRssMb / bareCsv.maxRssMb),
    bareXlsxMs: Math.round(bareXlsx.ms),
    importXlsxMs: Math.round(importXlsx.ms),
    bareCsvMs: Math.round(bareCsv.ms),
    importCsvMs: Math.round(importCsv.ms),
    ...handover,
    reportRatio: round(report.reportRatio),
    reportMs: Math.round(report.reportMs),
    bareReportWriteMs: Math.round(report.bareWriteMs),
    scanP99Ratio: round(handover.scanP99Ms / handover.baselineP99Ms),
    searchP99Ratio: round(handover.searchP99Ms / handover.baselineP99Ms),
    ...soak,
    ...desk,
    ...ui,
    ...camera,
    syncPushRatio: round(sync.syncPushRatio),
    syncPushMs: Math.round(sync.syncPushMs),
    bareCopyMs: Math.round(sync.bareCopyMs),
    syncConvergeMs: Math.round(sync.syncConvergeMs),
    syncIntervalMs: sync.syncIntervalMs,
  };
  if (values.json) process.stdout.write(JSON.stringify(result) + '\n');
  else {
    console.log(`importXlsxRatio    ${result.importXlsxRatio}  (goal ≤ 1.5)`);
    console.log(`importCsvRatio     ${result.importCsvRatio}  (goal ≤ 1.5)`);
    console.log(`importPeakRssRatio ${result.importPeakRssRatio}  (goal ≤ 2)`);
    console.log(`scan p50/p99       ${result.scanP50Ms} / ${result.scanP99Ms} ms  (goal p99 ≤ 5 ms; bare SELECT p99 ${result.baselineP99Ms} ms)`);
    console.log(`search p50/p99     ${result.searchP50Ms} / ${result.searchP99Ms} ms  (goal p99 ≤ 20 ms)`);
    console.log(`reportRatio        ${result.reportRatio}  (goal ≤ 1.5)`);
    console.log(`refresh after scan ${result.postScanRefreshP99Ms} ms p99  (goal ≤ 5 ms)`);
    console.log(`scan under load    ${result.scanUnderLoadP99Ms} ms p99 while importing, exporting, backing up  (goal ≤ 20 ms)`);
    if (result.uiScanP99Ms !== undefined) console.log(`ui scan p99        ${result.uiScanP99Ms} ms Enter → result painted  (goal ≤ 16 ms)`);
    console.log(`soak p99 / heap    ${result.soakScanP99Ms} ms / ${result.soakHeapGrowthMb} MB over 10,000 scans  (goal p99 ≤ 5 ms, heap flat)`);
    console.log(`camera frame p50   ${result.cameraReadP50Ms} ms (p90 ${result.cameraReadP90Ms} ms)  (goal well under 1,000 ms)`);
    console.log(`camera accuracy    ${result.cameraAccuracy}, wrong ${result.cameraWrong} of ${result.cameraPhotos} photos  (goal ≥ 0.95, wrong 0)`);
    console.log(`syncPushRatio      ${result.syncPushRatio}  (goal ≤ 1.5; push ${result.syncPushMs} ms, bare COPY ${result.bareCopyMs} ms)`);
    console.log(`syncConvergeMs     ${result.syncConvergeMs} ms  (goal ≤ 3 × ${result.syncIntervalMs} ms)`);
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
})().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
