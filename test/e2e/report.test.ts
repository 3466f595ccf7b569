import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import * as XLSX from 'xlsx';
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

  it('from the progress screen to a saved completion report (Excel, 和暦) and its summary as PDF', { timeout: 60_000 }, async () => {
    const app = await launchApp({ settings: CLERK });
    importFile(app.ctx, readFixture('kenpo-household.xlsx'), 'kenpo-household.xlsx', {});
    scan(app.ctx, '1234 12345601');
    const { page } = app;
    await page.reload();
    await page.getByRole('button', { name: '進捗・報告', exact: true }).click();
    const panel = page.getByLabel('完了報告');
    await panel.getByRole('radio', { name: /和暦/ }).check();
    await panel.getByRole('button', { name: '完了報告をExcelで保存' }).click();
    const saved = await panel.getByText(/保存しました（48通）: /).textContent();
    const file = saved!.replace(/^.*保存しました（48通）: /, '').trim();
    expect(fs.existsSync(file)).toBe(true);
    const wb = XLSX.read(fs.readFileSync(file));
    expect(wb.SheetNames).toEqual(expect.arrayContaining(['概要', '封筒一覧']));
    const rows = XLSX.utils.sheet_to_json<string[]>(wb.Sheets['封筒一覧']!, { header: 1, raw: false });
    const matsumoto = rows.find((r) => r.includes('12345601'))!;
    expect(matsumoto).toEqual(expect.arrayContaining(['配付済', '松本　太郎']));
    expect(matsumoto.some((c) => /^令和\d+年\d+月\d+日/.test(String(c)))).toBe(true);

    await panel.getByRole('button', { name: '概要を印刷・PDF' }).click();
    const preview = page.getByRole('dialog', { name: '印刷プレビュー' });
    await preview.getByText('資格情報のお知らせ 配付完了報告').waitFor();
    await preview.getByRole('button', { name: 'PDFで保存' }).click();
    const pdf = (await preview.getByText(/PDFを保存しました: /).textContent())!.replace(/^.*PDFを保存しました: /, '').trim();
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('配付完了報告');
    expect(text).toContain('サンプル電機健康保険組合');
    // Who made it and over which days, as on the Excel 概要.
    expect(text).toMatch(/担当者\s+総務部 山田/);
    expect(text).toMatch(/対象期間\s+令和\d+年\d+月\d+日 〜 令和\d+年\d+月\d+日/);
    expect(app.errors).toEqual([]);
    await app.close();
  });
});
