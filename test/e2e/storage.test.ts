/**
 * The clerk's ways to keep and recover data, in the real UI: recovery at start, backups and restore in 設定,
 * moving to another PC, and 配付業務の完了.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importFile } from '../../electron/services/lists/importList';
import { scan } from '../../electron/services/handover/scan';
import { openStore } from '../../electron/services/storage/host';
import { createBackup } from '../../electron/services/storage/backups';
import { saveSettings } from '../../electron/services/settings';
import { getStatus } from '../../electron/services/status';
import { CLERK, closeBrowser, dropFile, launchApp, tempDir } from './harness';
import { ScannerKeyboard } from './scannerKeys';
import { readFixture } from '../fixtures';
import { generateRows, toShiftJisCsv } from '../../bench/generate';

afterAll(closeBrowser);

describe('recovery at start', () => {
  it('opens on the recovery screen when the database is damaged, and a backup brings the work back', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const before = openStore(dir);
    saveSettings(before, CLERK);
    importFile(before, readFixture('kenpo-household.xlsx'), 'kenpo-household.xlsx', {});
    scan(before, '1234 12345601');
    createBackup(before, 'manual');
    before.db.close();
    // A failing disk overwrote the middle of the file.
    const file = path.join(dir, 'kubaru.sqlite3');
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(8192, 0x5a), 0, 8192, Math.floor(fs.fstatSync(fd).size / 8192) * 4096);
    fs.closeSync(fd);

    const app = await launchApp({ dataDir: dir });
    const { page } = app;
    await page.getByRole('heading', { name: 'データベースを開けませんでした' }).waitFor();
    const backups = page.getByRole('table', { name: 'バックアップ一覧' });
    await backups.getByRole('cell', { name: '手動' }).waitFor();
    await page.screenshot({ path: `${dir}/recovery.png`, fullPage: true });
    await backups.getByRole('button', { name: /のバックアップから復元/ }).click();
    await page.getByRole('alertdialog', { name: '復元の確認' }).getByText(/封筒48通、配付済1通/).waitFor();
    await page.getByRole('button', { name: 'このバックアップに戻す' }).click();
    // Back at work, on the restored data.
    await page.getByRole('button', { name: '配付', exact: true }).waitFor();
    expect(getStatus(app.ctx).envelopes).toMatchObject({ total: 48, handed_over: 1 });
    expect(fs.readdirSync(dir).some((f) => f.startsWith('kubaru-damaged-'))).toBe(true);
    expect(app.errors).toEqual([]);
    await app.close();
  });
});

describe('設定: backups and another PC', () => {
  it('makes a backup, restores it after more work, and writes the database to a file', { timeout: 60_000 }, async () => {
    const app = await launchApp({ settings: CLERK });
    importFile(app.ctx, readFixture('kenpo-household.xlsx'), 'kenpo-household.xlsx', {});
    const { page } = app;
    await page.reload();
    await page.getByRole('button', { name: '設定', exact: true }).click();
    const panel = page.getByLabel('バックアップ', { exact: true });
    await panel.getByText('バックアップはまだありません').waitFor();
    await panel.getByRole('button', { name: '今すぐバックアップ' }).click();
    await panel.getByText(/バックアップを作りました/).waitFor();
    await panel.getByRole('table', { name: 'バックアップ一覧' }).getByRole('cell', { name: '48', exact: true }).waitFor();

    scan(app.ctx, '1234 12345601');
    expect(getStatus(app.ctx).envelopes.handed_over).toBe(1);
    await panel.getByRole('button', { name: /のバックアップから復元/ }).click();
    await panel.getByRole('button', { name: 'このバックアップに戻す' }).click();
    await panel.getByText(/復元しました（封筒48通）。それまでのデータはバックアップ「kubaru-.*-before_restore\.sqlite3」に残してあります/).waitFor();
    expect(getStatus(app.ctx).envelopes.handed_over).toBe(0);
    // Still on 設定, with the safety copy listed.
    await panel.getByRole('cell', { name: '復元・読込の前' }).waitFor();

    const move = page.getByLabel('別のPCへ移す');
    await move.getByRole('button', { name: 'データファイルに書き出す…' }).click();
    const text = await page.getByText(/書き出しました: /).textContent();
    const out = text!.replace(/^.*書き出しました: /, '').trim();
    expect(fs.existsSync(out)).toBe(true);
    await page.screenshot({ path: `${app.dir}/settings-data.png`, fullPage: true });

    // Reading a list file by mistake is refused and changes nothing. The file is picked in main's dialog.
    const list = path.join(app.dir, 'list.csv');
    fs.writeFileSync(list, readFixture('kyokai-person.csv'));
    app.chooseDatabaseFile(list);
    await move.getByRole('button', { name: 'データファイルを読み込む…' }).click();
    await move.getByRole('alertdialog', { name: '読み込みの確認' }).getByRole('button', { name: 'ファイルを選んで置き換える…' }).click();
    await page.getByRole('alert').getByText(/Kubaruのデータファイルではありません/).waitFor();
    expect(getStatus(app.ctx).envelopes.total).toBe(48);

    // The file written above, read back in: it replaces the data, and the message names it.
    scan(app.ctx, '1234 12345601');
    app.chooseDatabaseFile(out);
    await move.getByRole('button', { name: 'データファイルを読み込む…' }).click();
    await move.getByRole('button', { name: 'ファイルを選んで置き換える…' }).click();
    await move.getByText(`「${path.basename(out)}」を読み込みました（封筒48通）`, { exact: false }).waitFor();
    expect(getStatus(app.ctx).envelopes).toMatchObject({ total: 48, handed_over: 0 });
    expect(app.errors).toEqual([]);
    await app.close();
  });
});

describe('復元 of a 100k database', () => {
  it('shows the progress bar of the restore while the job worker copies and checks the backup', { timeout: 600_000 }, async () => {
    const app = await launchApp({ settings: CLERK });
    importFile(app.ctx, toShiftJisCsv(generateRows(100_000, 17)), 'list-100k.csv', {});
    createBackup(app.ctx, 'manual');
    const { page } = app;
    await page.reload();
    await page.getByRole('button', { name: '設定', exact: true }).click();
    const panel = page.getByLabel('バックアップ', { exact: true });
    await panel.getByRole('button', { name: /のバックアップから復元/ }).click();
    await panel.getByRole('button', { name: 'このバックアップに戻す' }).click();
    await panel.getByRole('progressbar', { name: /^バックアップからの復元 (待機|コピー|確認)$/ }).waitFor({ timeout: 60_000 });
    // No 中止 for a job that replaces the database.
    expect(await panel.getByTestId('job-progress').getByRole('button', { name: '中止' }).count()).toBe(0);
    await panel.getByText(/復元しました（封筒\d+通）/).waitFor({ timeout: 120_000 });
    expect(await panel.getByTestId('job-progress').count()).toBe(0);
    expect(app.errors).toEqual([]);
    await app.close();
  });
});

describe('配付業務の完了', () => {
  it('after the report is saved, deletes the personal data with a typed confirmation and keeps the counts', { timeout: 60_000 }, async () => {
    const app = await launchApp({ settings: CLERK });
    importFile(app.ctx, readFixture('kenpo-household.xlsx'), 'kenpo-household.xlsx', {});
    const { page } = app;
    await page.reload();
    // Scanned at the desk: the result card holds the name in the screen's memory.
    await page.getByRole('button', { name: '配付', exact: true }).click();
    await page.getByText('スキャン待ち').waitFor();
    await new ScannerKeyboard(app.cdp).scanKeys('1234 12345601');
    // The card turns green only after the hand-over is stored; read the name once it has.
    await page.getByTestId('scan-result').getByText('お渡しください').waitFor();
    const holder = app.db.prepare(`SELECT holder_name FROM envelopes WHERE status = 'handed_over'`).pluck().get() as string;
    await page.getByTestId('scan-result').getByText(holder, { exact: false }).waitFor();

    await page.getByRole('button', { name: '進捗・報告', exact: true }).click();
    const finish = page.getByLabel('配付業務の完了', { exact: true });
    await finish.getByRole('button', { name: '配付業務を完了する…' }).click();
    await finish.getByRole('alert').getByText(/先に「保険者への完了報告」/).waitFor();

    await page.getByLabel('完了報告').getByRole('button', { name: '完了報告をExcelで保存' }).click();
    await page.getByText(/保存しました（48通）/).waitFor();
    const goes = finish.getByRole('list', { name: '削除されるもの' });
    const members = getStatus(app.ctx).members;
    await goes.getByText(`封筒 48通と、対象者 ${members}人の氏名・カナ・記号番号・生年月日・所属`).waitFor();
    await goes.getByText('配付・返送・保留の記録 1件').waitFor();
    await finish.getByText('まだ終わっていない封筒があります（未配付 47通・保留 0通・返送待ち 0通）', { exact: false }).waitFor();
    const button = finish.getByRole('button', { name: '個人情報を削除して完了する' });
    expect(await button.isDisabled()).toBe(true);
    await finish.getByLabel('確認の言葉').fill('配付業務を完了');
    await page.screenshot({ path: `${app.dir}/finish.png`, fullPage: true });
    await button.click();

    const done = page.getByLabel('完了した配付業務');
    await done.getByText(`封筒 48通・対象者 ${members}人 — 配付済 1・未配付 47`, { exact: false }).waitFor();
    expect(getStatus(app.ctx)).toMatchObject({ members: 0, envelopes: { total: 0 } });
    // Nothing of it is left on the screens either, also once next year's list is in.
    await page.getByRole('button', { name: '取込', exact: true }).click();
    await dropFile(page, 'section[aria-label="取込"]', 'missing-number.csv', readFixture('bad/missing-number.csv'));
    await page.getByRole('button', { name: '問題のない 2通を取り込む' }).click();
    await page.getByText(/封筒 2通（対象者 2人・2世帯）を取り込みました/).waitFor();
    await page.getByRole('button', { name: '配付', exact: true }).click();
    await page.getByText('スキャン待ち').waitFor();
    expect(await page.locator('body').textContent()).not.toContain(holder);
    expect(app.errors).toEqual([]);
    await app.close();
  });
});
