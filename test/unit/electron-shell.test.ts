import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { hardenSession, hardenWebContents } from '../../electron/shell/guards';
import { registerIpc } from '../../electron/shell/ipc';
import { resolveAppFile, responseHeaders } from '../../electron/shell/protocol';
import { acquireSingleInstance } from '../../electron/shell/single-instance';
import { APP_URL, isAppUrl, windowOptions } from '../../electron/shell/window';
import { API_NAMES, channelOf } from '../../shared/api';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import { openDatabase } from '../../electron/services/db/open';
import { createContext } from '../../electron/services/context';
import { repoRoot } from '../fixtures';
import { tempDir } from '../e2e/harness';

describe('window options', () => {
  it('isolates the renderer', () => {
    const w = windowOptions('/app/preload.js', false).webPreferences!;
    expect(w).toMatchObject({
      preload: '/app/preload.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      devTools: false,
    });
  });

  it('recognises only the app origin', () => {
    expect(isAppUrl(APP_URL)).toBe(true);
    expect(isAppUrl('app://kubaru/assets/x.js')).toBe(true);
    for (const u of ['https://example.com', 'file:///etc/passwd', 'app://evil/index.html', 'javascript:alert(1)', 'not a url']) {
      expect(isAppUrl(u)).toBe(false);
    }
  });
});

describe('web contents guards', () => {
  const fakeContents = () => {
    const emitter = new EventEmitter();
    let openHandler: (() => { action: string }) | null = null;
    const contents = {
      on: (event: string, fn: (...a: unknown[]) => void) => emitter.on(event, fn),
      setWindowOpenHandler: (fn: () => { action: string }) => (openHandler = fn),
    };
    hardenWebContents(contents as never);
    const fire = (event: string, url?: string) => {
      const e = { preventDefault: vi.fn() };
      emitter.emit(event, e, url);
      return e.preventDefault.mock.calls.length > 0;
    };
    return { fire, open: () => openHandler?.() };
  };

  it('blocks navigation away from the app and every new window', () => {
    const c = fakeContents();
    expect(c.fire('will-navigate', 'https://example.com/')).toBe(true);
    expect(c.fire('will-navigate', 'file:///C:/Users/list.xlsx')).toBe(true);
    expect(c.fire('will-redirect', 'https://example.com/')).toBe(true);
    expect(c.fire('will-navigate', 'app://kubaru/index.html')).toBe(false);
    expect(c.fire('will-attach-webview')).toBe(true);
    expect(c.open()).toEqual({ action: 'deny' });
  });

  it('allows only the camera (video) for the app itself; denies every other permission and any request outside the app', () => {
    type Request = (wc: unknown, p: string, cb: (ok: boolean) => void, d?: unknown) => void;
    let request: Request | undefined;
    let check: ((wc: unknown, p: string, origin: string, d?: unknown) => boolean) | undefined;
    let before: ((d: { url: string }, cb: (r: { cancel: boolean }) => void) => void) | undefined;
    hardenSession({
      setPermissionRequestHandler: (fn: never) => (request = fn),
      setPermissionCheckHandler: (fn: never) => (check = fn),
      webRequest: { onBeforeRequest: (fn: never) => (before = fn) },
    } as never);
    const asked = (p: string, d?: unknown) => {
      let r: boolean | undefined;
      request!(null, p, (ok) => (r = ok), d);
      return r;
    };
    expect(asked('media', { requestingUrl: 'app://kubaru/index.html', mediaTypes: ['video'] })).toBe(true);
    expect(asked('media', { requestingUrl: 'app://kubaru/index.html', mediaTypes: ['video', 'audio'] })).toBe(false);
    expect(asked('media', { requestingUrl: 'app://kubaru/index.html', mediaTypes: ['audio'] })).toBe(false);
    expect(asked('media', { requestingUrl: 'app://kubaru/index.html', mediaTypes: [] })).toBe(false);
    expect(asked('media', { requestingUrl: 'https://evil.example/', mediaTypes: ['video'] })).toBe(false);
    expect(asked('media')).toBe(false);
    expect(asked('notifications', { requestingUrl: 'app://kubaru/index.html' })).toBe(false);
    expect(asked('geolocation', { requestingUrl: 'app://kubaru/index.html' })).toBe(false);
    expect(check!(null, 'media', 'app://kubaru', { mediaType: 'video' })).toBe(true);
    expect(check!(null, 'media', 'app://kubaru', { mediaType: 'audio' })).toBe(false);
    expect(check!(null, 'media', 'https://evil.example', { mediaType: 'video' })).toBe(false);
    expect(check!(null, 'notifications', 'app://kubaru', {})).toBe(false);
    const cancelled = (url: string) => {
      let r: boolean | undefined;
      before!({ url }, (x) => (r = x.cancel));
      return r;
    };
    expect(cancelled('https://fonts.example.com/x.woff2')).toBe(true);
    expect(cancelled('http://127.0.0.1:8080/')).toBe(true);
    expect(cancelled('app://kubaru/assets/index.js')).toBe(false);
  });
});

describe('IPC registration', () => {
  it('registers every API name and refuses frames that are not the app', async () => {
    const registered = new Map<string, (e: unknown, arg: unknown) => unknown>();
    const db = openDatabase(path.join(tempDir(), 'k.sqlite3'));
    registerIpc({ handle: (ch: string, fn: never) => registered.set(ch, fn) } as never, createContext(db), () => {});
    expect([...registered.keys()].sort()).toEqual(API_NAMES.map(channelOf).sort());
    const getStatus = registered.get(channelOf('getStatus'))!;
    expect(await getStatus({ senderFrame: { url: 'https://evil.example/' } }, undefined)).toMatchObject({ ok: false });
    expect(await getStatus({ senderFrame: { url: 'app://kubaru/index.html' } }, undefined)).toMatchObject({ ok: true });
    db.close();
  });

  it('the preload exposes exactly the API names, through the kubaru: channels', () => {
    const src = fs.readFileSync(path.join(repoRoot, 'electron', 'preload.ts'), 'utf8');
    const exposed = [...src.matchAll(/^\s+(\w+): call\('(\w+)'\),$/gm)].map((m) => {
      expect(m[1]).toBe(m[2]);
      return m[1];
    });
    expect(exposed.sort()).toEqual([...API_NAMES].sort());
    expect(src).toContain('`kubaru:${name}`');
    expect(channelOf('getStatus')).toBe('kubaru:getStatus');
  });
});

describe('app:// protocol', () => {
  it('serves files inside the renderer folder only, with the CSP', () => {
    const dir = '/opt/kubaru/renderer';
    expect(resolveAppFile(dir, 'app://kubaru/index.html')).toBe(path.resolve(dir, 'index.html'));
    expect(resolveAppFile(dir, 'app://kubaru/')).toBe(path.resolve(dir, 'index.html'));
    expect(resolveAppFile(dir, 'app://kubaru/assets/a.js')).toBe(path.resolve(dir, 'assets/a.js'));
    expect(resolveAppFile(dir, 'app://kubaru/..%2F..%2Fetc%2Fpasswd')).toBeNull();
    // The URL parser folds dot segments first, so this stays inside the folder.
    expect(resolveAppFile(dir, 'app://kubaru/%2e%2e/secret')).toBe(path.resolve(dir, 'secret'));
    expect(responseHeaders('/x/index.html')).toMatchObject({
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    });
  });

  it('the CSP allows no remote, inline or eval script', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    // The camera's OCR: its own worker and WebAssembly, its model read from the app's files. Nothing remote.
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'self';");
    expect(CONTENT_SECURITY_POLICY).toContain("worker-src 'self';");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self' 'wasm-unsafe-eval';");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|'unsafe-eval'|https?:|blob:|\*/);
  });

  it('the built page carries the same CSP', () => {
    const html = fs.readFileSync(path.join(repoRoot, 'dist', 'renderer', 'index.html'), 'utf8');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`);
  });
});

describe('single instance', () => {
  it('a second start quits and focuses the first window', () => {
    const quit = vi.fn();
    const second = { requestSingleInstanceLock: () => false, quit, on: vi.fn() };
    expect(acquireSingleInstance(second as never, () => null)).toBe(false);
    expect(quit).toHaveBeenCalled();

    const handlers = new Map<string, () => void>();
    const first = { requestSingleInstanceLock: () => true, quit: vi.fn(), on: (e: string, fn: () => void) => handlers.set(e, fn) };
    const win = { isMinimized: () => true, restore: vi.fn(), focus: vi.fn() };
    expect(acquireSingleInstance(first as never, () => win as never)).toBe(true);
    handlers.get('second-instance')!();
    expect(win.restore).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
    expect(first.quit).not.toHaveBeenCalled();
  });
});
