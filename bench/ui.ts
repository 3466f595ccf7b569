/**
 * uiScanP99Ms (npm run bench -- --ui): the real renderer in Chromium on the real handler table, with the
 * bench's list imported (100,000 members by default); scanner key events at machine speed; the time from
 * the page receiving Enter to the result card painted (the frame after it entered the DOM).
 *
 *   node --import tsx bench/ui.ts <list.xlsx>   → prints one JSON line
 */
import fs from 'node:fs';
import { importFile } from '../electron/services/lists/importList';
import { CLERK, closeBrowser, launchApp } from '../test/e2e/harness';
import { ScannerKeyboard } from '../test/e2e/scannerKeys';
import { percentile } from './desk';

const SCANS = 200;

export async function measureUi(list: Uint8Array): Promise<{ uiScanP99Ms: number }> {
  const app = await launchApp({ settings: CLERK });
  try {
    importFile(app.ctx, list, 'list.xlsx', {});
    const codes = app.db.prepare(`SELECT DISTINCT symbol || ' ' || number FROM members ORDER BY random() LIMIT ?`).pluck().all(SCANS) as string[];
    const { page } = app;
    await page.reload();
    await page.getByRole('heading', { name: '配付', exact: true }).waitFor();
    await page.getByText('スキャン待ち').waitFor();
    // In the page: Enter seen → the new result card in the DOM → the next frame painted.
    await page.evaluate(() => {
      const w = window as unknown as { __enterAt: number; __painted: number[] };
      w.__painted = [];
      w.__enterAt = 0;
      window.addEventListener('keydown', (e) => e.key === 'Enter' && (w.__enterAt = performance.now()), true);
      new MutationObserver((records) => {
        const card = records.some((r) => Array.from(r.addedNodes).some((n) => n instanceof HTMLElement && n.dataset.result !== undefined));
        if (card && w.__enterAt) {
          const at = w.__enterAt;
          w.__enterAt = 0;
          requestAnimationFrame(() => setTimeout(() => w.__painted.push(performance.now() - at), 0));
        }
      }).observe(document.body, { childList: true, subtree: true });
    });
    const scanner = new ScannerKeyboard(await app.context.newCDPSession(page));
    for (const [i, code] of codes.entries()) {
      await scanner.scanKeys(code, { gap: 2 });
      await page.waitForFunction((n) => (window as unknown as { __painted: number[] }).__painted.length > n, i);
      await scanner.settle();
    }
    const times = await page.evaluate(() => (window as unknown as { __painted: number[] }).__painted);
    if (times.length !== codes.length) throw new Error(`${times.length} results painted for ${codes.length} scans`);
    if (app.errors.length > 0) throw new Error(app.errors.join('\n'));
    if (process.env.KUBARU_BENCH_DEBUG) process.stderr.write(`ui p50 ${percentile(times, 50)} p90 ${percentile(times, 90)} max ${Math.max(...times)}\n`);
    return { uiScanP99Ms: Math.round(percentile(times, 99) * 1000) / 1000 };
  } finally {
    await app.close();
    await closeBrowser();
  }
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: ui.ts <list.xlsx>');
  measureUi(new Uint8Array(fs.readFileSync(file))).then(
    (r) => process.stdout.write(JSON.stringify(r) + '\n'),
    (e) => {
      process.stderr.write(String(e?.stack ?? e) + '\n');
      process.exit(1);
    },
  );
}
