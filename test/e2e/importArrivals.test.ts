import { afterAll, describe, expect, it } from 'vitest';
import { CLERK, closeBrowser, dropFile, launchApp } from './harness';

afterAll(closeBrowser);

/**
 * A list converted from PDF: a 保険者番号 without a name above the header, a long name wrapped, and a 送付区分
 * column that sends one envelope straight to the home (直送).
 */
const CSV = [
  '「資格情報のお知らせ」送付対象者リスト',
  '保険者番号：06139999',
  '記号,番号,枝番,被保険者氏名,氏名,カナ,続柄,生年月日,送付区分',
  '1234,12345601,00,松本　太郎,松本　太郎,マツモト　タロウ,本人,1980-04-01,事業所',
  '1234,12345602,00,長谷川　左衛門,長谷川　左衛門,ハセガワ　サエモン,本人,1975-06-15,事業所',
  ',,,三郎太,三郎太,サブロウタ,,,',
  '1234,12345603,00,佐藤　花子,佐藤　花子,サトウ　ハナコ,本人,1990-02-03,任意継続（自宅）',
].join('\r\n');

describe('取込 preview of a list converted from PDF', () => {
  it('says which wrapped rows were joined, proposes the insurer kind from the 法別番号, and counts the 直送 envelope apart', async () => {
    const app = await launchApp({ settings: CLERK });
    const { page } = app;
    await dropFile(page, 'section[aria-label="取込"]', 'converted.csv', new Uint8Array(Buffer.from(CSV)));
    await page.getByLabel('取込内容の確認').waitFor();

    // The wrapped row is not a problem: it is listed as joined, with its row numbers.
    expect(await page.getByLabel('折り返しの結合').textContent()).toMatch(/折り返しを結合しました.*6行目→5行目/);
    expect(await page.getByLabel('取り込まない行').textContent()).toContain('問題のある行はありません');
    expect(await page.getByLabel('封筒', { exact: true }).textContent()).toContain('3');
    // The 任意継続 member's envelope goes to the home: said before importing, not counted as 未配付.
    expect(await page.getByLabel('直送', { exact: true }).textContent()).toContain('うち直送 1通');

    // No 保険者名 in the file: the kind from 06, for the clerk to complete.
    expect(await page.getByLabel('保険者名').inputValue()).toBe('健康保険組合（06139999）');
    await page.getByText('保険者番号の法別番号（06）から「健康保険組合」としました。正式な保険者名に直してください。').waitFor();
    await page.getByLabel('保険者名').fill('サンプル電機健康保険組合');
    await page.getByLabel('保険者名').blur();
    await page.getByRole('button', { name: '3通を取り込む' }).click();
    await page.getByText(/封筒 3通（対象者 3人・3世帯）を取り込みました/).waitFor();
    expect(app.db.prepare(`SELECT name FROM members WHERE number = '12345602'`).pluck().get()).toBe('長谷川　左衛門三郎太');
    expect(app.db.prepare('SELECT name, insurer_number FROM insurers').all()).toEqual([{ name: 'サンプル電機健康保険組合', insurer_number: '06139999' }]);
    expect(app.db.prepare(`SELECT holder_name FROM envelopes WHERE delivery = 'direct'`).pluck().all()).toEqual(['佐藤　花子']);
    // 進捗・報告 lists it apart, and the done share is of the 2 envelopes in the box.
    await page.getByRole('button', { name: '進捗・報告', exact: true }).click();
    expect(await page.getByLabel('直送の封筒').textContent()).toContain('佐藤　花子');
    expect(await page.getByLabel('全体の進捗').textContent()).toContain('直送（箱に無し）');
    await page.screenshot({ path: `${app.dir}/import-arrivals.png`, fullPage: true });
    expect(app.errors).toEqual([]);
    await app.close();
  });
});
