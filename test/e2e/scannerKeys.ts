/**
 * Scanner-speed keys for Chromium tests. Keys are trusted CDP key events (what Playwright's keyboard
 * sends) with explicit timestamps: on a loaded test machine `keyboard.type(code, { delay: 5 })` shows gaps
 * of 100 ms and more, which would make a scan look like a person typing.
 */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Where the key events go: the harness's own DevTools connection (App.cdp, cdp.ts), or any CDP session. */
export interface DevTools {
  send(method: string, params: object): Promise<unknown>;
}

export interface Key {
  key: string;
  code: string;
  keyCode: number;
  text?: string;
}

export function keyOf(char: string): Key {
  if (/^[0-9]$/.test(char)) return { key: char, code: `Digit${char}`, keyCode: 48 + Number(char), text: char };
  if (char === '-') return { key: '-', code: 'Minus', keyCode: 189, text: '-' };
  // Employee ID cards (社員番号) carry capital letters too; the scanner sends them shifted.
  if (/^[A-Z]$/.test(char)) return { key: char, code: `Key${char}`, keyCode: char.charCodeAt(0), text: char };
  if (char === ' ') return { key: ' ', code: 'Space', keyCode: 32, text: ' ' };
  throw new Error(`no key for ${char}`);
}
export const ENTER: Key = { key: 'Enter', code: 'Enter', keyCode: 13, text: '\r' };

/** A keyboard-wedge scanner (optionally behind the Japanese IME) typing into one page through CDP. */
export class ScannerKeyboard {
  /** Ms since the epoch; the next timed sequence starts after the last one ended. */
  private timeline = 0;

  constructor(private readonly cdp: DevTools) {}

  now(): number {
    return Math.max(Date.now(), this.timeline + 1);
  }

  /** Records that hand-made key events went up to `time`, so the next sequence starts later. */
  advanceTo(time: number): void {
    this.timeline = Math.max(this.timeline, time + 1);
  }

  async keyAt(k: Key, at: number, modifiers: { key?: string } = {}): Promise<void> {
    const key = modifiers.key ?? k.key;
    const base = { key, code: k.code, windowsVirtualKeyCode: key === 'Process' ? 229 : k.keyCode };
    await this.cdp.send('Input.dispatchKeyEvent', {
      ...base,
      type: k.text && key !== 'Process' ? 'keyDown' : 'rawKeyDown',
      ...(k.text && key !== 'Process' ? { text: k.text, unmodifiedText: k.text } : {}),
      timestamp: at / 1000,
    });
    await this.cdp.send('Input.dispatchKeyEvent', { ...base, type: 'keyUp', key: k.key, windowsVirtualKeyCode: k.keyCode, timestamp: (at + 1) / 1000 });
  }

  /** Types `code` then Enter like a scanner: keys `gap` ms apart by their timestamps. Returns the Enter's time. */
  async scanKeys(code: string, { start = this.now(), gap = 5, enterGap = gap }: { start?: number; gap?: number; enterGap?: number } = {}): Promise<number> {
    let t = start;
    for (const [i, char] of [...code].entries()) {
      if (i > 0) t += gap;
      await this.keyAt(keyOf(char), t);
    }
    t += enterGap;
    await this.keyAt(ENTER, t);
    this.timeline = t + 1;
    return t;
  }

  /** Lets real time pass the last made-up timestamp, so real-time keys that follow are later. */
  async settle(): Promise<void> {
    await sleep(Math.max(0, this.timeline - Date.now()) + 20);
  }

  /**
   * A scanner with the Japanese IME on, through Chromium's own IME entry points: every key is a 'Process'
   * keydown (keyCode 229) followed by the growing full-width composition, and Enter commits it. Blink then
   * fires the composition, beforeinput and input events itself and really edits the field.
   * `dispatchDelay` holds back each composition step, like a renderer busy drawing the previous result.
   */
  async imeScan(code: string, { start = this.now(), gap = 5, dispatchDelay = 0 } = {}): Promise<number> {
    let t = start;
    let composition = '';
    for (const [i, char] of [...code].entries()) {
      if (i > 0) t += gap;
      await this.keyAt(keyOf(char), t, { key: 'Process' });
      composition += char === '-' ? 'ー' : String.fromCharCode(char.charCodeAt(0) + 0xfee0);
      if (dispatchDelay) await sleep(dispatchDelay);
      await this.cdp.send('Input.imeSetComposition', { text: composition, selectionStart: composition.length, selectionEnd: composition.length });
    }
    t += gap;
    // Windows Chromium reports the committing Enter as key 'Process' with code 'Enter'.
    await this.keyAt(ENTER, t, { key: 'Process' });
    await this.cdp.send('Input.insertText', { text: composition });
    this.timeline = t + 1;
    return t;
  }
}
