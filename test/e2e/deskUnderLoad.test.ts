/**
 * Issue #13 in the real renderer: while a 100,000-member list is read and imported in the job worker, a
 * scan on the 配付 screen is answered, and the import's progress bar moves.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { importFile } from '../../electron/services/lists/importList';
import { jobProgress } from '../../electron/services/jobs/runner';
import { generateRows, toShiftJisCsv } from '../../bench/generate';
import { readFixture } from '../fixtures';
import { CLERK, closeBrowser, dropFile, launchApp } from './harness';
import { ScannerKeyboard } from './scannerKeys';

afterAll(closeBrowser);

describe('the desk while a 100k list is imported', () => {
  it('answers a scan during the import and shows the bar moving', { timeout: 600_000 }, async () => {
    const app = await launchApp({ settings: CLERK });
    const { page } = app;
    importFile(app.ctx, readFixture('kyokai-person.csv'), 'kyokai-person.csv', {});
    await page.reload();
    await page.getByRole('heading', { name: '配付', exact: true }).waitFor();
    const scanner = new ScannerKeyboard(await app.context.newCDPSession(page));
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
    // The bar of 書き込み, sampled in the page: it shows counts, and they grow.
    const seen = await page.evaluate(async () => {
      const values: string[] = [];
      const until = Date.now() + 300_000;
      while (Date.now() < until) {
        const fill = document.querySelector('[data-testid="job-progress"] [role="progressbar"]');
        const label = fill?.getAttribute('aria-label') ?? '';
        if (label.includes('書き込み')) values.push(fill!.getAttribute('aria-valuenow') ?? '');
        if (!fill && values.length > 0) break;
        if (document.body.textContent?.includes('を取り込みました')) break;
        await new Promise((r) => setTimeout(r, 30));
      }
      return values;
    });
    await page.getByText(/を取り込みました/).waitFor({ timeout: 300_000 });
    const percents = [...new Set(seen.filter((v) => v !== '').map(Number))];
    expect(percents.length).toBeGreaterThan(1);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(app.db.prepare('SELECT COUNT(*) FROM members').pluck().get()).toBeGreaterThan(100_000);
    expect(app.errors).toEqual([]);
    await app.close();
  });
});
