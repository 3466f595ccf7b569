/**
 * Issue #13: a scan's card must not wait for a font file. The bundled BIZ UDPGothic is ~120 files per
 * weight (one per range of characters); the app sets every one up when it is idle after start, so the
 * first name with a rare kanji does not load its file in the middle of a scan.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { closeBrowser, launchDesk } from './harness';

afterAll(closeBrowser);

describe('fonts at start', () => {
  it('every face of the card’s font is loaded before the first scan, and nothing of it stays on the page', { timeout: 120_000 }, async () => {
    const app = await launchDesk();
    const { page } = app;
    await page.getByText('スキャン待ち').waitFor();
    const faces = () =>
      page.evaluate(() => {
        const all = Array.from(document.fonts as unknown as Iterable<FontFace>).filter((f) => f.family.replace(/"/g, '') === 'BIZ UDPGothic');
        return { all: all.length, loaded: all.filter((f) => f.status === 'loaded').length };
      });
    // Without the warm-up only the faces of the characters on screen are loaded (a few of ~240).
    await expect.poll(async () => (await faces()).loaded, { timeout: 30_000 }).toBe((await faces()).all);
    expect((await faces()).all).toBeGreaterThan(200);
    // The off-screen box goes once the files are in: no stray text for screen readers or tests.
    await expect.poll(() => page.locator('.result[aria-hidden="true"]').count(), { timeout: 10_000 }).toBe(0);
    expect(app.errors).toEqual([]);
    await app.close();
  });
});
