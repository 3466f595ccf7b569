/**
 * Camera reading: a generated set of envelope-window photos (tilted, soft, small print, different fonts, and
 * codes that are not on the list), drawn by Chromium (the same drawing as the tests, test/camera/windowPhotos.ts;
 * the bench needs Chromium like the E2E tests), read by the camera's readers under Node and answered by the
 * same scan rules. cameraAccuracy: share of on-list photos handed over to the right household (goal ≥ 0.95);
 * cameraWrong: photos handed over to a wrong household (goal 0); cameraReadP50Ms: one frame → answer (barcode,
 * else one OCR pass on the frame turned level when tilted, then identifyScan: what the app does per frame; a
 * hand-over needs two agreeing frames).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { createContext } from '../electron/services/context';
import { openDatabase } from '../electron/services/db/open';
import { importFile } from '../electron/services/lists/importList';
import { identifyScan, scan } from '../electron/services/handover/scan';
import { createImageReader } from '../electron/services/camera/readImage';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/e2e/harness';
import { drawWindows, type WindowSpec } from '../test/camera/windowPhotos';
import { generateRows, toXlsx } from './generate';

const FONTS = ['gothic', 'udgothic', 'serif', 'sans', 'mono'] as const;

/** Photo i of the set: every fifth shows a 番号 that is not on the list. */
export function photoSpecs(rows: string[][], count: number): { spec: WindowSpec; expected: string | null }[] {
  const households = [...new Map(rows.map((r) => [r[1]!, r])).values()];
  return Array.from({ length: count }, (_, i) => {
    const onList = i % 5 !== 4;
    const row = households[Math.floor((i * 7919) % households.length)]!;
    const number = onList ? row[1]! : String(households.length + 1000 + i * 37).padStart(7, '0');
    const spec: WindowSpec = {
      symbol: row[0]!,
      number,
      holder: onList ? row[3]! : '山本 一郎',
      member: onList ? row[4]! : undefined,
      tilt: ((i * 3) % 15) - 7, // −7° … +7°: held by hand
      blur: [0, 0.4, 0.8][i % 3], // sharp, soft, out of focus
      // 記号・番号 line 16–26 px high in a 640×480 frame: from small print (the window at arm's length) to close.
      size: 16 + ((i * 7) % 11),
      font: FONTS[i % FONTS.length],
    };
    return { spec, expected: onList ? number : null };
  });
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

export async function measureCamera(members: number, photos: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubaru-bench-camera-'));
  const db = openDatabase(path.join(dir, 'k.sqlite3'));
  const reader = createImageReader();
  try {
    const ctx = createContext(db);
    const rows = generateRows(members);
    importFile(ctx, toXlsx(rows), 'list.xlsx', {});
    const set = photoSpecs(rows, photos);
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    const pngs = await drawWindows(browser, set.map((s) => s.spec)).finally(() => browser.close());
    await reader.read(pngs[0]!); // start-up (Tesseract loads its model once per app start): not a frame
    let right = 0;
    let wrong = 0;
    let onList = 0;
    const times: number[] = [];
    const cpuTimes: number[] = [];
    for (let i = 0; i < set.length; i++) {
      // One frame → answer, as the app does it: barcode, else one OCR pass, then which household (no write).
      const t = performance.now();
      const cpu = process.cpuUsage();
      const frame = await reader.readFrame(pngs[i]!, i);
      identifyScan(ctx, frame.text, frame.via);
      times.push(performance.now() - t);
      const used = process.cpuUsage(cpu); // Tesseract's worker thread included: the work one frame costs
      cpuTimes.push((used.user + used.system) / 1000);
      // The hand-over: both passes must name the household (the app's two agreeing frames).
      const read = await reader.read(pngs[i]!);
      const r = scan(ctx, read.text, { via: read.via });
      const expected = set[i]!.expected;
      if (expected !== null) onList++;
      if (r.result !== 'unknown' && r.envelope) {
        if (r.envelope.number === expected) right++;
        else wrong++;
      }
    }
    return {
      cameraReadP50Ms: Math.round(percentile(times, 50)),
      cameraReadP90Ms: Math.round(percentile(times, 90)),
      // On a busy machine wall time is mostly waiting for a core; CPU time is what a frame costs on an idle one.
      cameraReadCpuP50Ms: Math.round(percentile(cpuTimes, 50)),
      cameraAccuracy: Math.round((right / onList) * 1000) / 1000,
      cameraWrong: wrong,
      cameraPhotos: set.length,
    };
  } finally {
    await reader.close();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
