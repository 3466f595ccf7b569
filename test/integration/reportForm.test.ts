/**
 * The completion report as a form (read back with exceljs, which reads what Excel reads: views, page setup,
 * print titles, fonts) and the CSV in Shift_JIS.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/services/db/open';
import { createContext, type ServiceContext } from '../../electron/services/context';
import { importFile } from '../../electron/services/lists/importList';
import { saveSettings } from '../../electron/services/settings';
import { handOverEnvelopes } from '../../electron/services/handover/scan';
import { writeReport } from '../../electron/services/report/write';
import { displayWidth, ROW_COLUMNS } from '../../electron/services/report/columns';
import { finishPreview } from '../../electron/services/campaign/finish';
import { exportCommand } from '../../electron/cli/export';
import { HEADERS as LIST_HEADERS } from '../../bench/generate';
import { tempDir } from '../e2e/harness';

const day = (iso: string) => Date.parse(`${iso}T12:00:00Z`);

/** A list the test writes itself: one household per line, names as given. */
function listCsv(names: string[]): Uint8Array {
  const rows = names.map((n, i) => {
    const number = String(i + 1).padStart(7, '0');
    return ['01010101', number, '00', n, n, 'タロウ', '本人', '男', '1980-04-01', '1001', `0101-${number}-00`];
  });
  return Buffer.from([LIST_HEADERS, ...rows].map((r) => r.join(',')).join('\r\n') + '\r\n', 'utf8');
}

function desk(names: string[], company = '株式会社サンプル電機'): { ctx: ServiceContext; dir: string } {
  const dir = tempDir();
  let clock = day('2024-08-01');
  const ctx = createContext(openDatabase(path.join(dir, 'k.sqlite3')), () => new Date((clock += 60_000)));
  saveSettings(ctx, { companyName: company, operatorName: '総務部 山田' });
  importFile(ctx, listCsv(names), 'list.csv', {});
  clock = day('2024-08-07');
  const first = ctx.db.prepare('SELECT id FROM envelopes ORDER BY id LIMIT 1').pluck().get() as number;
  handOverEnvelopes(ctx, [first], { recipient: { kind: 'proxy', name: '髙橋 一郎' } });
  clock = day('2024-08-21');
  return { ctx, dir };
}

async function load(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

const NAMES = ['松本　太郎', '長谷川　左衛門三郎太', '髙橋　一郎', 'ヤマザキ　ﾀﾛｳ', '=1+2'];

describe('完了報告 xlsx as a form', () => {
  it('封筒一覧 and リストに無い封筒: bold filled header, frozen, filtered, A4 landscape one page wide, header on every page, footer', async () => {
    const { ctx, dir } = desk(NAMES, 'A&B商事');
    const file = path.join(dir, 'r.xlsx');
    await writeReport(ctx, file, { era: 'wareki' });
    const wb = await load(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['概要', '封筒一覧', 'リストに無い封筒']);
    for (const [name, columns] of [['封筒一覧', 18], ['リストに無い封筒', 6]] as const) {
      const ws = wb.getWorksheet(name)!;
      const header = ws.getRow(1);
      for (let c = 1; c <= columns; c++) {
        expect(header.getCell(c).font?.bold, `${name} ${c}`).toBe(true);
        expect(header.getCell(c).fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
      }
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
      expect(ws.pageSetup.printTitlesRow).toBe('1:1');
      // The company (its & written as && so it prints as &), the page of pages, the sheet.
      expect(ws.headerFooter.oddFooter).toBe('&LA&&B商事&C&P / &N ページ&R&A');
    }
    const rows = wb.getWorksheet('封筒一覧')!;
    expect(rows.autoFilter).toBe('A1:R6');
    // Every value fits its column (Japanese characters count double), unless the column is at its maximum.
    rows.eachRow((row) =>
      row.eachCell((cell, c) => {
        const width = rows.getColumn(c).width!;
        const col = ROW_COLUMNS[c - 1]!;
        if (width < col.maxWidth) expect(width, `${col.header}: ${cell.text}`).toBeGreaterThanOrEqual(displayWidth(cell.text));
      }),
    );
    expect(rows.getColumn(5).width).toBeGreaterThanOrEqual(displayWidth('長谷川　左衛門三郎太'));
    expect(rows.getColumn(11).width).toBeGreaterThanOrEqual(displayWidth('令和6年8月7日'));
    // Ruled like a paper table, empty cells included; the formula-looking name is text, not a formula.
    const ruled = rows.getRow(2).getCell(12);
    expect([ruled.value, ruled.border?.bottom?.style]).toEqual([null, 'thin']);
    const injected = rows.getRow(6).getCell(5);
    expect([injected.value, injected.type, injected.numFmt]).toEqual(['=1+2', ExcelJS.ValueType.String, '@']);
  });

  it('概要: a 報告書 on one A4 portrait page with the company, insurer, period, operator, date and counts', async () => {
    const { ctx, dir } = desk(NAMES);
    const file = path.join(dir, 'r.xlsx');
    await writeReport(ctx, file, { era: 'wareki' });
    const ws = (await load(file)).getWorksheet('概要')!;
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 1 });
    const byLabel = new Map<string, ExcelJS.Row>();
    ws.eachRow((row) => {
      const label = row.getCell(1).text;
      if (label && !byLabel.has(label)) byLabel.set(label, row);
    });
    const value = (label: string) => byLabel.get(label)?.getCell(2).value;
    expect(ws.getCell('A1').text).toBe('「資格情報のお知らせ」配付完了報告');
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect(value('事業所名')).toBe('株式会社サンプル電機');
    expect(value('保険者')).toBe('協会けんぽ');
    expect(value('対象期間')).toBe('令和6年8月1日 〜 令和6年8月7日');
    expect(value('担当者')).toBe('総務部 山田');
    expect(value('作成日')).toBe('令和6年8月21日');
    // The counts as a small ruled table with its own bold header.
    const head = byLabel.get('状態')!;
    expect([head.getCell(1).font?.bold, head.getCell(2).text]).toEqual([true, '封筒数']);
    expect([value('未配付'), value('配付済'), value('合計')]).toEqual([4, 1, 5]);
    expect(byLabel.get('配付済')!.getCell(2).border?.top?.style).toBe('thin');
  });
});

describe('完了報告 CSV in Shift_JIS', () => {
  it('holds the same text as the UTF-8 CSV, without BOM, 髙 written as Windows writes it', async () => {
    const { ctx, dir } = desk(NAMES.slice(0, 4));
    await writeReport(ctx, path.join(dir, 'u.csv'), { era: 'seireki' });
    await writeReport(ctx, path.join(dir, 's.csv'), { era: 'seireki', csvEncoding: 'sjis' });
    const utf8 = fs.readFileSync(path.join(dir, 'u.csv'));
    const sjis = fs.readFileSync(path.join(dir, 's.csv'));
    expect(sjis[0]).toBe(0x22); // the first quote: no BOM
    expect(new TextDecoder('shift_jis', { fatal: true }).decode(sjis)).toBe(utf8.toString('utf8').slice(1));
    expect(sjis.includes(Buffer.from([0xfb, 0xfc]))).toBe(true); // 髙: IBM extension, not NEC-selected EE E0
  });

  it('a character Shift_JIS cannot hold is named with its row and column, and nothing is written', async () => {
    const { ctx, dir } = desk(['松本　太郎', '𠮷田　花子', '鈴木　一郎']);
    const file = path.join(dir, 'r.csv');
    fs.writeFileSync(file, 'previous');
    await expect(writeReport(ctx, file, { era: 'seireki', csvEncoding: 'sjis' })).rejects.toThrow(
      'Shift_JISでは書けない文字「𠮷」（U+20BB7）が3行目の「被保険者氏名」（01010101 0000002）にあります。この文字を含む報告はUTF-8で保存してください。',
    );
    expect(fs.readFileSync(file, 'utf8')).toBe('previous');
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // UTF-8 holds it.
    await writeReport(ctx, file, { era: 'seireki' });
    expect(fs.readFileSync(file, 'utf8')).toContain('𠮷田　花子');
  });

  it('cli: --csv-encoding sjis for --format csv; a wrong value or an xlsx is refused', async () => {
    const { ctx, dir } = desk(NAMES.slice(0, 3));
    const out = path.join(dir, 'cli.csv');
    const r = await exportCommand.run(ctx, ['report'], { out, format: 'csv', 'csv-encoding': 'sjis', json: true });
    expect(r.json).toEqual({ ok: true, path: out, rows: 3 });
    expect(new TextDecoder('shift_jis', { fatal: true }).decode(fs.readFileSync(out))).toContain('"髙橋　一郎"');
    await expect(exportCommand.run(ctx, ['report'], { out, 'csv-encoding': 'euc' })).rejects.toThrow(/--csv-encoding は utf8.*sjis/);
    await expect(exportCommand.run(ctx, ['report'], { out: path.join(dir, 'r.xlsx'), 'csv-encoding': 'sjis' })).rejects.toThrow(/CSVで保存するときだけ/);
    expect(fs.existsSync(path.join(dir, 'r.xlsx'))).toBe(false);
  });
});

describe('what the saved report counts as showing', () => {
  it('a hand-over while the xlsx is being written is not taken as in the report: 配付業務の完了 asks for a new one', async () => {
    const { ctx, dir } = desk(NAMES.slice(0, 3));
    const writing = writeReport(ctx, path.join(dir, 'r.xlsx'), { era: 'seireki' });
    // The data was read before the promise returned; this scan lands while the file is being built.
    const last = ctx.db.prepare('SELECT id FROM envelopes ORDER BY id DESC LIMIT 1').pluck().get() as number;
    handOverEnvelopes(ctx, [last]);
    await writing;
    expect(finishPreview(ctx).blocker).toMatch(/完了報告を保存した後に記録が変わっています/);
    await writeReport(ctx, path.join(dir, 'r.xlsx'), { era: 'seireki' });
    expect(finishPreview(ctx).blocker).toBeNull();
  });
});
