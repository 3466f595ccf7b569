import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { importFile } from '../../electron/services/lists/importList';
import { flagEnvelopes } from '../../electron/services/returns/flags';
import { addToBatch, createBatch } from '../../electron/services/returns/batches';
import { CLERK, closeBrowser, launchApp } from './harness';
import { readFixture } from '../fixtures';

afterAll(closeBrowser);

const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });

describe('printed sheets from the app', () => {
  it('返送リスト of a batch and 受領簿 of a 所属: preview, then PDF with the Japanese text', { timeout: 60_000 }, async () => {
    const app = await launchApp({ settings: CLERK });
    importFile(app.ctx, readFixture('kenpo-household.xlsx'), 'kenpo-household.xlsx', {});
    const id = app.db.prepare(`SELECT id FROM envelopes WHERE number = '12345603'`).pluck().get() as number;
    flagEnvelopes(app.ctx, { envelopeIds: [id], reason: '退職', date: '2024-08-15' });
    const batch = createBatch(app.ctx, { kind: 'letterpack', trackingNumber: '123456789013', insurerName: 'サンプル電機健康保険組合' });
    addToBatch(app.ctx, { batchId: batch.id, envelopeIds: [id] });
    const { page } = app;
    await page.reload();

    await page.getByRole('button', { name: '返送', exact: true }).click();
    await page.getByLabel('袋 No.1').getByRole('button', { name: '返送リストを印刷' }).click();
    const preview = page.getByRole('dialog', { name: '印刷プレビュー' });
    await preview.getByText('1234-5678-9013').waitFor();
    await preview.getByRole('button', { name: 'PDFで保存' }).click();
    const saved = await preview.getByText(/PDFを保存しました: /).textContent();
    const file = saved!.replace(/^.*PDFを保存しました: /, '').trim();
    const text = pdfText(file);
    // Written through the app's own writer for files with names in them (main.ts savePdf uses it too).
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    for (const s of ['返送リスト', '株式会社サンプル電機', 'サンプル電機健康保険組合', '1234-5678-9013', '12345603', '斎藤', '退職（2024-08-15）']) {
      expect(text).toContain(s);
    }
    // The app around the sheet is not printed.
    expect(text).not.toContain('進捗・報告');
    await preview.getByRole('button', { name: '閉じる' }).click();

    await page.getByRole('button', { name: '配付', exact: true }).click();
    await page.getByLabel('1001の受領簿を印刷').click();
    await preview.getByRole('button', { name: 'PDFで保存' }).click();
    const saved2 = await preview.getByText(/PDFを保存しました: .*受領簿/).textContent();
    const text2 = pdfText(saved2!.replace(/^.*PDFを保存しました: /, '').trim());
    expect(text2).toContain('受領簿');
    expect(text2).toContain('1234-12345601'); // a household envelope: 記号-番号, the scan finds the family
    expect(text2).toContain('松本');
    expect(app.errors).toEqual([]);
    await app.close();
  });
});
