/**
 * Tells a keyboard-wedge scanner burst from a person typing, by timing alone. Pure (no DOM), so it is
 * tested with made-up timestamps; `useScanner.ts` feeds it from real key and IME events.
 */

export interface ScannerOptions {
  /** Largest gap between two characters of one scan. */
  maxGapMs?: number;
  /** Fewest characters a scan has; shorter fast runs are left alone. */
  minLength?: number;
}

export type ScannerInput =
  | { type: 'char'; char: string; time: number }
  | { type: 'enter'; time: number }
  | { type: 'other'; time: number };

export interface DetectedScan {
  code: string;
  /** Characters the burst contained, before normalisation and trimming. */
  chars: number;
}

/**
 * Scanners send a key every 0–30 ms. 50 ms leaves room for wireless scanners and USB polling while
 * staying below even a fast typist, whose key-to-key gaps sit around 100–200 ms; a person can roll two
 * keys closer than that, but not four-plus keys and then Enter.
 */
export const DEFAULT_MAX_GAP_MS = 50;
export const DEFAULT_MIN_LENGTH = 4;
/** Some scanners pause before sending their Enter suffix, so Enter gets twice the character gap. */
export const ENTER_GAP_FACTOR = 2;
/**
 * A scanner-paced run that stops without Enter is a code broken by a pause (a wireless hiccup, a busy
 * USB hub). A fast run starting within this long after it is taken for the rest of that code and not
 * reported: a missing result makes the clerk scan again, a partial code would be looked up as if real.
 */
export const SPLIT_PAUSE_MS = 1000;

// Dash look-alikes an IME or a keyboard layout may produce instead of '-': with the Japanese IME in
// hiragana mode the '-' key composes 'ー' (prolonged sound mark), which NFKC leaves alone. A barcode
// never contains any of these, so mapping them back is safe.
const DASHES = /[\u2010-\u2015\u2212\u30FC]/g;

/** Full-width digits, letters, hyphen and space (what the IME composes) become their ASCII forms. */
export function normaliseScannedCode(raw: string): string {
  return raw.normalize('NFKC').replace(DASHES, '-').trim();
}

export class ScanDetector {
  private readonly maxGapMs: number;
  private readonly minLength: number;
  private run = '';
  private runChars = 0;
  private lastCharTime = 0;
  /** The current run continues a broken scan (see SPLIT_PAUSE_MS). */
  private isTail = false;

  constructor(options: ScannerOptions = {}) {
    this.maxGapMs = options.maxGapMs ?? DEFAULT_MAX_GAP_MS;
    this.minLength = options.minLength ?? DEFAULT_MIN_LENGTH;
  }

  /** Feed one event. Returns the scanned code when this event completes a burst, else null. */
  push(e: ScannerInput): DetectedScan | null {
    switch (e.type) {
      case 'char': {
        // A negative gap only means two clocks disagree slightly (key events carry the OS time, IME
        // events the dispatch time): that is still fast.
        const gap = e.time - this.lastCharTime;
        if (this.runChars > 0 && gap > this.maxGapMs) {
          const tail = this.inBurst && gap <= SPLIT_PAUSE_MS;
          this.reset();
          this.isTail = tail;
        }
        this.run += e.char;
        this.runChars += [...e.char].length;
        this.lastCharTime = e.time;
        return null;
      }
      case 'enter': {
        const result = this.completedBy(e.time);
        // Whatever the outcome, the next character starts afresh: a scan right after this one must not
        // be glued to it.
        this.reset();
        return result;
      }
      case 'other':
        this.reset();
        return null;
    }
  }

  /** What an Enter at `time` would return, without consuming the run. */
  completedBy(time: number): DetectedScan | null {
    if (this.runChars === 0 || this.isTail || time - this.lastCharTime > this.maxGapMs * ENTER_GAP_FACTOR) return null;
    const code = normaliseScannedCode(this.run);
    return [...code].length >= this.minLength ? { code, chars: this.runChars } : null;
  }

  /**
   * True while the current run holds at least two characters, all at scanner pace, as of the last event
   * pushed (it cannot know how much time has passed since). One character alone says nothing yet.
   */
  get inBurst(): boolean {
    return this.runChars >= 2;
  }

  /** Characters in the current run; 1 right after a character that started a new run. */
  get runLength(): number {
    return this.runChars;
  }

  reset(): void {
    this.run = '';
    this.runChars = 0;
    this.isTail = false;
  }
}
