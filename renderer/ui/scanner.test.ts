import { describe, expect, it } from 'vitest';
import { ScanDetector, normaliseScannedCode, type DetectedScan, type ScannerOptions } from './scanner';

/** Feeds `text` one character every `gap` ms from `start`, then Enter `enterGap` ms after the last one. */
function feed(
  detector: ScanDetector,
  text: string,
  { start = 1000, gap = 10, enterGap = gap }: { start?: number; gap?: number; enterGap?: number | null } = {},
): { results: DetectedScan[]; end: number } {
  const results: DetectedScan[] = [];
  let t = start;
  [...text].forEach((char, i) => {
    if (i > 0) t += gap;
    const r = detector.push({ type: 'char', char, time: t });
    if (r) results.push(r);
  });
  if (enterGap !== null) {
    t += enterGap;
    const r = detector.push({ type: 'enter', time: t });
    if (r) results.push(r);
  }
  return { results, end: t };
}

const scan = (text: string, timing?: Parameters<typeof feed>[2], options?: ScannerOptions) =>
  feed(new ScanDetector(options), text, timing).results;

describe('ScanDetector', () => {
  it('returns a scanner burst ended by Enter, once', () => {
    expect(scan('4901234567894', { gap: 8 })).toEqual([{ code: '4901234567894', chars: 13 }]);
  });

  it('takes a burst whose keys all share one millisecond', () => {
    expect(scan('1234-12345678-12', { gap: 0, enterGap: 0 })).toEqual([{ code: '1234-12345678-12', chars: 16 }]);
  });

  it('takes gaps right at the limit and an Enter that comes after a pause of up to twice the limit', () => {
    expect(scan('12345678', { gap: 50, enterGap: 100 })).toEqual([{ code: '12345678', chars: 8 }]);
  });

  it('ignores a person typing a code and pressing Enter', () => {
    expect(scan('12345678', { gap: 120 })).toEqual([]);
    expect(scan('12345678', { gap: 51, enterGap: 51 })).toEqual([]);
  });

  it('ignores a fast run when the Enter comes too late', () => {
    expect(scan('12345678', { gap: 5, enterGap: 101 })).toEqual([]);
    expect(scan('12345678', { gap: 5, enterGap: 400 })).toEqual([]);
  });

  it('does not glue two back-to-back scans together', () => {
    const d = new ScanDetector();
    const first = feed(d, '11112222', { start: 1000, gap: 5 });
    const second = feed(d, '33334444', { start: first.end + 5, gap: 5 });
    expect(first.results).toEqual([{ code: '11112222', chars: 8 }]);
    expect(second.results).toEqual([{ code: '33334444', chars: 8 }]);
  });

  it('starts a new run after a slow gap, so text typed before a scan is not part of it', () => {
    const d = new ScanDetector();
    feed(d, 'yamada', { start: 0, gap: 150, enterGap: null });
    expect(feed(d, '12345678', { start: 1200, gap: 5 }).results).toEqual([{ code: '12345678', chars: 8 }]);
  });

  it('turns no part of a code into a scan when the scanner pauses in the middle', () => {
    const d = new ScanDetector();
    feed(d, '1234', { start: 0, gap: 5, enterGap: null });
    expect(feed(d, '56789012', { start: 315, gap: 5 }).results).toEqual([]);
    // Even a two-character head marks what follows as a tail.
    feed(d, '12', { start: 2000, gap: 5, enterGap: null });
    expect(feed(d, '345678', { start: 2900, gap: 5 }).results).toEqual([]);
    // The next scan after that is whole again.
    expect(feed(d, '11112222', { start: 3500, gap: 5 }).results).toEqual([{ code: '11112222', chars: 8 }]);
  });

  it('takes a scan that follows a broken burst after more than a second', () => {
    const d = new ScanDetector();
    feed(d, '1234', { start: 0, gap: 5, enterGap: null });
    expect(feed(d, '56789012', { start: 1100, gap: 5 }).results).toEqual([{ code: '56789012', chars: 8 }]);
  });

  it('drops a burst interrupted by Backspace or another non-character key', () => {
    const d = new ScanDetector();
    feed(d, '1234', { start: 0, gap: 5, enterGap: null });
    expect(d.push({ type: 'other', time: 25 })).toBeNull();
    expect(feed(d, '567', { start: 30, gap: 5 }).results).toEqual([]);
  });

  it('needs minLength characters', () => {
    expect(scan('123', { gap: 5 })).toEqual([]);
    expect(scan('1234', { gap: 5 })).toEqual([{ code: '1234', chars: 4 }]);
    expect(scan('1234567', { gap: 5 }, { minLength: 8 })).toEqual([]);
    expect(scan('12345678', { gap: 5 }, { minLength: 8 })).toEqual([{ code: '12345678', chars: 8 }]);
  });

  it('counts minLength after trimming, so spaces alone do not make a scan', () => {
    expect(scan('  12  ', { gap: 5 })).toEqual([]);
  });

  it('honours a wider maxGapMs for a slow wireless scanner', () => {
    expect(scan('12345678', { gap: 70 })).toEqual([]);
    expect(scan('12345678', { gap: 70 }, { maxGapMs: 80 })).toEqual([{ code: '12345678', chars: 8 }]);
  });

  it('returns full-width IME text as half-width and says how many characters the burst had', () => {
    expect(scan('１２３４－５６７８', { gap: 5 })).toEqual([{ code: '1234-5678', chars: 9 }]);
    expect(scan('ＡＢ１２　３４', { gap: 5 })).toEqual([{ code: 'AB12 34', chars: 7 }]);
  });

  it('turns the hiragana-mode hyphen ー into -', () => {
    expect(scan('１２３４ー１２３４５６７８ー１２', { gap: 5 })).toEqual([{ code: '1234-12345678-12', chars: 16 }]);
  });

  it('trims spaces around the code, half- and full-width', () => {
    expect(scan(' 12345678\u3000', { gap: 5 })).toEqual([{ code: '12345678', chars: 10 }]);
  });

  it('says inBurst only once two characters came at scanner pace', () => {
    const d = new ScanDetector();
    d.push({ type: 'char', char: '1', time: 0 });
    expect(d.inBurst).toBe(false);
    d.push({ type: 'char', char: '2', time: 10 });
    expect(d.inBurst).toBe(true);
    d.push({ type: 'char', char: '3', time: 200 });
    expect(d.inBurst).toBe(false);
    expect(d.runLength).toBe(1);
    d.push({ type: 'char', char: '4', time: 210 });
    d.push({ type: 'enter', time: 215 });
    expect(d.inBurst).toBe(false);
  });

  it('completedBy answers without consuming the run', () => {
    const d = new ScanDetector();
    feed(d, '12345678', { start: 0, gap: 5, enterGap: null });
    expect(d.completedBy(60)).toEqual({ code: '12345678', chars: 8 });
    expect(d.completedBy(200)).toBeNull();
    expect(d.push({ type: 'enter', time: 60 })).toEqual({ code: '12345678', chars: 8 });
  });

  it('an Enter on its own, or a second Enter, is no scan', () => {
    const d = new ScanDetector();
    expect(d.push({ type: 'enter', time: 0 })).toBeNull();
    feed(d, '12345678', { start: 10, gap: 5 });
    expect(d.push({ type: 'enter', time: 60 })).toBeNull();
  });

  it('reset drops a run in progress', () => {
    const d = new ScanDetector();
    feed(d, '12345678', { start: 0, gap: 5, enterGap: null });
    d.reset();
    expect(d.push({ type: 'enter', time: 40 })).toBeNull();
  });
});

describe('normaliseScannedCode', () => {
  it('keeps leading zeros and inner spaces, folds width and dashes', () => {
    expect(normaliseScannedCode('００１２　３４')).toBe('0012 34');
    expect(normaliseScannedCode('12\u221234\u201056')).toBe('12-34-56');
    expect(normaliseScannedCode('ｰ12')).toBe('-12');
  });
});
