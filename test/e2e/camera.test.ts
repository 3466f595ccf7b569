/**
 * カメラで読む in the real 配付 screen: Chromium's fake camera plays envelope windows drawn by the test
 * (a Y4M written in TS): the right household goes green, an envelope held still is handed over once, and a
 * code not in the list stays grey with what was read.
 */
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../electron/services/lists/importList';
import { readFixture } from '../fixtures';
import { drawWindows } from '../camera/windowPhotos';
import { writeY4m } from '../camera/y4m';
import { browser as plainBrowser, CHROMIUM, CHROMIUM_ARGS, CLERK, closeBrowser, launchApp, ORIGIN, tempDir } from './harness';

let camBrowser: Browser;
const FPS = 5;

beforeAll(async () => {
  const size = { width: 640, height: 480 };
  const [held, desk, stranger] = await drawWindows(await plainBrowser(), [
    { symbol: '01010101', number: '0000002', holder: '田中 さくら', member: '田中 芽依', tilt: 2, size: 18, ...size },
    { symbol: '', number: '', holder: '', size: 18, ...size, blank: true },
    { symbol: '01010101', number: '0000999', holder: '山本 一郎', tilt: -2, size: 18, ...size },
  ]);
  await closeBrowser();
  const video = path.join(tempDir(), 'desk.y4m');
  // 8 s held still, 3 s of empty desk, 8 s of an envelope that is not on the list; Chromium loops it.
  writeY4m(video, [{ png: held!, frames: 8 * FPS }, { png: desk!, frames: 3 * FPS }, { png: stranger!, frames: 8 * FPS }], FPS);
  camBrowser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      ...CHROMIUM_ARGS,
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
      // getUserMedia needs a secure context; the app's app:// scheme is registered as secure in Electron.
      `--unsafely-treat-insecure-origin-as-secure=${ORIGIN}`,
    ],
  });
}, 60_000);

afterAll(async () => {
  await camBrowser?.close();
});

describe('camera mode on 配付', () => {
  it('hands the held envelope over once, by its printed 記号・番号, and leaves an unknown one grey', { timeout: 120_000 }, async () => {
    const app = await launchApp({ settings: CLERK, browser: camBrowser });
    importFile(app.ctx, readFixture('kyokai-person.csv'), 'kyokai-person.csv', {});
    const { page } = app;
    await page.reload();
    await page.getByRole('button', { name: '配付', exact: true }).click();
    await page.getByRole('checkbox', { name: 'カメラで読む' }).check();

    const card = page.getByTestId('scan-result');
    await expect.poll(() => card.getAttribute('data-result'), { timeout: 60_000 }).toBe('handed_over');
    await expect.poll(() => card.textContent()).toContain('田中 さくら');
    expect(await card.textContent()).toContain('カメラ・文字で読み取り');

    // The stranger's envelope: grey, with what was read, and nothing handed over for it.
    const grey = page.getByTestId('camera-read');
    await expect.poll(() => grey.textContent(), { timeout: 60_000 }).toContain('0000999');
    expect(await grey.textContent()).toContain('一覧に該当する世帯がありません');
    await page.screenshot({ path: '/work/notes/i16-camera.png' }).catch(() => page.screenshot({ path: path.join(app.dir, 'camera.png') }));

    // Held still for 8 s (many frames): one hand-over action for the household, none for anyone else.
    const actions = app.db
      .prepare(`SELECT DISTINCT action_uid FROM events WHERE kind = 'handover'`)
      .pluck()
      .all();
    expect(actions).toHaveLength(1);
    const handed = app.db.prepare(`SELECT DISTINCT number FROM envelopes WHERE status = 'handed_over'`).pluck().all();
    expect(handed).toEqual(['0000002']);
    expect(app.errors).toEqual([]);
    await app.close();
  });
});
