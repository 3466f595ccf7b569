import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { importFile } from '../../electron/services/lists/importList';
import { scan } from '../../electron/services/handover/scan';
import { CLERK, closeBrowser, launchApp } from './harness';
import { readFixture } from '../fixtures';

afterAll(closeBrowser);

describe('進捗・報告 screen', () => {
  it('shows progress at a glance and prints the follow-up list per 所属', { timeout: 60_000 }, async () => {
    const app = await launchApp({ settings: CLERK });
    importFile(app.ctx, readFixture('kenpo-household.xlsx'), 'kenpo-household.xlsx', {});
    scan(app.ctx, '1234 12345601');
    const { page } = app;
    await page.reload();
    await page.getByRole('button', { name: '進捗・報告', exact: true }).click();
    const kpis = page.getByLabel('全体の進捗');
    await kpis.getByText('2%').waitFor(); // 1 of 48
    const chart = page.getByRole('table', { name: '所属ごとの進捗' });
    await chart.getByText('1001 本社 総務部').waitFor();
    expect(await chart.getByRole('row').count()).toBe(5);
    await page.getByRole('button', { name: '保険者', exact: true }).click();
    await page.getByRole('table', { name: '保険者ごとの進捗' }).getByText('サンプル電機健康保険組合').waitFor();
    await page.screenshot({ path: `${app.dir}/report.png`, fullPage: true });

    await page.getByLabel('経過日数', { exact: true }).fill('0');
    await page.getByRole('button', { name: /フォローアップリストを印刷/ }).click();
    const preview = page.getByRole('dialog', { name: '印刷プレビュー' });
    await preview.getByRole('button', { name: 'PDFで保存' }).click();
    const saved = await preview.getByText(/PDFを保存しました: /).textContent();
    const file = saved!.replace(/^.*PDFを保存しました: /, '').trim();
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('未配付フォローアップリスト');
    expect(text).toContain('福岡営業所');
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
    expect(pages).toBeGreaterThanOrEqual(5); // one 所属 per page
    expect(app.errors).toEqual([]);
    await app.close();
  });
});
