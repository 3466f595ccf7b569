/**
 * The report as a clerk prints it: the xlsx through LibreOffice to PDF (one conversion for the file; it takes
 * seconds to start), then poppler reads the pages: 概要 one portrait page, 封筒一覧 landscape with its
 * header row again on the next page, and the footer on each.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/services/db/open';
import { createContext } from '../../electron/services/context';
import { importFile } from '../../electron/services/lists/importList';
import { saveSettings } from '../../electron/services/settings';
import { handOverEnvelopes } from '../../electron/services/handover/scan';
import { writeReport } from '../../electron/services/report/write';
import { ROW_COLUMNS } from '../../electron/services/report/columns';
import { generateRows, toXlsx } from '../../bench/generate';
import { tempDir } from '../e2e/harness';

const MEMBERS = 150; // enough for 封筒一覧 to need several pages

let dir = '';
let pdf = '';
const pageText = (n: number) => execFileSync('pdftotext', ['-layout', '-f', String(n), '-l', String(n), pdf, '-'], { encoding: 'utf8' });

beforeAll(async () => {
  dir = tempDir();
  const ctx = createContext(openDatabase(path.join(dir, 'k.sqlite3')), () => new Date('2024-08-21T03:00:00Z'));
  saveSettings(ctx, { companyName: '株式会社サンプル電機', operatorName: '総務部 山田' });
  importFile(ctx, toXlsx(generateRows(MEMBERS)), 'list.xlsx', {});
  const ids = ctx.db.prepare('SELECT id FROM envelopes ORDER BY id').pluck().all() as number[];
  handOverEnvelopes(ctx, ids.slice(0, 40), { recipient: { kind: 'self' } });
  const xlsx = path.join(dir, '完了報告.xlsx');
  await writeReport(ctx, xlsx, { era: 'wareki' });
  ctx.db.close();
  // A profile of its own: another LibreOffice running on the machine must not hold ours.
  execFileSync(
    'libreoffice',
    [`-env:UserInstallation=${pathToFileURL(path.join(dir, 'lo-profile')).href}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, xlsx],
    { stdio: 'ignore', timeout: 120_000 },
  );
  pdf = path.join(dir, '完了報告.pdf');
}, 180_000);

describe('完了報告 printed through LibreOffice', () => {
  it('概要 is one A4 portrait page; 封筒一覧 follows on A4 landscape pages', () => {
    expect(fs.existsSync(pdf)).toBe(true);
    const info = execFileSync('pdfinfo', ['-f', '1', '-l', '99', pdf], { encoding: 'utf8' });
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)![1]);
    const sizes = [...info.matchAll(/^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((m) => ({ w: Number(m[2]), h: Number(m[3]) }));
    expect(sizes).toHaveLength(pages);
    // A4 is 595 × 842 pt.
    expect(sizes[0]).toEqual({ w: expect.closeTo(595.3, 0), h: expect.closeTo(841.9, 0) });
    expect(pageText(1)).toContain('「資格情報のお知らせ」配付完了報告');
    expect(pageText(2)).not.toContain('配付完了報告'); // 概要 did not spill onto a second page
    const landscape = sizes.slice(1);
    expect(landscape.length).toBeGreaterThanOrEqual(3); // 封筒一覧 on 2+ pages, then リストに無い封筒
    for (const s of landscape) expect(s).toEqual({ w: expect.closeTo(841.9, 0), h: expect.closeTo(595.3, 0) });
  });

  it('the header row is printed again on 封筒一覧’s second page, one page wide, with the footer', () => {
    const headerLine = (text: string) => text.split('\n').find((l) => l.trim() !== '')!;
    for (const page of [2, 3]) {
      const text = pageText(page);
      const header = headerLine(text);
      // Every column on the page (fitted to one page wide), in order.
      const at = ROW_COLUMNS.map((c) => header.indexOf(c.header));
      expect(at.every((i) => i >= 0), `page ${page}: ${header}`).toBe(true);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
      expect(text).toMatch(new RegExp(`株式会社サンプル電機\\s+${page} / \\d+ ページ\\s+封筒一覧`));
    }
    // Page 3 continues the list: rows, not the first envelopes again.
    expect(pageText(3)).toMatch(/協会けんぽ\s+01010101\s+\d{7}/);
    expect(pageText(3)).not.toContain('0000001 ');
  });
});
