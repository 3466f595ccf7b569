/**
 * Runs the scanner listeners in real Chromium. Keys are trusted CDP key events (what Playwright's
 * keyboard sends), but scanner-speed ones carry explicit timestamps: on a loaded test machine
 * `keyboard.type(code, { delay: 5 })` shows gaps of 100 ms and more, which would make a scan look like a
 * person typing. People type in real time (120 ms apart), which can only err on the slow side.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ENTER, keyOf, ScannerKeyboard, type Key } from '../../test/e2e/scannerKeys';

const here = path.dirname(fileURLToPath(import.meta.url));

// Bundled into the page as `ScannerHarness`. The React part checks the hook itself: a callback that
// changes on every render, a controlled field whose state must follow the restored value, unmounting.
const HARNESS_ENTRY = `
import { createElement, useState } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { installScanner, useScanner } from './useScanner';

function Screen({ scans }: { scans: string[] }) {
  const [query, setQuery] = useState('');
  const [count, setCount] = useState(0);
  useScanner((code) => {
    scans.push(code + '@' + count);
    setCount(count + 1);
  });
  return createElement('div', null,
    createElement('input', { id: 'query', value: query, onChange: (e: { target: HTMLInputElement }) => setQuery(e.target.value) }),
    createElement('output', { id: 'state' }, query),
    createElement('output', { id: 'count' }, String(count)),
  );
}

export function mountScreen(container: HTMLElement, scans: string[]): () => void {
  const root = createRoot(container);
  flushSync(() => root.render(createElement(Screen, { scans })));
  return () => flushSync(() => root.unmount());
}

export { installScanner };
`;

interface HarnessWindow {
  ScannerHarness: {
    installScanner: (target: Window, onScan: (code: string) => void, options?: object) => () => void;
    mountScreen: (container: HTMLElement, scans: string[]) => () => void;
  };
  scans: string[];
  clicks: number;
  submits: number;
  unmount?: () => void;
}

const PAGE = `<!doctype html><meta charset="utf-8">
<form id="f"><input id="search" autocomplete="off"><button id="b">検索</button></form>
<select id="insurer"><option>協会けんぽ</option><option>1 サンプル電機健保</option></select>
<textarea id="memo"></textarea><div id="note" contenteditable="true"><b>保留</b>中</div>
<div id="react"></div>
<div style="height: 5000px"></div>`;

let bundle = '';
let browser: Browser;
let page: Page;
let cdp: CDPSession;

beforeAll(async () => {
  const out = await build({
    stdin: { contents: HARNESS_ENTRY, resolveDir: here, loader: 'ts', sourcefile: 'harness-entry.ts' },
    bundle: true,
    format: 'iife',
    globalName: 'ScannerHarness',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  bundle = out.outputFiles[0]?.text ?? '';
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  await browser?.close();
});

beforeEach(async () => {
  page = await browser.newPage();
  cdp = await page.context().newCDPSession(page);
  keyboard = new ScannerKeyboard(cdp);
  await page.setContent(PAGE);
  await page.addScriptTag({ content: bundle });
  await page.evaluate(() => {
    const w = (window as unknown as HarnessWindow);
    w.scans = [];
    w.clicks = 0;
    w.submits = 0;
    document.getElementById('b')?.addEventListener('click', () => w.clicks++);
    document.getElementById('f')?.addEventListener('submit', (e) => {
      e.preventDefault();
      w.submits++;
    });
  });
});

afterEach(async () => {
  await page.close();
});

const install = () => page.evaluate(() => void (window as unknown as HarnessWindow).ScannerHarness.installScanner(window, (code) => (window as unknown as HarnessWindow).scans.push(code)));
const scans = () => page.evaluate(() => (window as unknown as HarnessWindow).scans);
const clicks = () => page.evaluate(() => (window as unknown as HarnessWindow).clicks);
const submits = () => page.evaluate(() => (window as unknown as HarnessWindow).submits);
const searchValue = () => page.inputValue('#search');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let keyboard: ScannerKeyboard;
const now = () => keyboard.now();
const keyAt = (k: Key, at: number, modifiers: { key?: string } = {}) => keyboard.keyAt(k, at, modifiers);
const scanKeys = (code: string, options?: { start?: number; gap?: number; enterGap?: number }) => keyboard.scanKeys(code, options);
const settle = () => keyboard.settle();
const imeScan = (code: string, options?: { start?: number; gap?: number; dispatchDelay?: number }) => keyboard.imeScan(code, options);

describe('installScanner in Chromium', () => {
  it('takes a scan with the focus nowhere, without scrolling the page', async () => {
    await install();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await scanKeys('1234 5678 90');
    expect(await scans()).toEqual(['1234 5678 90']);
    // Space would have paged down.
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    expect(await searchValue()).toBe('');
  });

  it('takes a scan in the search box and leaves the box with what the clerk had typed', async () => {
    await install();
    await page.focus('#search');
    await page.keyboard.type('yamada', { delay: 120 });
    await scanKeys('4901234567894');
    expect(await scans()).toEqual(['4901234567894']);
    expect(await searchValue()).toBe('yamada');
    // The scan's Enter did not submit the search form either.
    expect(await submits()).toBe(0);
    await settle();
    await page.keyboard.type('x', { delay: 120 });
    expect(await searchValue()).toBe('yamadax');
  });

  it('puts the caret back where the clerk left it inside the search box', async () => {
    await install();
    await page.focus('#search');
    await page.keyboard.type('yamada', { delay: 120 });
    await page.evaluate(() => (document.getElementById('search') as HTMLInputElement).setSelectionRange(2, 2));
    await scanKeys('4901234567894');
    await settle();
    await page.keyboard.type('X');
    expect(await searchValue()).toBe('yaXmada');
    expect(await scans()).toEqual(['4901234567894']);
  });

  it('takes a scan with the focus on a button without pressing it; people can still press it', async () => {
    await install();
    await page.focus('#b');
    await scanKeys('1234 12345678 12');
    expect(await scans()).toEqual(['1234 12345678 12']);
    expect(await clicks()).toBe(0);
    await settle();
    await page.keyboard.press('Enter');
    expect(await clicks()).toBe(1);
    await page.keyboard.press(' ');
    expect(await clicks()).toBe(2);
    expect(await scans()).toHaveLength(1);
  });

  it('leaves a person typing digits and Enter in the search box alone', async () => {
    await install();
    await page.focus('#search');
    await page.keyboard.type('12345678', { delay: 120 });
    await sleep(120);
    await page.keyboard.press('Enter');
    expect(await scans()).toEqual([]);
    expect(await searchValue()).toBe('12345678');
    expect(await submits()).toBe(1);
  });

  it('takes two scans back to back as two codes, in the search box and with the focus nowhere', async () => {
    await install();
    await page.focus('#search');
    const end = await scanKeys('11112222');
    await scanKeys('33334444', { start: end + 5 });
    expect(await scans()).toEqual(['11112222', '33334444']);
    expect(await searchValue()).toBe('');

    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const end2 = await scanKeys('55556666', { start: now() + 200 });
    await scanKeys('77778888', { start: end2 + 5 });
    expect(await scans()).toEqual(['11112222', '33334444', '55556666', '77778888']);
  });

  it('takes a scan whose keys all carry the same millisecond', async () => {
    await install();
    await page.focus('#search');
    await scanKeys('1234-12345678-12', { gap: 0, enterGap: 0 });
    expect(await scans()).toEqual(['1234-12345678-12']);
    expect(await searchValue()).toBe('');
  });

  it('keeps what the screen put into the field during a scan and takes out only the scanned part', async () => {
    await install();
    await page.focus('#search');
    await page.keyboard.type('yamada', { delay: 120 });
    const start = now();
    let t = start;
    for (const char of '1234') await keyAt(keyOf(char), (t += 5));
    // The screen clears its search box after the previous result, while this scan is arriving.
    await page.evaluate(() => {
      (document.getElementById('search') as HTMLInputElement).value = '';
    });
    for (const char of '5678') await keyAt(keyOf(char), (t += 5));
    await keyAt(ENTER, (t += 5));
    keyboard.advanceTo(t);
    expect(await scans()).toEqual(['12345678']);
    expect(await searchValue()).toBe('');
  });

  it('leaves a textarea and a rich-text note as they were, without a line break from the Enter', async () => {
    await install();
    await page.fill('#memo', '退職済み');
    await page.focus('#memo');
    await scanKeys('12345678');
    expect(await page.inputValue('#memo')).toBe('退職済み');
    await page.focus('#note');
    await scanKeys('87654321', { start: now() + 200 });
    expect(await page.innerHTML('#note')).toBe('<b>保留</b>中');
    expect(await scans()).toEqual(['12345678', '87654321']);
  });

  it('does not let a scan pick an option in a focused select', async () => {
    await install();
    await page.focus('#insurer');
    await scanKeys('12345678');
    expect(await scans()).toEqual(['12345678']);
    expect(await page.inputValue('#insurer')).toBe('協会けんぽ');
  });

  it('stops listening once removed', async () => {
    await page.evaluate(() => {
      (window as unknown as HarnessWindow).ScannerHarness.installScanner(window, (code) => (window as unknown as HarnessWindow).scans.push(code))();
    });
    await page.focus('#search');
    await scanKeys('12345678');
    expect(await scans()).toEqual([]);
    expect(await searchValue()).toBe('12345678');
    expect(await submits()).toBe(1);
  });
});

/**
 * chromium: Enter keydown, last input, compositionend. input-after-end: the sequence as often documented
 * (and Firefox's), with the last input after compositionend. end-before-keydown: WebKit's, where the
 * composition ends before the Enter keydown (keyCode 229, isComposing false) arrives.
 */
type ImeOrder = 'chromium' | 'input-after-end' | 'end-before-keydown';

/**
 * The event sequence Chromium produces for a keyboard-wedge scanner while the Japanese IME is on,
 * recorded from Blink's own IME path (see imeScan), and the orders other engines use. Dispatched by
 * hand so each order is pinned; the field's value changes as the browser would change it.
 */
function dispatchImeScan({ fullWidth, order }: { fullWidth: string; order: ImeOrder }): void {
  const field = document.getElementById('search') as HTMLInputElement;
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
  const start = field.selectionStart ?? field.value.length;
  const before = field.value.slice(0, start);
  const after = field.value.slice(field.selectionEnd ?? start);
  const key = (type: string, init: KeyboardEventInit & { keyCode?: number }) =>
    field.dispatchEvent(new KeyboardEvent(type, { bubbles: true, cancelable: true, composed: true, ...init }));
  const composition = (type: string, data: string) =>
    field.dispatchEvent(new CompositionEvent(type, { bubbles: true, cancelable: true, composed: true, data }));
  const input = (type: string, data: string, isComposing: boolean) =>
    field.dispatchEvent(new InputEvent(type, { bubbles: true, composed: true, inputType: 'insertCompositionText', data, isComposing }));
  const show = (text: string) => {
    setValue?.call(field, before + text + after);
    field.setSelectionRange(before.length + text.length, before.length + text.length);
  };
  let text = '';
  for (const [i, char] of [...fullWidth].entries()) {
    key('keydown', { key: 'Process', code: 'Digit1', keyCode: 229, isComposing: i > 0 });
    if (i === 0) composition('compositionstart', '');
    text += char;
    composition('compositionupdate', text);
    input('beforeinput', text, true);
    show(text);
    input('input', text, true);
    key('keyup', { key: String(i), code: 'Digit1', keyCode: 49, isComposing: true });
  }
  if (order === 'end-before-keydown') {
    composition('compositionend', text);
    input('input', text, false);
    key('keydown', { key: 'Enter', code: 'Enter', keyCode: 229, isComposing: false });
  } else {
    key('keydown', { key: 'Enter', code: 'Enter', keyCode: 229, isComposing: true });
    if (order === 'chromium') {
      composition('compositionupdate', text);
      input('beforeinput', text, true);
      input('input', text, true);
      composition('compositionend', text);
    } else {
      composition('compositionend', text);
      input('input', text, false);
    }
  }
  key('keyup', { key: 'Enter', code: 'Enter', keyCode: 13, isComposing: false });
}

describe('installScanner with the Japanese IME on', () => {
  it.each(['chromium', 'input-after-end', 'end-before-keydown'] as const)(
    'takes the scan once, half-width, and leaves the field as it was (%s event order)',
    async (order) => {
      await install();
      await page.focus('#search');
      await page.keyboard.type('yamada', { delay: 120 });
      await page.evaluate(dispatchImeScan, { fullWidth: '１２３４ー１２３４５６７８ー１２', order });
      expect(await scans()).toEqual(['1234-12345678-12']);
      expect(await searchValue()).toBe('yamada');
    },
  );

  it('takes scans composed by Chromium itself, back to back, and the clerk can keep typing', async () => {
    await install();
    await page.focus('#search');
    await page.keyboard.type('yamada', { delay: 120 });
    const end = await imeScan('1234-5678');
    await imeScan('87654321', { start: end + 5 });
    expect(await scans()).toEqual(['1234-5678', '87654321']);
    expect(await searchValue()).toBe('yamada');
    // The IME is not left in a strange state: a person's composition still lands where it should.
    await settle();
    await cdp.send('Input.imeSetComposition', { text: 'やま', selectionStart: 2, selectionEnd: 2 });
    await cdp.send('Input.insertText', { text: 'やま' });
    expect(await searchValue()).toBe('yamadaやま');
    expect(await scans()).toHaveLength(2);
  });

  it('takes the scan even when the renderer is too busy to show each composition step in time', async () => {
    await install();
    await page.focus('#search');
    await imeScan('12345678', { dispatchDelay: 80 });
    expect(await scans()).toEqual(['12345678']);
    expect(await searchValue()).toBe('');
  });

  it('leaves a person typing full-width digits with the IME alone', async () => {
    await install();
    await page.focus('#search');
    // Keys 150 ms apart by their timestamps, though the composition steps arrive at once.
    await imeScan('12345', { gap: 150 });
    expect(await scans()).toEqual([]);
    expect(await searchValue()).toBe('１２３４５');
  });
});

describe('useScanner in a React screen', () => {
  it('keeps taking scans across re-renders and leaves a controlled field and its state as the clerk had them', async () => {
    await page.evaluate(() => {
      const w = (window as unknown as HarnessWindow);
      w.unmount = w.ScannerHarness.mountScreen(document.getElementById('react') as HTMLElement, w.scans);
    });
    await page.focus('#query');
    await page.keyboard.type('yamada', { delay: 120 });
    const end = await scanKeys('11112222');
    await scanKeys('33334444', { start: end + 5 });
    const end2 = await imeScan('55556666', { start: now() + 200 });
    await imeScan('77778888', { start: end2 + 5 });
    // Each scan reached the onScan of the latest render (the count it saw went up).
    expect(await scans()).toEqual(['11112222@0', '33334444@1', '55556666@2', '77778888@3']);
    expect(await page.inputValue('#query')).toBe('yamada');
    expect(await page.textContent('#state')).toBe('yamada');

    await page.evaluate(() => (window as unknown as HarnessWindow).unmount?.());
    await page.focus('#search');
    await scanKeys('99990000', { start: now() + 200 });
    expect(await scans()).toHaveLength(4);
    expect(await searchValue()).toBe('99990000');
  });
});
