import type { App, BrowserWindow } from 'electron';

/**
 * Two Kubaru windows on one database would let two clerks hand out the same envelope; the second start
 * focuses the first window instead. Returns false when this process must quit.
 */
export function acquireSingleInstance(
  app: Pick<App, 'requestSingleInstanceLock' | 'quit' | 'on'>,
  getWindow: () => Pick<BrowserWindow, 'isMinimized' | 'restore' | 'focus'> | null,
): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => {
    const win = getWindow();
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  return true;
}
