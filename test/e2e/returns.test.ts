import { afterAll, describe, expect, it } from 'vitest';
import { importFile } from '../../electron/services/lists/importList';
import { CLERK, closeBrowser, launchApp } from './harness';
import { ScannerKeyboard } from './scannerKeys';
import { fixturePath, readFixture } from '../fixtures';

afterAll(closeBrowser);

describe('返送 screen', () => {
  it('flag by search, make a レターパック batch (typo warned), pack, send; hold and release', async () => {
    const app = await launchApp({ settings: CLERK });
    importFile(app.ctx, readFixture('kenpo-household.xlsx'), 'kenpo-household.xlsx', {});
    const { page } = app;
    await page.reload();
    await page.getByRole('button', { name: '返送', exact: true }).click();
    await page.getByRole('heading', { name: '返送', exact: true }).waitFor();

    const flag = page.getByLabel('返送対象・保留にする');
    await flag.getByRole('searchbox').fill('さいとう はなこ');
    await flag.getByLabel('見つかった封筒').getByRole('checkbox').first().check();
    await flag.getByLabel('返送の理由').selectOption('退職');
    await flag.getByLabel('退職日など').fill('2024-08-15');
    await flag.getByRole('button', { name: /返送対象にする/ }).click();
    await page.getByText('1通を返送対象にしました。').waitFor();

    const queue = page.getByLabel('返送待ち');
    await queue.getByText('退職（2024-08-15）').waitFor();

    const batches = page.getByLabel('返送の袋', { exact: true });
    await batches.getByLabel('お問い合わせ番号').fill('1234 5678 9016');
    await batches.getByLabel('お問い合わせ番号').blur();
    await batches.getByText(/確認用の数字が合いません/).waitFor();
    expect(await batches.getByRole('button', { name: '袋を作る' }).isDisabled()).toBe(true);
    await batches.getByLabel('お問い合わせ番号').fill('123456789013');
    await batches.getByLabel('お問い合わせ番号').blur();
    await batches.getByText(/1234-5678-9013（確認用の数字も一致）/).waitFor();
    await batches.getByRole('button', { name: '袋を作る' }).click();
    await page.getByText(/返送の袋 No\.1（レターパック 1234-5678-9013）を作りました/).waitFor();

    // Packing by scanning the envelope, with the new batch chosen.
    await queue.getByLabel('入れる袋').selectOption({ label: 'No.1（0通）' });
    const scanner = new ScannerKeyboard(app.cdp);
    await scanner.scanKeys('1234-12345603');
    await page.getByText('No.1に入れました: 1234-12345603（1通、計1通）').waitFor();
    await page.getByLabel('袋 No.1').getByRole('button', { name: '発送済みにする' }).click();
    await page.getByText('No.1の1通を返送済みにしました。').waitFor();
    expect(app.db.prepare(`SELECT COUNT(*) FROM envelopes WHERE status = 'returned'`).pluck().get()).toBe(1);

    await flag.getByRole('searchbox').fill('まつもと たろう');
    await flag.getByLabel('見つかった封筒').getByRole('checkbox').first().check();
    await flag.getByLabel('保留の理由').selectOption('海外赴任');
    await flag.getByRole('button', { name: '保留にする' }).click();
    const holds = page.getByLabel('保留中');
    await holds.getByText(/海外赴任/).waitFor();
    await page.screenshot({ path: `${app.dir}/returns.png`, fullPage: true });
    await holds.getByRole('button', { name: '解除' }).click();
    await page.getByText('保留を解除しました（未配付に戻しました）。').waitFor();
    expect(app.errors).toEqual([]);
    await app.close();
  });

  it('the roster proposes the retirees, the clerk confirms, and lists who has no envelope', async () => {
    const app = await launchApp({ settings: CLERK });
    importFile(app.ctx, readFixture('kenpo-household.xlsx'), 'kenpo-household.xlsx', {});
    const { page } = app;
    await page.reload();
    await page.getByRole('button', { name: '返送', exact: true }).click();
    const panel = page.getByLabel('社員名簿で確認');
    await panel.getByLabel('社員名簿のファイル').setInputFiles(fixturePath('roster.csv'));
    await panel.getByText(/社員名簿 roster.csv から 52人を読み込みました/).waitFor();
    const proposals = panel.getByLabel('返送対象の候補');
    await expect.poll(() => proposals.getByRole('checkbox').count()).toBe(5);
    // Nothing changes until the clerk confirms.
    expect(app.db.prepare(`SELECT COUNT(*) FROM envelopes WHERE status = 'to_return'`).pluck().get()).toBe(0);
    await proposals.getByRole('checkbox').first().uncheck();
    await panel.getByRole('button', { name: '選んだ4通を返送対象にする' }).click();
    await page.getByText('退職者の封筒 4通を返送対象にしました。').waitFor();
    expect(app.db.prepare(`SELECT COUNT(*) FROM envelopes WHERE status = 'to_return'`).pluck().get()).toBe(4);
    const missing = panel.getByLabel('リストに無い社員');
    for (const id of ['E10049', 'E10050', 'E10051', 'E10052']) await missing.getByText(new RegExp(id)).waitFor();
    await page.screenshot({ path: `${app.dir}/roster.png`, fullPage: true });
    expect(app.errors).toEqual([]);
    await app.close();
  });

  it('a roster whose 社員番号 column is not recognised: the clerk maps it', async () => {
    const app = await launchApp({ settings: CLERK });
    importFile(app.ctx, readFixture('kenpo-household.xlsx'), 'kenpo-household.xlsx', {});
    const { page } = app;
    await page.reload();
    await page.getByRole('button', { name: '返送', exact: true }).click();
    const panel = page.getByLabel('社員名簿で確認');
    const csv = '\ufeffID,氏名,在籍区分,退職日,健保記号,健保番号\nA-1,松本 太郎,在籍,,1234,12345601\nA-2,齋藤 拓也,退職,2024-08-31,1234,12345600\n';
    await panel.getByLabel('社員名簿のファイル').setInputFiles({ name: 'meibo.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await panel.getByText(/社員名簿に必要な列（社員番号）が見つかりません/).waitFor();
    expect(app.db.prepare('SELECT COUNT(*) FROM roster_entries').pluck().get()).toBe(0);
    await panel.getByLabel('名簿の社員番号の列').selectOption({ label: 'A列: ID' });
    await panel.getByRole('button', { name: 'この対応で取り込む' }).click();
    await panel.getByText(/meibo.csv から 2人を読み込みました/).waitFor();
    await expect.poll(() => panel.getByLabel('返送対象の候補').getByRole('checkbox').count()).toBe(1);
    expect(app.errors).toEqual([]);
    await app.close();
  });
});
