/**
 * 複数の窓口 in the real UI: two app pages on two databases and one real PostgreSQL server. The server is
 * set in 設定 → 複数の窓口で使う; a scan on one desk appears on the other after sync; while the server is
 * away both desks keep scanning (接続できません), and the household handed over at both shows as
 * 二重配付の可能性 on both, naming the desks and operators. A レターパック made at one desk shows at the other,
 * read-only there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { importFile } from '../../electron/services/lists/importList';
import { flagEnvelopes } from '../../electron/services/returns/flags';
import { addToBatch, createBatch } from '../../electron/services/returns/batches';
import { closeBrowser, launchApp, type App } from './harness';
import { ScannerKeyboard } from './scannerKeys';
import { readFixture } from '../fixtures';
import { startPgServer, type PgServer } from '../pgServer';

let server: PgServer;
beforeAll(async () => {
  server = await startPgServer();
}, 60_000);
afterAll(async () => {
  await closeBrowser();
  server?.destroy();
});

async function joinServer(app: App, deskName: string): Promise<void> {
  const { page } = app;
  await page.getByRole('button', { name: '設定' }).click();
  const form = page.getByRole('form', { name: '複数の窓口で使う' });
  await form.locator('input[name=host]').fill('127.0.0.1');
  await form.locator('input[name=port]').fill(String(server.port));
  await form.locator('input[name=database]').fill(server.database);
  await form.locator('input[name=user]').fill(server.user);
  await form.locator('input[name=password]').fill(server.password);
  await form.locator('select[name=tls]').selectOption('off');
  await form.locator('input[name=deskName]').fill(deskName);
  await form.getByRole('button', { name: '保存' }).click();
  await form.getByText('保存しました').waitFor();
  await page.getByRole('status').filter({ hasText: /同期済み/ }).waitFor({ timeout: 15_000 });
}

const counter = (page: Page) => page.getByLabel('配付状況');

describe('two desks, one server', () => {
  it('a scan on one desk appears on the other; a household handed over at both while apart is shown as 二重配付の可能性', { timeout: 120_000 }, async () => {
    const a = await launchApp({ settings: { companyName: '株式会社サンプル電機', operatorName: '山田' } });
    const b = await launchApp({ settings: { companyName: '株式会社サンプル電機', operatorName: '鈴木' } });
    importFile(a.ctx, readFixture('kyokai-person.csv'), 'kyokai-person.csv', {});
    for (const app of [a, b]) await app.page.reload();
    await joinServer(a, '本社2階');
    await joinServer(b, '第二工場');
    // The password is stored encrypted only.
    const stored = a.db.prepare(`SELECT value FROM sync_state WHERE key = 'server'`).pluck().get() as string;
    expect(stored).not.toContain(server.password);

    // B joined with an empty database: the list arrives.
    await counter(b.page).getByText(/配付済\s*0\s*\/\s*全\s*152\s*通/).waitFor({ timeout: 15_000 });

    const keysA = new ScannerKeyboard(a.cdp);
    const keysB = new ScannerKeyboard(b.cdp);
    for (const app of [a, b]) await app.page.getByRole('button', { name: '配付', exact: true }).click();
    await keysA.scanKeys('01010101 0000002');
    await a.page.getByTestId('scan-result').filter({ hasText: 'お渡しください' }).waitFor();
    await b.page.getByRole('button', { name: '今すぐ同期' }).click();
    await counter(b.page).getByText(/配付済\s*4\s*\/\s*全\s*152\s*通/).waitFor({ timeout: 15_000 });
    await keysB.scanKeys('01010101 0000002');
    await b.page.getByTestId('scan-result').filter({ hasText: /配付済み.*山田/ }).waitFor();

    // The server goes away: both desks keep scanning, the header says so, and the same household is handed over twice.
    server.stop();
    for (const app of [a, b]) await app.page.getByRole('status').filter({ hasText: /接続できません/ }).waitFor({ timeout: 20_000 });
    await keysA.scanKeys('01010101 0000003');
    await a.page.getByTestId('scan-result').filter({ hasText: 'お渡しください' }).waitFor();
    await keysB.scanKeys('01010101 0000003');
    await b.page.getByTestId('scan-result').filter({ hasText: 'お渡しください' }).waitFor();
    await a.page.getByRole('status').filter({ hasText: /未送信/ }).waitFor();
    server.start();

    for (const app of [a, b, a]) await app.page.getByRole('button', { name: '今すぐ同期' }).click();
    for (const app of [a, b]) {
      await app.page.getByRole('button', { name: /二重配付の可能性 1件/ }).click({ timeout: 20_000 });
      const list = app.page.getByRole('dialog', { name: '二重配付の可能性' });
      await list.getByText(/本社2階・山田/).waitFor();
      await list.getByText(/第二工場・鈴木/).waitFor();
      await counter(app.page).getByText(/配付済\s*5\s*\/\s*全\s*152\s*通/).waitFor();
      await app.page.screenshot({ path: `${app.dir}/sync-conflict.png` });
    }

    // A レターパック made at A, with its tracking number, shows at B as A's batch, read-only there.
    const retiree = a.db.prepare(`SELECT id FROM envelopes WHERE status = 'pending' ORDER BY id LIMIT 1`).pluck().get() as number;
    flagEnvelopes(a.ctx, { envelopeIds: [retiree], reason: '退職' });
    const batch = createBatch(a.ctx, { kind: 'letterpack', trackingNumber: '123456789013' });
    addToBatch(a.ctx, { batchId: batch.id, envelopeIds: [retiree] });
    for (const app of [a, b]) expect(await app.ctx.sync!.syncNow()).not.toBeNull(); // A pushes, then B pulls
    await b.page.getByRole('button', { name: '返送', exact: true }).click();
    const card = b.page.getByLabel(/^袋 No\./);
    await card.getByText('本社2階の袋（閲覧のみ）').waitFor({ timeout: 15_000 });
    await card.getByText('1234-5678-9013').waitFor();
    expect(await card.getByRole('button', { name: '発送済みにする' }).count()).toBe(0);
    expect(await card.getByRole('button', { name: '出す' }).count()).toBe(0);
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
    await a.close();
    await b.close();
  });
});
