import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser, launchApp } from './harness';

afterAll(closeBrowser);

describe('first start', () => {
  it('asks for company and operator, keeps them across a reload and a restart', async () => {
    const app = await launchApp();
    const { page } = app;
    await page.getByRole('heading', { name: /Kubaru/ }).waitFor();
    expect(await page.getByText('はじめに事業所名と担当者名を入力してください').isVisible()).toBe(true);

    // An empty operator is refused with a Japanese message and nothing is saved.
    await page.getByLabel('事業所名').fill('株式会社サンプル電機');
    await page.getByRole('button', { name: 'はじめる' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('担当者名を入力してください');
    expect(app.db.prepare(`SELECT COUNT(*) FROM meta WHERE key = 'company_name'`).pluck().get()).toBe(0);

    await page.getByLabel('担当者名').fill('総務部 山田');
    await page.getByRole('button', { name: 'はじめる' }).click();
    // With nothing imported the clerk lands on 取込 and every other screen says what to do first.
    await page.getByRole('navigation', { name: '画面' }).waitFor();
    expect(await page.getByRole('button', { name: '取込', exact: true }).getAttribute('aria-current')).toBe('page');
    await page.getByRole('button', { name: '配付', exact: true }).click();
    await page.getByText('まず送付対象者リストを取り込んでください').waitFor();

    await page.reload();
    await page.getByText('株式会社サンプル電機').waitFor();
    expect(await page.getByText('担当: 総務部 山田').isVisible()).toBe(true);
    expect(await page.getByText('はじめに事業所名と担当者名を入力してください').count()).toBe(0);
    await page.screenshot({ path: `${app.dir}/shell.png` });
    expect(app.errors).toEqual([]);
    await app.close();

    // A restart of the app (new page, database reopened from disk) still knows them.
    const again = await launchApp({ dbFile: app.dbFile });
    await again.page.getByText('担当: 総務部 山田').waitFor();
    expect(again.errors).toEqual([]);
    await again.close();
  });

  it('keyboard: Ctrl+number switches screens', async () => {
    const app = await launchApp();
    await app.page.getByLabel('事業所名').fill('テスト商事');
    await app.page.getByLabel('担当者名').fill('佐藤');
    await app.page.getByLabel('担当者名').press('Enter');
    await app.page.getByRole('navigation', { name: '画面' }).waitFor();
    await app.page.keyboard.press('Control+5');
    await app.page.getByRole('heading', { name: '設定' }).waitFor();
    expect(await app.page.getByLabel('事業所名').inputValue()).toBe('テスト商事');
    await app.close();
  });
});
