/**
 * Issue #13 in the real renderer: while a 100,000-member list is read and imported in the job worker, a
 * scan on the 配付 screen is answered, and the import's progress bar moves; a scan while the list is being
 * written is answered too, and does not see the half-written list.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { jobProgress } from '../../electron/services/jobs/runner';
import { generateRows, toShiftJisCsv } from '../../bench/generate';
import { closeBrowser, dropFile, launchDesk } from './harness';
import { ScannerKeyboard } from './scannerKeys';

afterAll(closeBrowser);

describe('the desk while a 100k list is imported', () => {
  it('answers a scan during the import and shows the bar moving', { timeout: 600_000 }, async () => {
    const app = await launchDesk();
    const { page } = app;
    const scanner = new ScannerKeyboard(app.cdp);
    const big = toShiftJisCsv(generateRows(100_000, 13));

    await page.getByRole('button', { name: '取込', exact: true }).click();
    await dropFile(page, 'section[aria-label="取込"]', 'list-100k.csv', big);
    const bar = page.getByTestId('job-progress');
    await bar.getByText(/リストの読み込み：(待機|読み込み|確認)/).waitFor();

    // To the desk while the worker reads the list: the scan is answered and the list is still being read.
    await page.getByRole('button', { name: '配付', exact: true }).click();
    await page.getByText('スキャン待ち').waitFor();
    await scanner.scanKeys('01010101 0000002');
    const result = page.getByTestId('scan-result');
    await expect.poll(async () => (await result.getAttribute('data-result')) ?? '', { timeout: 10_000 }).toBe('handed_over');
    expect(jobProgress(app.ctx).map((j) => j.kind)).toEqual(['previewImport']);

    await page.getByRole('button', { name: '取込', exact: true }).click();
    await page.getByLabel('取込内容の確認').waitFor({ timeout: 300_000 });
    await page.getByLabel('保険者名').fill('ベンチ健康保険組合');
    await page.getByRole('button', { name: /通を取り込む$/ }).click();
    // The bar of 書き込み, sampled in the page: it shows counts, and they grow. Midway, a scan through the
    // window's own API is answered while the list is being written — and the new list's envelope is not
    // there yet: it appears all at once, when the import is done.
    const NEW_ONLY = '01010101 0050000';
    const seen = await page.evaluate(async (code) => {
      const values: string[] = [];
      // Whether the bar could be seen: what the window shows at its middle is the bar (not the sticky footer).
      let covered = 0;
      let scanMidway: { answer: unknown; ms: number; stillWriting: boolean } | null = null;
      const until = Date.now() + 300_000;
      const writing = () => {
        const fill = document.querySelector('[data-testid="job-progress"] [role="progressbar"]');
        return (fill?.getAttribute('aria-label') ?? '').includes('書き込み') ? fill : null;
      };
      while (Date.now() < until) {
        const fill = writing();
        if (fill) {
          values.push(fill.getAttribute('aria-valuenow') ?? '');
          const r = fill.getBoundingClientRect();
          const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          if (!top || !fill.closest('[data-testid="job-progress"]')!.contains(top)) covered++;
        }
        if (fill && !scanMidway && Number(fill.getAttribute('aria-valuenow')) >= 10) {
          const t = performance.now();
          const answer = await (window as unknown as { kubaru: { scan(a: unknown): Promise<unknown> } }).kubaru.scan({ code });
          scanMidway = { answer, ms: performance.now() - t, stillWriting: writing() !== null };
        }
        if (!document.querySelector('[data-testid="job-progress"]') && values.length > 0) break;
        if (document.body.textContent?.includes('を取り込みました')) break;
        await new Promise((r) => setTimeout(r, 30));
      }
      return { values, scanMidway, covered };
    }, NEW_ONLY);
    await page.getByText(/を取り込みました/).waitFor({ timeout: 300_000 });
    const percents = [...new Set(seen.values.filter((v) => v !== '').map(Number))];
    expect(percents.length).toBeGreaterThan(1);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(seen.covered, 'samples where the bar was hidden behind something').toBe(0);
    expect(seen.scanMidway, 'a scan while the list was being written').not.toBeNull();
    expect(seen.scanMidway!.stillWriting).toBe(true);
    expect(seen.scanMidway!.answer).toMatchObject({ ok: true, value: { result: 'unknown' } });
    // Once imported, the same envelope is there.
    expect(await page.evaluate((code) => (window as unknown as { kubaru: { scan(a: unknown): Promise<unknown> } }).kubaru.scan({ code }), NEW_ONLY)).toMatchObject({
      ok: true,
      value: { result: 'handed_over' },
    });
    expect(app.db.prepare('SELECT COUNT(*) FROM members').pluck().get()).toBeGreaterThan(100_000);
    expect(app.errors).toEqual([]);
    await app.close();
  });
});
