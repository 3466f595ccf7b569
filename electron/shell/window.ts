import type { BrowserWindowConstructorOptions } from 'electron';

/** The origin the renderer is served from (see protocol.ts); nothing else may load or call IPC. */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://kubaru`;
export const APP_URL = `${APP_ORIGIN}/index.html`;

export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === 'kubaru';
  } catch {
    return false;
  }
}

/** Hardened window: the renderer is untrusted and reaches the system only through the preload's API. */
export function windowOptions(preloadPath: string, devTools: boolean): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 1000,
    minHeight: 640,
    show: false,
    title: 'Kubaru',
    backgroundColor: '#f6f5f1',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      // A list dropped outside the drop zone must not replace the app with the file.
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools,
    },
  };
}
