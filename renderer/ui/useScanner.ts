/**
 * Catches keyboard-wedge scans wherever the focus is. Listeners sit on the window in the capture phase,
 * so they run before React, before a focused button and before any dialog: no focus target can swallow
 * a scan, and the hand-over screen never has to keep focus on a scan box.
 */
import { useEffect, useLayoutEffect, useRef } from 'react';
import { ScanDetector, type ScannerOptions } from './scanner';

export type UseScannerOptions = ScannerOptions & {
  /** false while something must receive raw keys; normally the scanner stays on even under dialogs. */
  enabled?: boolean;
};

type TextField = HTMLInputElement | HTMLTextAreaElement;

/** Where the current run's characters ended up, and what the element held before they arrived. */
type Leak =
  | {
      kind: 'field';
      el: TextField;
      value: string;
      start: number | null;
      end: number | null;
      direction: 'forward' | 'backward' | 'none' | null;
      /** The run's characters as the field shows them (full-width when the IME composed them). */
      typed: string;
    }
  | { kind: 'rich'; el: HTMLElement; html: string };

// Types where keys insert text. Checkboxes, radios and buttons are not "editable": a scan on them must
// not toggle or press anything, so their characters are held back like on the page body.
const TEXT_INPUT_TYPES = new Set(['text', 'search', 'tel', 'url', 'email', 'password', 'number']);

// Scanners press Shift for upper-case letters; that must not break the burst.
const MODIFIER_KEYS = new Set([
  'Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'OS', 'Super', 'Hyper', 'Fn', 'FnLock',
  'CapsLock', 'NumLock', 'ScrollLock', 'Symbol', 'SymbolLock', 'Dead', 'Unidentified',
]);

/**
 * The element the keys go into, when it takes text. A <select> is deliberately not one: type-ahead
 * would pick an option and fire `change` at once, which cannot be taken back cleanly.
 */
function editableOf(e: Event): TextField | HTMLElement | null {
  const el = e.composedPath()[0];
  if (el instanceof HTMLTextAreaElement) return el.readOnly || el.disabled ? null : el;
  if (el instanceof HTMLInputElement) return TEXT_INPUT_TYPES.has(el.type) && !el.readOnly && !el.disabled ? el : null;
  if (el instanceof HTMLElement && el.isContentEditable) return el;
  return null;
}

function isEnter(e: KeyboardEvent): boolean {
  // On Windows a key the IME takes arrives as key 'Process'; only `code` still says it was Enter.
  return e.key === 'Enter' || e.code === 'Enter' || e.code === 'NumpadEnter';
}

function snapshot(el: TextField | HTMLElement): Leak {
  if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) {
    // number and email inputs have no selection API: null, and the whole value is restored.
    return {
      kind: 'field',
      el,
      value: el.value,
      start: el.selectionStart,
      end: el.selectionEnd,
      direction: el.selectionDirection,
      typed: '',
    };
  }
  return { kind: 'rich', el, html: el.innerHTML };
}

function setFieldValue(el: TextField, value: string): void {
  // React watches a controlled field through a setter it puts on the element itself. Writing through
  // the prototype's setter bypasses it, so the `input` event dispatched next reads as a change and
  // React's state follows the restored value instead of keeping the scanned one.
  const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(el, value);
}

function announce(el: HTMLElement): void {
  el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'historyUndo' }));
}

/** Takes the scanned characters back out of an element, leaving what the clerk had typed. */
function undoLeak(leak: Leak): void {
  if (leak.kind === 'rich') {
    if (leak.el.innerHTML === leak.html) return;
    leak.el.innerHTML = leak.html;
    announce(leak.el);
    return;
  }
  const { el } = leak;
  const now = el.value;
  if (now === leak.value) return;
  const before = leak.start === null ? '' : leak.value.slice(0, leak.start);
  const after = leak.end === null ? '' : leak.value.slice(leak.end);
  if (now.length >= before.length + after.length && now.startsWith(before) && now.endsWith(after)) {
    // Only the run's text sits between the old caret and the rest (maxlength may have cut it short).
    setFieldValue(el, leak.value);
    if (leak.start !== null && leak.end !== null) el.setSelectionRange(leak.start, leak.end, leak.direction ?? undefined);
  } else {
    // Something else rewrote the field mid-scan (the screen clearing it after the previous scan, say):
    // keep that, and take out only the scanned text just before the caret.
    const caret = el.selectionStart;
    if (caret === null || caret !== el.selectionEnd) return;
    let n = Math.min(leak.typed.length, caret);
    while (n > 0 && !leak.typed.endsWith(now.slice(caret - n, caret))) n--;
    if (n === 0) return;
    setFieldValue(el, now.slice(0, caret - n) + now.slice(caret));
    el.setSelectionRange(caret - n, caret - n);
  }
  announce(el);
}

/**
 * Installs the scanner listeners on `target` and returns their removal. `onScan` gets each scanned code
 * once, normalised to half-width; the scan's characters never stay in a field and its Enter reaches
 * nothing else.
 */
export function installScanner(target: Window, onScan: (code: string) => void, options: ScannerOptions = {}): () => void {
  const detector = new ScanDetector(options);
  let leaks = new Map<Element, Leak>();

  // With the Japanese IME on in a field, keydowns only say 'Process' (keyCode 229); the characters show
  // up as the composition grows. Key events carry the OS time of the key press while composition events
  // carry the time they were dispatched, which a busy renderer (say, React drawing the previous result)
  // can delay by far more than a key gap. So each revealed character is timed by its keydown.
  let composed = '';
  let imeKeyTimes: number[] = [];
  let imeEnterTime: number | null = null;
  // Some engines end the composition before the Enter keydown arrives; remember that it ended.
  let committed = false;

  const noteChar = (char: string, time: number, field: TextField | HTMLElement | null): void => {
    detector.push({ type: 'char', char, time });
    if (detector.runLength === [...char].length) leaks = new Map();
    if (!field) return;
    let leak = leaks.get(field);
    if (!leak) {
      leak = snapshot(field);
      leaks.set(field, leak);
    }
    if (leak.kind === 'field') leak.typed += char;
  };

  /** Ends the run with an Enter at `time`; on a scan, cleans the fields and returns the code. */
  const complete = (time: number): string | null => {
    const result = detector.push({ type: 'enter', time });
    const touched = leaks;
    leaks = new Map();
    if (!result) return null;
    for (const leak of touched.values()) undoLeak(leak);
    return result.code;
  };

  /** Completes a scan typed through the IME, once both its Enter and the end of composition are in. */
  const completeIme = (): boolean => {
    const time = imeEnterTime;
    imeEnterTime = null;
    committed = false;
    const code = time === null ? null : complete(time);
    if (code !== null) onScan(code);
    return code !== null;
  };

  const reveal = (data: string, e: Event): void => {
    if (data.startsWith(composed)) {
      const added = [...data.slice(composed.length)];
      const times = imeKeyTimes.splice(0, added.length);
      const field = editableOf(e);
      added.forEach((char, i) => noteChar(char, times[i] ?? e.timeStamp, field));
    } else if (data !== composed) {
      // Shrunk or converted (Backspace, Space = 変換): a person at work, or at least no clean scan.
      detector.push({ type: 'other', time: e.timeStamp });
    }
    composed = data;
    imeKeyTimes = [];
  };

  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.ctrlKey || e.altKey || e.metaKey) return;
    const time = e.timeStamp;
    if (e.isComposing || e.keyCode === 229 || e.key === 'Process') {
      if (!isEnter(e)) {
        imeEnterTime = null;
        committed = false;
        imeKeyTimes.push(time);
        return;
      }
      imeEnterTime = time;
      // The IME commits on this Enter whatever we do (and preventDefault could strand the composition
      // on some platforms), but the screen's own Enter handlers must not see a scan's Enter.
      if (committed ? completeIme() : detector.completedBy(time) !== null) e.stopPropagation();
      return;
    }
    committed = false;
    imeKeyTimes = [];
    if (e.key === 'Enter') {
      const code = complete(time);
      if (code === null) return;
      // Otherwise the Enter would submit a form or press the focused button.
      e.preventDefault();
      e.stopPropagation();
      onScan(code);
      return;
    }
    if (MODIFIER_KEYS.has(e.key)) return;
    const printable = [...e.key].length === 1;
    // Auto-repeat comes from a held key, never from a scanner: a held '1' then Enter is no scan.
    if (!printable || e.repeat) {
      detector.push({ type: 'other', time });
      return;
    }
    const field = editableOf(e);
    noteChar(e.key, time, field);
    // In a field the clerk may be typing, so keys go through and a completed scan is taken back out.
    // Elsewhere they would scroll the page or toggle things, so they are held back; except a Space that
    // starts a run, which is a person pressing a focused button or paging down.
    if (!field && (e.key !== ' ' || detector.runLength > 1)) e.preventDefault();
  };

  const onCompositionStart = (): void => {
    composed = '';
    imeEnterTime = null;
    committed = false;
  };

  const onCompositionUpdate = (e: CompositionEvent): void => reveal(e.data, e);

  const onCompositionEnd = (e: CompositionEvent): void => {
    reveal(e.data, e);
    composed = '';
    // Chromium has already put the committed text into the field (its last `input` event came before
    // this), so taking the scan back out here is final.
    if (imeEnterTime !== null) completeIme();
    else committed = true;
  };

  const listeners: [string, (e: never) => void][] = [
    ['keydown', onKeyDown],
    ['compositionstart', onCompositionStart],
    ['compositionupdate', onCompositionUpdate],
    ['compositionend', onCompositionEnd],
  ];
  for (const [type, listener] of listeners) target.addEventListener(type, listener as EventListener, true);
  return () => {
    for (const [type, listener] of listeners) target.removeEventListener(type, listener as EventListener, true);
  };
}

/**
 * Calls `onScan` with each scanned code while the component is mounted. `onScan` may change on every
 * render: the listeners stay, so a re-render between two quick scans loses nothing.
 */
export function useScanner(onScan: (code: string) => void, options: UseScannerOptions = {}): void {
  const latest = useRef(onScan);
  useLayoutEffect(() => {
    latest.current = onScan;
  });
  const { enabled = true, maxGapMs, minLength } = options;
  useEffect(() => {
    if (!enabled) return undefined;
    return installScanner(window, (code) => latest.current(code), { maxGapMs, minLength });
  }, [enabled, maxGapMs, minLength]);
}
