/**
 * Electron entry: the thin shell around the services. Everything here that has logic lives in
 * electron/shell/* and is unit-tested there, because the Electron binary cannot run in CI.
 */
import { app, BrowserWindow, dialog, ipcMain, net, protocol, safeStorage, session } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServiceContext } from './services/context';
import { openStore } from './services/storage/host';
import { warmUpScan } from './services/warmUp';
import { dailyBackupDue } from './services/storage/backups';
import { runJob } from './services/jobs/runner';
import { storagePaths } from './services/storage/paths';
import { createFileLogger } from './services/log';
import { clerkMessage } from './services/errors';
import { writePrivateFile } from './services/privateFile';
import { hardenSession, hardenWebContents } from './shell/guards';
import { registerIpc } from './shell/ipc';
import { resolveAppFile, responseHeaders } from './shell/protocol';
import { acquireSingleInstance } from './shell/single-instance';
import { APP_SCHEME, APP_URL, windowOptions } from './shell/window';
import { SyncService } from './services/sync/service';
import { serverConfig } from './services/sync/settings';

const rendererDir = path.join(__dirname, '..', 'renderer');
const preloadPath = path.join(__dirname, 'preload.js');

let mainWindow: BrowserWindow | null = null;
let currentCtx: ServiceContext | null = null;

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

if (acquireSingleInstance(app, () => mainWindow)) {
  // Any failure while starting ends in a message and a quit, never in a hidden window that keeps running.
  app
    .whenReady()
    .then(start)
    .catch((e: unknown) => {
      console.error(e);
      mainWindow?.destroy();
      dialog.showErrorBox(
        'Kubaruを起動できません',
        clerkMessage(e) ?? `起動中に問題が起きました（${e instanceof Error ? e.message : String(e)}）。パソコンを再起動してからもう一度お試しください。`,
      );
      app.quit();
    });
}

async function start(): Promise<void> {
  const storage = storagePaths(app.getPath('userData'));
  fs.mkdirSync(storage.dataDir, { recursive: true, mode: 0o700 });
  const log = createFileLogger(storage.logFile);
  log(`start ${app.getVersion()}`);

  hardenSession(session.defaultSession);
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(rendererDir, request.url);
    if (!file || !fs.existsSync(file)) return new Response('not found', { status: 404 });
    const body = await net.fetch(pathToFileURL(file).toString());
    return new Response(body.body, { headers: responseHeaders(file) });
  });

  // A damaged or foreign database does not stop the app: the window opens on the recovery screen.
  const ctx = openStore(storage.dataDir, { log, dailyBackup: false });
  currentCtx = ctx;
  // The daily copy of a large database takes a second or two: made in the job worker once the window is
  // up, then checked hourly, since the app may stay open for days at a desk. Refused while a restore or
  // 配付業務の完了 runs: the next hour tries again.
  const daily = () => {
    try {
      if (dailyBackupDue(ctx)) runJob(ctx, 'createBackup', { reason: 'daily' }).catch((e: unknown) => log('daily backup failed', e));
    } catch (e) {
      log('daily backup failed', e);
    }
  };
  setTimeout(daily, 20_000).unref();
  setInterval(daily, 60 * 60 * 1000).unref();
  ctx.platform = {
    // The window prints itself: the print-only CSS shows just the sheet, on A4 as its @page asks.
    savePdf: async (defaultName) => {
      if (!mainWindow) return null;
      const target = await dialog.showSaveDialog(mainWindow, {
        defaultPath: path.join(app.getPath('documents'), defaultName),
        filters: [{ name: 'PDF', extensions: ['pdf'] }],
      });
      if (target.canceled || !target.filePath) return null;
      const pdf = await mainWindow.webContents.printToPDF({ preferCSSPageSize: true, printBackground: true });
      writePrivateFile(target.filePath, pdf);
      return target.filePath;
    },
    chooseSavePath: async (defaultName, filter) => {
      if (!mainWindow) return null;
      const target = await dialog.showSaveDialog(mainWindow, {
        defaultPath: path.join(app.getPath('documents'), defaultName),
        filters: [filter],
      });
      return target.canceled || !target.filePath ? null : target.filePath;
    },
    chooseDatabaseFile: async () => {
      if (!mainWindow) return null;
      const chosen = await dialog.showOpenDialog(mainWindow, {
        defaultPath: app.getPath('documents'),
        filters: [{ name: 'Kubaruデータ', extensions: ['sqlite3', 'sqlite', 'db'] }],
        properties: ['openFile'],
      });
      return chosen.canceled ? null : (chosen.filePaths[0] ?? null);
    },
  };
  // The server password (複数の窓口) is stored only as the OS encrypts it for this user (DPAPI, Keychain, libsecret).
  ctx.secrets = {
    available: () => safeStorage.isEncryptionAvailable(),
    encrypt: (plain) => safeStorage.encryptString(plain).toString('base64'),
    decrypt: (stored) => safeStorage.decryptString(Buffer.from(stored, 'base64')),
  };
  // Sync in the background while a server is set; the scan never waits for it (pg awaits, SQLite stays short).
  ctx.sync = new SyncService(ctx, () => (ctx.recovery ? null : serverConfig(ctx)));
  ctx.sync.start();
  registerIpc(ipcMain, ctx, log);

  mainWindow = new BrowserWindow(windowOptions(preloadPath, !app.isPackaged));
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => (mainWindow = null));
  await mainWindow.loadURL(APP_URL);
  // The scan's code compiled before the clerk's first scan (services/warmUp.ts), on a scratch database.
  void warmUpScan(log);
}

app.on('window-all-closed', () => app.quit());
app.on('will-quit', () => {
  // ctx.db, not a copy of it: a restore may have replaced the connection since start. A sync cut off here
  // is simply run again at the next start.
  void currentCtx?.sync?.stop();
  currentCtx?.db.close();
  currentCtx = null;
});
