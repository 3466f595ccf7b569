import { afterAll, describe, expect, it } from 'vitest';
import { importFile } from '../../electron/services/lists/importList';
import { generateRows, HEADERS } from '../../bench/generate';
import { CLERK, closeBrowser, launchApp } from './harness';

afterAll(closeBrowser);

describe('100,000 members', () => {
  it('the list shows any part of 100,000 rows and search answers as you type', { timeout: 120_000 }, async () => {
    const app = await launchApp({ settings: CLERK });
    const rows = generateRows(100_000);
    const csv = '\ufeff' + [HEADERS, ...rows].map((r) => r.join(',')).join('\n');
    importFile(app.ctx, new Uint8Array(Buffer.from(csv)), 'large.csv', {});
    const { page } = app;
    await page.reload();
    const list = page.getByLabel('封筒の一覧');
    const total = app.db.prepare('SELECT COUNT(*) FROM envelopes').pluck().get() as number;
    await list.getByText(`${total.toLocaleString()}通`).waitFor();
    // Only the visible rows are in the page, however long the list.
    expect(await list.getByRole('row').count()).toBeLessThan(100);

    // Jump to the end: the last envelope is fetched and drawn.
    await page.locator('.list-scroll').evaluate((el) => (el.scrollTop = el.scrollHeight));
    const last = rows.at(-1)!;
    await list.getByText(`${last[0]}-${last[1]}-${last[2]}`).waitFor();

    await page.keyboard.press('F2');
    await page.keyboard.type('やまざき', { delay: 30 });
    await page.getByRole('listbox', { name: '検索結果' }).getByRole('option').first().waitFor();
    expect(app.errors).toEqual([]);
    await app.close();
  });
});
