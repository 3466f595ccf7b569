/**
 * Two insurers whose 記号・番号 coincide (a 健保組合 and a subsidiary's 協会けんぽ): the roster screen asks which
 * insurer the roster speaks of, and an employee ID card then hands over that insurer's envelope only.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { importFile } from '../../electron/services/lists/importList';
import { CLERK, closeBrowser, launchApp } from './harness';
import { ScannerKeyboard } from './scannerKeys';
import { fixturePath, readFixture } from '../fixtures';

afterAll(closeBrowser);

const KENPO = 'テスト健康保険組合';
const KYOKAI = '協会けんぽ 東京支部';

describe('two insurers sharing 記号・番号', () => {
  it('the roster screen asks for the insurer; a 社員番号 scan hands over that insurer’s envelope only', async () => {
    const app = await launchApp({ settings: CLERK });
    for (const insurerName of [KENPO, KYOKAI]) {
      importFile(app.ctx, readFixture('kenpo-household.xlsx'), 'kenpo-household.xlsx', { insurerName, unit: 'household' });
    }
    const { page } = app;
    await page.reload();
    await page.getByRole('button', { name: '返送', exact: true }).click();
    const panel = page.getByLabel('社員名簿で確認');
    await panel.getByLabel('社員名簿のファイル').setInputFiles(fixturePath('roster.csv'));
    await panel.getByText(/複数の保険者.*の封筒に当てはまります/).waitFor();
    expect(app.db.prepare('SELECT COUNT(*) FROM roster_imports').pluck().get()).toBe(0);
    const choose = panel.getByLabel('名簿の保険者', { exact: true });
    expect(await choose.locator('option').allTextContents()).toEqual(['選んでください', KENPO, KYOKAI]);
    await choose.selectOption(KYOKAI);
    await panel.getByRole('button', { name: 'この保険者で取り込む' }).click();
    await panel.getByText(/社員名簿 roster.csv から 52人を読み込みました/).waitFor();
    await panel.getByText(`保険者: ${KYOKAI}`, { exact: false }).waitFor();
    await expect.poll(() => panel.getByLabel('返送対象の候補').getByRole('checkbox').count()).toBe(5);

    await page.getByRole('button', { name: '配付', exact: true }).click();
    await page.getByRole('heading', { name: '配付', exact: true }).waitFor();
    const scanner = new ScannerKeyboard(app.cdp);
    await scanner.scanKeys('E10002');
    await expect.poll(async () => (await page.getByTestId('scan-result').getAttribute('data-result')) ?? '').toBe('handed_over');
    const handed = app.db
      .prepare(`SELECT i.name FROM envelopes e JOIN insurers i ON i.id = e.insurer_id WHERE e.status = 'handed_over'`)
      .pluck()
      .all();
    expect(handed).toEqual([KYOKAI]);
    expect(app.errors).toEqual([]);
    await app.close();
  });
});
