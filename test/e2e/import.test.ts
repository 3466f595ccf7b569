import { afterAll, describe, expect, it } from 'vitest';
import { CLERK, closeBrowser, dropFile, launchApp } from './harness';
import { ScannerKeyboard } from './scannerKeys';
import { importFile } from '../../electron/services/lists/importList';
import { fixturePath, readFixture } from '../fixtures';

afterAll(closeBrowser);

const count = (app: Awaited<ReturnType<typeof launchApp>>, table: string) =>
  app.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;

describe('取込 screen', () => {
  it('drop a list, check preview and problem rows, import, find the list', async () => {
    const app = await launchApp({ settings: CLERK });
    const { page } = app;
    await page.getByText('送付対象者リストのファイルをここにドロップしてください').waitFor();

    await dropFile(page, 'section[aria-label="取込"]', 'missing-number.csv', readFixture('bad/missing-number.csv'));
    const problems = page.getByLabel('取り込まない行');
    await problems.waitFor();
    expect(await problems.getByRole('row').nth(1).textContent()).toMatch(/3行目.*番号/);
    expect(await page.getByLabel('封筒', { exact: true }).textContent()).toContain('2');
    // Nothing is stored by looking.
    expect(count(app, 'members')).toBe(0);
    await page.getByRole('button', { name: '問題のない 2通を取り込む' }).click();
    await page.getByText(/封筒 2通（対象者 2人・2世帯）を取り込みました/).waitFor();
    expect(count(app, 'members')).toBe(2);
    await page.getByLabel('取込済みのリスト').getByText('missing-number.csv').waitFor();
    await page.getByText(/配付済\s*0\s*\/\s*全\s*2\s*通/).waitFor();

    // The file dialog path, with an xlsx whose header sits below title rows.
    await page.getByLabel('送付対象者リストのファイル').setInputFiles(fixturePath('kenpo-household.xlsx'));
    await page.getByLabel('取込内容の確認').waitFor();
    expect(await page.getByLabel('封筒', { exact: true }).textContent()).toContain('48');
    expect(await page.getByLabel('対象者', { exact: true }).textContent()).toContain('94');
    expect(await page.getByLabel('保険者名').inputValue()).toBe('サンプル電機健康保険組合');
    expect(await page.getByRole('radio', { name: /世帯ごと/ }).isChecked()).toBe(true);
    expect(await page.getByText('見出し 5行目').isVisible()).toBe(true);
    await page.getByLabel('箱数').fill('1');
    await page.screenshot({ path: `${app.dir}/import-preview.png`, fullPage: true });
    await page.getByRole('button', { name: '48通を取り込む' }).click();
    await page.getByText(/封筒 48通（対象者 94人・48世帯）を取り込みました/).waitFor();
    const history = page.getByLabel('取込済みのリスト');
    await history.getByText('kenpo-household.xlsx').waitFor();
    expect(await history.getByRole('row').count()).toBe(3);
    await page.screenshot({ path: `${app.dir}/import-done.png`, fullPage: true });

    // The same file again: said so, nothing to press.
    await page.getByLabel('送付対象者リストのファイル').setInputFiles(fixturePath('kenpo-household.xlsx'));
    await page.getByText(/このファイルは .* に取込済みです/).waitFor();
    expect(await page.getByRole('button', { name: /通を取り込む/ }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'キャンセル' }).click();
    expect(app.errors).toEqual([]);
    await app.close();
  });

  it('a broken file gets a Japanese message and changes nothing', async () => {
    const app = await launchApp({ settings: CLERK });
    await dropFile(app.page, 'section[aria-label="取込"]', 'garbage.xlsx', readFixture('bad/garbage.xlsx'));
    expect(await app.page.getByRole('alert').textContent()).toMatch(/ファイルを読めません/);
    await dropFile(app.page, 'section[aria-label="取込"]', 'notes.pdf', new Uint8Array([37, 80, 68, 70]));
    await app.page.getByText(/取り込めない種類のファイルです/).waitFor();
    expect(count(app, 'shipments')).toBe(0);
    await app.close();
  });

  it('a My Number column is shown as ignored', async () => {
    const app = await launchApp({ settings: CLERK });
    await dropFile(app.page, 'section[aria-label="取込"]', 'mynumber-column.csv', readFixture('bad/mynumber-column.csv'));
    await app.page.getByText(/個人番号（マイナンバー）の列「個人番号」は読み込んでいません/).waitFor();
    expect(await app.page.content()).not.toMatch(/\d{12}/);
    await app.close();
  });

  it('unknown headers open the mapping screen; the choice imports the list', async () => {
    const app = await launchApp({ settings: CLERK });
    const { page } = app;
    const csv = '\ufeff被保険者記号,被保険者番号,Edaban,Shimei\n1234,100,00,山田 太郎\n1234,100,01,山田 花子\n';
    await dropFile(page, 'section[aria-label="取込"]', 'odd.csv', new Uint8Array(Buffer.from(csv)));
    await page.getByLabel('列の対応').waitFor();
    expect(await page.getByLabel('記号の列').inputValue()).toBe('0');
    await page.getByLabel('枝番の列').selectOption({ label: 'C列: Edaban' });
    await page.getByLabel('対象者氏名の列').selectOption({ label: 'D列: Shimei' });
    await page.screenshot({ path: `${app.dir}/mapping.png`, fullPage: true });
    await page.getByRole('button', { name: 'この対応で読み直す' }).click();
    await page.getByLabel('保険者名').fill('独自健康保険組合');
    await page.getByRole('radio', { name: /個人ごと/ }).check();
    await page.getByRole('button', { name: '2通を取り込む' }).click();
    await page.getByText(/封筒 2通/).waitFor();
    expect(count(app, 'members')).toBe(2);
    expect(app.errors).toEqual([]);
    await app.close();
  });

  it('受入チェック: scan while unpacking, record an envelope the list lacks, finish with 箱に無い', async () => {
    const app = await launchApp({ settings: CLERK });
    importFile(app.ctx, readFixture('bad/missing-number.csv'), 'missing-number.csv', {});
    const { page } = app;
    await page.reload();
    await page.getByRole('button', { name: '取込', exact: true }).click();
    await page.getByLabel('missing-number.csvの受入チェック').click();
    const panel = page.getByLabel('受入チェック');
    await panel.getByText('確認 0 / 2通').waitFor();
    const scanner = new ScannerKeyboard(app.cdp);
    await scanner.scanKeys('01010101 0000001 00');
    await panel.getByText('確認しました: 髙橋 大輔').waitFor();
    await panel.getByText('確認 1 / 2通').waitFor();
    await panel.getByLabel('封筒の窓に見える内容').fill('01010101 0000777 鈴木 一郎');
    await panel.getByRole('button', { name: 'リストに無い封筒として記録' }).click();
    await panel.getByText('リストに無い 1通').waitFor();
    await panel.getByRole('button', { name: /受入チェックを終える/ }).click();
    await panel.getByText('箱に無い 1通').waitFor();
    expect(app.db.prepare(`SELECT kind FROM discrepancies ORDER BY id`).pluck().all()).toEqual(['not_on_list', 'missing_from_box']);
    expect(app.errors).toEqual([]);
    await app.close();
  });
});
