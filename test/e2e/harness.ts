/**
 * Runs the real renderer (dist/renderer, built by `npm test`'s pretest) in Debian Chromium, with
 * `window.kubaru` built exactly like the preload builds it, but answered by the real handler table
 * (`dispatch`) on a temporary SQLite file in this Node process.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { freePort, PageCdp } from './cdp';
import { API_NAMES } from '../../shared/api';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import type { DB } from '../../electron/services/db/open';
import type { ServiceContext } from '../../electron/services/context';
import { openStore } from '../../electron/services/storage/host';
import { dispatch } from '../../electron/services/handlers';
import { warmUpScan } from '../../electron/services/warmUp';
import { saveSettings } from '../../electron/services/settings';
import { writePrivateFile } from '../../electron/services/privateFile';
import { readFixture, repoRoot } from '../fixtures';
import { importFile } from '../../electron/services/lists/importList';
import { SyncService, SYNC_INTERVAL_MS } from '../../electron/services/sync/service';
import { serverConfig } from '../../electron/services/sync/settings';
import { testSecretBox } from '../sync/secretBox';

export const ORIGIN = 'http://kubaru.test';
const rendererDir = path.join(repoRoot, 'dist', 'renderer');

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let sharedBrowser: Promise<Browser> | null = null;

// The background-networking flags keep Chromium from dialling out on a machine with no network.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
];

/** The port of each browser's DevTools endpoint, on 127.0.0.1, for the harness's own connection (cdp.ts). */
const devToolsPorts = new WeakMap<Browser, number>();

/** Chromium as the harness runs it, with `extraArgs`; launchApp needs a browser launched by this. */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  const port = await freePort();
  const b = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, `--remote-debugging-port=${port}`, ...extraArgs] });
  devToolsPorts.set(b, port);
  return b;
}

/** One Chromium per test file; each app gets its own context (fresh storage) and database. */
export function browser(): Promise<Browser> {
  sharedBrowser ??= launchBrowser();
  return sharedBrowser;
}

export async function closeBrowser(): Promise<void> {
  if (sharedBrowser) await (await sharedBrowser).close();
  sharedBrowser = null;
}

export interface App {
  page: Page;
  context: BrowserContext;
  /** The harness's own DevTools connection to the page: lean enough for a bench's hot path (cdp.ts). */
  cdp: PageCdp;
  db: DB;
  ctx: ServiceContext;
  dbFile: string;
  dir: string;
  /** Console errors, page errors and CSP violations: a test ends by asserting there were none. */
  errors: string[];
  /** What the clerk will pick in main's open dialog the next time the app asks for a data file (null: cancel). */
  chooseDatabaseFile: (file: string | null) => void;
  close: () => Promise<void>;
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kubaru-e2e-'));
}

/** A clerk who has been through the first start already. */
export const CLERK = { companyName: '株式会社サンプル電機', operatorName: '総務部 山田' };

export async function launchApp(
  options: { dbFile?: string; dataDir?: string; settings?: typeof CLERK; browser?: Browser } = {},
): Promise<App> {
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error('dist/renderer is missing: run `npm run build:renderer` (npm test does it in pretest)');
  }
  // The data folder as the app has it (database, backups), opened the way main.ts opens it.
  const dir = options.dbFile ? path.dirname(options.dbFile) : (options.dataDir ?? tempDir());
  const ctx = openStore(dir);
  const dbFile = ctx.storage!.dbFile;
  if (options.dbFile && path.resolve(options.dbFile) !== dbFile) throw new Error(`the app's database is ${dbFile}`);
  if (options.settings && !ctx.recovery) saveSettings(ctx, options.settings);
  // As main.ts: a secret box for the server password and the background sync (idle until a server is set).
  ctx.secrets = testSecretBox();
  ctx.sync = new SyncService(ctx, () => (ctx.recovery ? null : serverConfig(ctx)), SYNC_INTERVAL_MS);
  ctx.sync.start();
  const chromiumBrowser = options.browser ?? (await browser());
  const port = devToolsPorts.get(chromiumBrowser);
  if (port === undefined) throw new Error('launchApp needs a browser from launchBrowser()');
  const context = await chromiumBrowser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 820 } });
  const errors: string[] = [];
  // Under tsx (npm run bench -- --ui) functions handed to the page carry esbuild's __name(fn, name) helper.
  await context.addInitScript({ content: 'globalThis.__name ??= (f) => f;' });

  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== ORIGIN) return route.abort(); // no remote content, as in the app
    const rel = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html';
    const file = path.resolve(rendererDir, rel);
    if (!file.startsWith(rendererDir + path.sep) || !fs.existsSync(file)) return route.fulfill({ status: 404 });
    return route.fulfill({ path: file, headers: { 'Content-Security-Policy': CONTENT_SECURITY_POLICY } });
  });

  // window.kubaru, built as the preload builds it. Its calls travel over a CDP binding on the harness's
  // own DevTools connection (answerCalls, cdp.ts): Playwright's exposeBinding added about 3 ms to every
  // call, where Electron's ipcRenderer.invoke takes a fraction of a millisecond.
  await context.addInitScript(
    ({ names }) => {
      const w = window as unknown as Record<string, unknown> & { __kubaruSend: (payload: string) => void };
      // Bytes do not survive the binding's JSON transport; the preload's structured clone would carry them.
      const encode = (arg: unknown): unknown => {
        if (arg instanceof Uint8Array || arg instanceof ArrayBuffer) {
          const bytes = arg instanceof Uint8Array ? arg : new Uint8Array(arg);
          let s = '';
          for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
          return { __bytes: btoa(s) };
        }
        if (Array.isArray(arg)) return arg.map(encode);
        if (arg && typeof arg === 'object') {
          return Object.fromEntries(Object.entries(arg).map(([k, v]) => [k, encode(v)]));
        }
        return arg;
      };
      const pending = new Map<number, (answer: unknown) => void>();
      let lastId = 0;
      // Called by answerCalls with the answer as JSON text.
      w.__kubaruAnswer = (id: number, json: string) => {
        const resolve = pending.get(id);
        pending.delete(id);
        resolve?.(JSON.parse(json));
      };
      w.__kubaruIpc = (name: string, arg: unknown) =>
        new Promise((resolve) => {
          const id = ++lastId;
          pending.set(id, resolve);
          w.__kubaruSend(JSON.stringify({ id, name, arg: arg === undefined ? { __undefined: true } : encode(arg) }));
        });
      type Ipc = (name: string, arg: unknown) => Promise<unknown>;
      const api: Record<string, (arg?: unknown) => Promise<unknown>> = {};
      // Looked up at each call, so that a bench's probe can time the calls (KUBARU_BENCH_DEBUG).
      for (const name of names) api[name] = (arg?: unknown) => (w.__kubaruIpc as Ipc)(name, arg);
      w.kubaru = Object.freeze(api);
    },
    { names: API_NAMES as string[] },
  );

  const page = await context.newPage();
  const playwrightCdp = await context.newCDPSession(page);
  const { targetInfo } = await playwrightCdp.send('Target.getTargetInfo');
  await playwrightCdp.detach();
  const cdp = await PageCdp.connect(port, targetInfo.targetId);
  await answerCalls(
    cdp,
    (name, arg) => dispatch(ctx, name, decodeArg(arg), (m, e) => errors.push(`${m}: ${String(e)}`)),
    (e) => errors.push(`ipc: ${String(e)}`),
  );
  let databaseFile: string | null = null;
  // Electron's printToPDF, stood in by Chromium's: the same print CSS, into the test's folder.
  ctx.platform = {
    savePdf: async (name) => {
      const file = path.join(dir, name);
      await page.emulateMedia({ media: 'print' });
      writePrivateFile(file, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
      await page.emulateMedia({ media: null });
      return file;
    },
    // The save dialog, answered as a clerk who accepts the suggested name would.
    chooseSavePath: async (name) => path.join(dir, name),
    // The open dialog, answered with the file the test named (app.chooseDatabaseFile), or cancelled.
    chooseDatabaseFile: async () => databaseFile,
  };
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text().slice(0, 300)}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(`${ORIGIN}/index.html`);
  // As main.ts does once the window is up.
  await warmUpScan((m, e) => errors.push(`${m}: ${String(e)}`));

  return {
    page,
    context,
    cdp,
    // ctx.db, read when asked: restoring a backup replaces the connection.
    get db() {
      return ctx.db;
    },
    ctx,
    dbFile,
    dir,
    errors,
    chooseDatabaseFile: (file) => {
      databaseFile = file;
    },
    close: async () => {
      cdp.close();
      await context.close();
      await ctx.sync?.stop();
      ctx.db.close();
    },
  };
}

/**
 * The page's calls to window.kubaru, answered by `handle`: a CDP binding (Runtime.addBinding, which lasts
 * across reloads) carries each call here as JSON, and Runtime.evaluate hands the answer back to the
 * context that asked. An answer for a page that has since reloaded has nobody to go to and is dropped.
 */
async function answerCalls(cdp: PageCdp, handle: (name: unknown, arg: unknown) => Promise<unknown>, failed: (e: unknown) => void): Promise<void> {
  cdp.on('Runtime.bindingCalled', (event) => {
    if (event.name !== '__kubaruSend') return;
    const { id, name, arg } = JSON.parse(event.payload as string) as { id: number; name: unknown; arg: unknown };
    handle(name, arg)
      .then((answer) =>
        cdp
          .send('Runtime.evaluate', {
            expression: `globalThis.__kubaruAnswer(${id}, ${JSON.stringify(JSON.stringify(answer))})`,
            contextId: event.executionContextId,
          })
          .catch(() => undefined),
      )
      .catch(failed);
  });
  // The binding's calls are only reported to a session with the Runtime domain on.
  await cdp.send('Runtime.enable');
  await cdp.send('Runtime.addBinding', { name: '__kubaruSend' });
}

function decodeArg(arg: unknown): unknown {
  if (arg && typeof arg === 'object') {
    if ('__undefined' in arg) return undefined;
    if ('__bytes' in arg && typeof (arg as { __bytes: unknown }).__bytes === 'string') {
      return new Uint8Array(Buffer.from((arg as { __bytes: string }).__bytes, 'base64'));
    }
    if (Array.isArray(arg)) return arg.map(decodeArg);
    return Object.fromEntries(Object.entries(arg).map(([k, v]) => [k, decodeArg(v)]));
  }
  return arg;
}

/** The app with the 協会けんぽ sample list imported, on 配付 (the screen it opens on once a list is in). */
export async function launchDesk(options: { browser?: Browser } = {}): Promise<App> {
  const app = await launchApp({ settings: CLERK, ...options });
  importFile(app.ctx, readFixture('kyokai-person.csv'), 'kyokai-person.csv', {});
  await app.page.reload();
  await app.page.getByRole('heading', { name: '配付', exact: true }).waitFor();
  return app;
}

/** Drops a file on the element, as a clerk dragging it from Explorer would. */
export async function dropFile(page: Page, selector: string, name: string, bytes: Uint8Array): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ({ name, b64 }) => {
      const bin = atob(b64);
      const arr = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) arr[i] = bin.charCodeAt(i);
      const dt = new DataTransfer();
      dt.items.add(new File([arr], name));
      return dt;
    },
    { name, b64: Buffer.from(bytes).toString('base64') },
  );
  await page.dispatchEvent(selector, 'dragover', { dataTransfer });
  await page.dispatchEvent(selector, 'drop', { dataTransfer });
}
