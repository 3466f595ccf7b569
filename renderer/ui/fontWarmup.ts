/**
 * The bundled BIZ UDPGothic comes as ~120 files per weight, one per range of characters, and Chromium
 * sets each one up (file, then the font at each size) the first time a character of its range is drawn.
 * A name with a kanji of a range not yet drawn made that scan's card wait for it: the slow scans of the
 * 配付 screen were these, spread over the day as new names came up. So once, when the app is idle after
 * it starts, one character of every range is laid out at the result card's text styles, off-screen.
 */
const FAMILY = 'BIZ UDPGothic';

/** One character of each unicode-range of the family's @font-face rules. */
function oneCharPerRange(): string {
  const chars = new Set<string>();
  for (const sheet of Array.from(document.styleSheets)) {
    let rules: CSSRuleList;
    try {
      rules = sheet.cssRules;
    } catch {
      continue;
    }
    for (const rule of Array.from(rules)) {
      if (!(rule instanceof CSSFontFaceRule) || !rule.style.getPropertyValue('font-family').includes(FAMILY)) continue;
      // A range's own character: a Japanese file's range also lists a few Latin signs that the Latin file
      // draws, so its first CJK one (U+3000 on) is taken, else its highest (past the Latin file's).
      const starts = rule.style
        .getPropertyValue('unicode-range')
        .split(',')
        .map((part) => parseInt(/U\+([0-9a-f]+)/i.exec(part.trim())?.[1] ?? '', 16))
        // Not controls, not combining marks (drawn in the font of the letter before them).
        .filter((cp) => Number.isFinite(cp) && cp >= 0x20 && !(cp >= 0x300 && cp <= 0x36f));
      const cp = starts.find((c) => c >= 0x3000) ?? (starts.length > 0 ? Math.max(...starts) : undefined);
      if (cp !== undefined) chars.add(String.fromCodePoint(cp));
    }
  }
  return [...chars].join('');
}

/** The result card's text styles (styles.css .result-*): each size and weight is set up on its own. */
const CARD_CLASSES = ['result-title', 'result-names', 'result-summary', 'result-message', 'result-hint'];

export function warmUpFonts(): void {
  const idle = (window as Window & { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number }).requestIdleCallback;
  const run = () => {
    const text = oneCharPerRange();
    if (!text) return;
    const box = document.createElement('div');
    box.setAttribute('aria-hidden', 'true');
    box.className = 'result';
    box.style.cssText = 'position:absolute;left:-10000px;top:0;width:2000px;visibility:hidden;pointer-events:none;contain:layout paint';
    for (const cls of CARD_CLASSES) {
      const p = document.createElement('p');
      p.className = cls;
      p.textContent = text;
      box.appendChild(p);
    }
    document.body.appendChild(box);
    box.getBoundingClientRect();
    // The files load after this layout; the box stays until they have, so each face is set up at each size.
    void document.fonts.ready.then(() => {
      box.getBoundingClientRect();
      setTimeout(() => box.remove(), 1000);
    });
  };
  if (idle) idle(run, { timeout: 3000 });
  else setTimeout(run, 1000);
}
