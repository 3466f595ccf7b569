import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { closeBrowser, launchDesk } from './harness';
import { ScannerKeyboard } from './scannerKeys';

afterAll(closeBrowser);

const scanners = new WeakMap<Page, ScannerKeyboard>();

async function appWithList() {
  const app = await launchDesk();
  scanners.set(app.page, new ScannerKeyboard(app.cdp));
  return app;
}

/** A keyboard-wedge scanner: the code at machine speed (by the key events' own timestamps), then Enter. */
async function scanBurst(page: Page, code: string) {
  await scanners.get(page)!.scanKeys(code);
}

const result = (page: Page) => page.getByTestId('scan-result');

async function expectResult(page: Page, kind: string, text: RegExp) {
  await expect.poll(async () => (await result(page).getAttribute('data-result')) ?? '').toBe(kind);
  await expect.poll(() => result(page).textContent()).toMatch(text);
}

const handedOver = (app: Awaited<ReturnType<typeof appWithList>>) =>
  app.db.prepare(`SELECT COUNT(*) FROM envelopes WHERE status = 'handed_over'`).pluck().get();

describe('配付 screen', () => {
  it('a scan anywhere hands over the household: green, names, what to hand over; then amber; grey for unknown', async () => {
    const app = await appWithList();
    const { page } = app;
    await page.getByText('スキャン待ち').waitFor();
    await scanBurst(page, '01010101 0000002');
    await expectResult(page, 'handed_over', /お渡しください.*田中 さくら さん.*本人・子・子・子 4通/);
    await page.getByText(/配付済\s*4\s*\/\s*全\s*152\s*通/).waitFor();
    await page.screenshot({ path: `${app.dir}/handover-green.png`, fullPage: true });

    // The next scan works while the last result is still on screen.
    await scanBurst(page, '01010101 0000003');
    await expectResult(page, 'handed_over', /林 美咲/);
    await scanBurst(page, '01010101 0000002 01');
    await expectResult(page, 'already_handed_over', /配付済み.*総務部 山田/);
    expect(handedOver(app)).toBe(5);

    await scanBurst(page, '99999999 1234567');
    await expectResult(page, 'unknown', /該当なし.*99999999 1234567/);
    expect(app.errors).toEqual([]);
    await app.close();
  });

  it('a burst while the search field has focus is a scan, and the typed search stays', async () => {
    const app = await appWithList();
    const { page } = app;
    const search = page.getByLabel('検索（氏名・カナ・記号番号・所属）');
    await search.click();
    await page.keyboard.type('はやし', { delay: 120 });
    await page.getByRole('listbox', { name: '検索結果' }).waitFor();
    await scanBurst(page, '01010101000000500'); // 記号・番号・枝番 joined, as printed
    await expectResult(page, 'handed_over', /山本 健一 さん/);
    expect(await search.inputValue()).toBe('はやし');
    expect(handedOver(app)).toBe(4);

    // With the Japanese IME on, the scanner's digits arrive as a full-width composition.
    await scanners.get(page)!.settle();
    await scanners.get(page)!.imeScan('01010101-0000006');
    await expectResult(page, 'handed_over', /伊藤 健一 さん.*本人・妻 2通/);
    expect(await search.inputValue()).toBe('はやし');
    expect(handedOver(app)).toBe(6);
    expect(app.errors).toEqual([]);
    await app.close();
  });

  it('search and tick: kana of any width, Enter hands over, a proxy is recorded, Ctrl+Z undoes', async () => {
    const app = await appWithList();
    const { page } = app;
    await page.keyboard.press('F2');
    await page.keyboard.type('ﾊﾔｼ ﾐｻｷ', { delay: 60 });
    const options = page.getByRole('listbox', { name: '検索結果' }).getByRole('option');
    await expect.poll(() => options.count()).toBe(1);
    await page.getByLabel('代理で渡す').check();
    await page.getByLabel('受け取る人').fill('林 一郎（夫）');
    await page.getByLabel('検索（氏名・カナ・記号番号・所属）').press('Enter');
    await expectResult(page, 'handed_over', /林 美咲/);
    const detail = app.db.prepare(`SELECT detail FROM events`).pluck().get() as string;
    expect(JSON.parse(detail)).toEqual({ recipient: { kind: 'proxy', name: '林 一郎（夫）' } });
    await expect.poll(() => options.first().textContent()).toContain('配付済');

    await page.getByLabel('検索（氏名・カナ・記号番号・所属）').fill('');
    await page.locator('body').click();
    await page.keyboard.press('Control+z');
    await page.getByText('取り消しました（1通）。').waitFor();
    expect(handedOver(app)).toBe(0);
    await page.getByLabel('操作の履歴').getByText('取消済').waitFor();
    expect(app.errors).toEqual([]);
    await app.close();
  });

  it('a scan paints the result card in a frame of its own; counters, history and list follow, and the list never blanks', async () => {
    const app = await appWithList();
    const { page } = app;
    const list = page.getByLabel('封筒の一覧');
    await list.getByText('152通').waitFor();
    await list.getByText('田中 さくら').first().waitFor();
    // Every DOM change, stamped with the number of frames begun so far: a change stamped n is painted
    // in frame n + 1, so a later stamp means a later frame.
    await page.evaluate(() => {
      const w = window as unknown as { __frame: number; __seen: { frame: number; what: string }[] };
      w.__frame = 0;
      w.__seen = [];
      const tick = () => {
        w.__frame++;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      const text = (label: string) => document.querySelector(`[aria-label="${label}"]`)?.textContent ?? '';
      let last = { counter: text('配付状況'), history: text('操作の履歴') };
      new MutationObserver((records) => {
        const now = { counter: text('配付状況'), history: text('操作の履歴') };
        const card = records.some((r) => Array.from(r.addedNodes).some((n) => n instanceof HTMLElement && n.dataset.result !== undefined));
        if (card) w.__seen.push({ frame: w.__frame, what: 'card' });
        if (now.counter !== last.counter) w.__seen.push({ frame: w.__frame, what: 'counter' });
        if (now.history !== last.history) w.__seen.push({ frame: w.__frame, what: 'history' });
        if (document.querySelector('.list-row.loading')) w.__seen.push({ frame: w.__frame, what: 'blank rows' });
        last = now;
      }).observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
    });
    await scanBurst(page, '01010101 0000002');
    await expectResult(page, 'handed_over', /田中 さくら/);
    await page.getByLabel('操作の履歴').getByText(/田中 さくら/).waitFor();
    // The list catches up: the household's rows now say 配付済.
    await expect.poll(() => list.getByRole('row').filter({ hasText: '田中 さくら' }).first().textContent()).toMatch(/配付済/);
    const seen = await page.evaluate(() => (window as unknown as { __seen: { frame: number; what: string }[] }).__seen);
    const frameOf = (what: string) => seen.find((s) => s.what === what)?.frame;
    expect(frameOf('card')).toBeDefined();
    expect(frameOf('counter')).toBeGreaterThan(frameOf('card')!);
    expect(frameOf('history')).toBeGreaterThan(frameOf('card')!);
    // The rows already on screen stay until their fresh versions replace them.
    expect(seen.filter((s) => s.what === 'blank rows')).toEqual([]);

    // The card's own history is read when the clerk opens it.
    await result(page).getByText('この封筒の履歴').click();
    await result(page).getByLabel('この封筒の履歴').getByText(/配付: 未配付 → 配付済.*総務部 山田/).waitFor();
    expect(app.errors).toEqual([]);
    await app.close();
  });

  it('the list filters by status, and the privacy option hides it until a search', async () => {
    const app = await appWithList();
    const { page } = app;
    const list = page.getByLabel('封筒の一覧');
    await list.getByText('152通').waitFor();
    await scanBurst(page, '01010101 0000005');
    await expectResult(page, 'handed_over', /山本 健一/);
    await list.getByLabel('状態で絞り込み').selectOption({ label: '配付済' });
    await list.getByText('4通', { exact: true }).waitFor();
    // Each envelope shows its own history.
    await list.getByRole('row').filter({ hasText: '山本 健一' }).first().click();
    await list.getByLabel('この封筒の履歴').getByText(/配付: 未配付 → 配付済.*総務部 山田/).waitFor();
    await page.getByLabel('検索するまで一覧を隠す').check();
    expect(await page.getByLabel('封筒の一覧').count()).toBe(0);
    await page.reload();
    await page.getByLabel('検索するまで一覧を隠す').waitFor();
    expect(await page.getByLabel('検索するまで一覧を隠す').isChecked()).toBe(true);
    expect(await page.getByLabel('封筒の一覧').count()).toBe(0);
    await app.close();
  });
});
