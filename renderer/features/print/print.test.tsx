/**
 * The printed sheets, checked twice: as markup (what each sheet says) and as real PDF pages printed by
 * Chromium with the bundled font (page count, Japanese text extracted from the PDF, rows kept whole,
 * barcodes that an independent reader decodes). Set KUBARU_KEEP_PRINT=1 to keep the PDFs and PNGs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../shared/csp';
import type { ReceiptBookSheet, ReceiptRow, ReturnListSheet, ReturnRow } from '../../../shared/returns';
import { CODE128_PATTERNS, QUIET_ZONE_MODULES, encodeCode128 } from './barcode';
import { ReceiptBookDocument } from './ReceiptBookDocument';
import { ReturnListDocument, formatSheetDate } from './ReturnListDocument';
import { formatTrackingNumber } from '../../../shared/returns';

const here = path.dirname(fileURLToPath(import.meta.url));

// ---------------------------------------------------------------------------------------------------
// Sample sheets

const SURNAMES = ['山田', '佐藤', '鈴木', '髙橋', '田中', '伊藤', '渡辺', '中村', '小林', '加藤', '吉田', '山口'];
const GIVEN = ['太郎', '一郎', '健太', '翔', '大輔', '蓮', '美咲', '陽菜', '結衣', 'さくら', '葵', '直樹'];
const SPOUSES = ['花子', '恵子', '由美', '裕子', '真由美'];
const CHILDREN = ['大翔', '湊', '陽葵', '凛', '樹'];
const REASONS = ['退職（2024-08-15）', '扶養削除（2024-09-30）', '死亡（2024-10-02）', 'その他：資格喪失後に届いたため返送'];

// Unique names for up to 144 rows, so a name found on a page tells which row it belongs to.
const holder = (i: number) => `${SURNAMES[i % 12]} ${GIVEN[(i * 5 + Math.floor(i / 12)) % 12]}`;
/** Every third envelope is a household one with the family inside. */
const family = (i: number) => {
  if (i % 3 !== 0) return [holder(i)];
  const surname = SURNAMES[i % 12]!;
  const k = Math.floor(i / 12) % 5;
  return [holder(i), `${surname} ${SPOUSES[k]}`, `${surname} ${CHILDREN[k]}`];
};

function returnRows(n: number): ReturnRow[] {
  return Array.from({ length: n }, (_, i) => ({
    envelopeId: 1000 + i,
    insurerName: '全国健康保険協会 東京支部',
    symbol: '01010101',
    number: String(200 + i).padStart(7, '0'),
    branch: i % 3 === 0 ? '' : '01',
    holderName: holder(i),
    names: family(i),
    deptCode: '0101',
    status: 'to_return',
    reason: REASONS[i % REASONS.length]!,
    batchId: 7,
  }));
}

function returnSheet(n: number, overrides: Partial<ReturnListSheet['batch']> = {}): ReturnListSheet {
  return {
    companyName: '株式会社サンプル電機',
    printedAt: '2024-11-25T01:02:00.000Z',
    batch: {
      id: 7,
      kind: 'letterpack',
      trackingNumber: '123456789012',
      insurerName: '全国健康保険協会 東京支部',
      note: '',
      createdAt: '2024-11-25T00:30:00.000Z',
      createdBy: '総務部 山田',
      sentOn: '2024-11-26',
      items: returnRows(n),
      ...overrides,
    },
  };
}

function receiptRows(n: number): ReceiptRow[] {
  return Array.from({ length: n }, (_, i) => {
    const number = String(2 + i).padStart(7, '0');
    const household = i % 3 === 0;
    return {
      envelopeId: 5000 + i,
      symbol: '01010101',
      number,
      branch: household ? '' : String((i % 4) + 1).padStart(2, '0'),
      holderName: holder(i),
      names: family(i),
      barcode: household ? `01010101-${number}` : `01010101-${number}-${String((i % 4) + 1).padStart(2, '0')}`,
      status: i === 4 ? 'handed_over' : 'pending',
    };
  });
}

function receiptSheet(n: number): ReceiptBookSheet {
  return {
    companyName: '株式会社サンプル電機',
    deptCode: '0101',
    deptName: '総務部 人事課',
    rows: receiptRows(n),
    printedAt: '2024-11-25T01:02:00.000Z',
  };
}

const returnHtml = (sheet: ReturnListSheet) => renderToStaticMarkup(<ReturnListDocument sheet={sheet} />);
const receiptHtml = (sheet: ReceiptBookSheet) => renderToStaticMarkup(<ReceiptBookDocument sheet={sheet} />);
/** Text content with tags dropped and the entities React writes turned back, for substring checks. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, '\n')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'");

// ---------------------------------------------------------------------------------------------------
// A Code 128 reader for the rendered SVG. It shares only the symbol table with the encoder (the table is
// checked against zbarimg below), so set switching, checksum, quiet zones and geometry are checked for real.

interface DecodedSvg {
  value: string;
  moduleMm: number;
  quietLeft: number;
  quietRight: number;
}

function decodeBarcodeSvg(svg: string): DecodedSvg {
  const viewBox = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg);
  const width = /width="([\d.]+)mm"/.exec(svg);
  const d = /<path d="([^"]+)"/.exec(svg);
  if (!viewBox || !width || !d) throw new Error(`not a barcode: ${svg.slice(0, 120)}`);
  const total = Number(viewBox[1]);
  const bars = [...d[1]!.matchAll(/M(\d+) 0h(\d+)v[\d.]+h-\d+z/g)].map((m) => ({ x: Number(m[1]), w: Number(m[2]) }));
  const widths: number[] = [];
  bars.forEach((bar, i) => {
    widths.push(bar.w);
    const next = bars[i + 1];
    if (next) widths.push(next.x - bar.x - bar.w);
  });
  const symbols: number[] = [];
  for (let at = 0; at < widths.length; at += 6) {
    const pattern = widths.slice(at, at + (widths.length - at === 7 ? 7 : 6)).join('');
    const value = CODE128_PATTERNS.indexOf(pattern);
    if (value < 0) throw new Error(`no Code 128 symbol ${pattern}`);
    symbols.push(value);
    if (pattern.length === 7) break;
  }
  expect(symbols.at(-1)).toBe(106);
  const data = symbols.slice(0, -2);
  const check = data.reduce((sum, s, k) => sum + (k === 0 ? s : s * k), 0) % 103;
  expect(symbols.at(-2), 'checksum').toBe(check);
  let set: 'B' | 'C' = data[0] === 105 ? 'C' : 'B';
  expect([104, 105]).toContain(data[0]);
  let value = '';
  for (const s of data.slice(1)) {
    if (set === 'B' && s === 99) set = 'C';
    else if (set === 'C' && s === 100) set = 'B';
    else if (set === 'B' && s < 95) value += String.fromCharCode(s + 32);
    else if (set === 'C' && s < 100) value += String(s).padStart(2, '0');
    else throw new Error(`unexpected symbol ${s} in set ${set}`);
  }
  const last = bars.at(-1)!;
  return { value, moduleMm: Number(width[1]) / total, quietLeft: bars[0]!.x, quietRight: total - last.x - last.w };
}

const barcodesIn = (html: string) =>
  [...html.matchAll(/<figure class="barcode" data-barcode="([^"]*)">(<svg[\s\S]*?<\/svg>)/g)].map((m) => ({
    attr: m[1]!,
    svg: m[2]!,
  }));

// ---------------------------------------------------------------------------------------------------

describe('Code 128', () => {
  it('has a table of valid symbols: 11 modules each, an even number of bar modules', () => {
    for (const p of CODE128_PATTERNS.slice(0, 106)) {
      const w = [...p].map(Number);
      expect(w.reduce((a, b) => a + b)).toBe(11);
      expect((w[0]! + w[2]! + w[4]!) % 2).toBe(0);
    }
    expect(CODE128_PATTERNS[106]).toBe('2331112');
  });

  it('packs digit runs into set C and keeps hyphens in set B', () => {
    const c = encodeCode128('01010101-0000002-01');
    expect(c.symbols[0]).toBe(105); // START C
    expect(c.modules).toBe(200);
    expect(encodeCode128('12').symbols).toEqual([105, 12, (105 + 12) % 103, 106]);
    expect(encodeCode128('1-2').symbols.slice(0, 4)).toEqual([104, 17, 13, 18]);
  });

  it('refuses what a scanner key cannot carry', () => {
    expect(() => encodeCode128('東京-123')).toThrow(RangeError);
    expect(() => encodeCode128('')).toThrow(RangeError);
  });
});

describe('formatting', () => {
  it('prints tracking numbers 4-4-4 and dates the Japanese way', () => {
    expect(formatTrackingNumber('123456789012')).toBe('1234-5678-9012');
    expect(formatTrackingNumber('12345')).toBe('12345');
    expect(formatSheetDate('2024-11-26')).toBe('2024年11月26日');
    expect(formatSheetDate('2024-11-25T01:02:00.000Z')).toMatch(/^2024年11月25日 \d\d:\d\d$/);
  });
});

describe('返送リスト markup', () => {
  it('shows the company, insurer, method, tracking number, dates, every row, the count and the stamp boxes', () => {
    const sheet = returnSheet(5, { note: '11/26 郵便局より発送' });
    const text = textOf(returnHtml(sheet));
    for (const s of ['資格情報のお知らせ 返送リスト', '株式会社サンプル電機', '全国健康保険協会 東京支部', 'レターパック',
      '1234-5678-9012', '2024年11月26日', '印刷日 2024年11月25日', '計 5通', '受付印', '担当者印', '11/26 郵便局より発送']) {
      expect(text).toContain(s);
    }
    expect(text).not.toContain('123456789012');
    for (const h of ['No.', '記号', '番号', '枝番', '被保険者氏名', '対象者氏名', '理由']) expect(text).toContain(h);
    for (const row of sheet.batch.items) {
      expect(text).toContain(row.number);
      expect(text).toContain(row.holderName);
      expect(text).toContain(row.names.join('・'));
      expect(text).toContain(row.reason);
    }
  });

  it('leaves lines to fill in when the batch has no tracking number or send date yet', () => {
    const text = textOf(returnHtml(returnSheet(1, { trackingNumber: null, sentOn: null })));
    expect(text).toMatch(/お問い合わせ番号\n*\s+-\s+-\s+/);
    expect(text).toMatch(/発送日\n*\s+年\s+月\s+日/);
    const other = textOf(returnHtml(returnSheet(0, { kind: 'reply_envelope', trackingNumber: null, insurerName: null })));
    expect(other).toContain('返信用封筒');
    expect(other).toContain('計 0通');
    expect(other).toContain('この返送には封筒が入っていません');
  });
});

describe('受領簿 markup', () => {
  it('shows the 所属, every row with one barcode that decodes to its key, and the signature columns', () => {
    const sheet = receiptSheet(8);
    const html = receiptHtml(sheet);
    const text = textOf(html);
    for (const s of ['資格情報のお知らせ 受領簿', '株式会社サンプル電機', '0101', '総務部 人事課', '受領日', '受領者署名', '計 8通', '配付済']) {
      expect(text).toContain(s);
    }
    const codes = barcodesIn(html);
    expect(codes.map((c) => c.attr)).toEqual(sheet.rows.map((r) => r.barcode));
    for (const [i, code] of codes.entries()) {
      const row = sheet.rows[i]!;
      const decoded = decodeBarcodeSvg(code.svg);
      expect(decoded.value).toBe(row.barcode);
      expect(decoded.moduleMm).toBeGreaterThanOrEqual(0.25);
      expect(decoded.quietLeft).toBeGreaterThanOrEqual(QUIET_ZONE_MODULES);
      expect(decoded.quietRight).toBeGreaterThanOrEqual(QUIET_ZONE_MODULES);
      expect(text).toContain(row.holderName);
      for (const name of row.names) expect(text).toContain(name);
    }
  });

  it('prints the key as text when it cannot be a barcode', () => {
    const sheet = receiptSheet(1);
    sheet.rows[0] = { ...sheet.rows[0]!, barcode: '東京-0000002' };
    const html = receiptHtml(sheet);
    expect(barcodesIn(html)).toHaveLength(0);
    expect(textOf(html)).toContain('東京-0000002');
  });
});

// ---------------------------------------------------------------------------------------------------
// Real pages: bundle the components with the app's font and stylesheet, print with Chromium, read the PDF.

const PAGE_ENTRY = `
import '@fontsource/biz-udpgothic/400.css';
import '@fontsource/biz-udpgothic/700.css';
import '../../styles.css';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { ReturnListDocument } from './ReturnListDocument';
import { ReceiptBookDocument } from './ReceiptBookDocument';

const root = createRoot(document.getElementById('root')!);
export function show(kind: 'return' | 'receipt', sheet: any) {
  flushSync(() => root.render(kind === 'return' ? <ReturnListDocument sheet={sheet} /> : <ReceiptBookDocument sheet={sheet} />));
}
`;

const ORIGIN = 'http://kubaru.test';
const PAGE_HTML = `<!doctype html><html lang="ja"><head><meta charset="utf-8">
<link rel="stylesheet" href="page.css"><script src="page.js" defer></script></head>
<body><div id="root"></div></body></html>`;

const hasTool = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const zbarimg = hasTool('zbarimg');

let browser: Browser;
let page: Page;
let outDir: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubaru-print-'));
  const out = await build({
    stdin: { contents: PAGE_ENTRY, resolveDir: here, loader: 'tsx', sourcefile: 'print-entry.tsx' },
    jsx: 'automatic',
    bundle: true,
    format: 'iife',
    globalName: 'PrintHarness',
    platform: 'browser',
    target: 'chrome120',
    outdir: '/bundle',
    entryNames: 'page',
    assetNames: 'fonts/[name]',
    // Files, not data: URLs: the app's CSP has font-src 'self', and the page below runs under it.
    loader: { '.woff2': 'file', '.woff': 'file' },
    write: false,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  const files = new Map(out.outputFiles.map((f) => [path.relative('/bundle', f.path), f.contents]));
  files.set('index.html', new TextEncoder().encode(PAGE_HTML));

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    const body = url.origin === ORIGIN ? files.get(url.pathname.slice(1)) : undefined;
    if (!body) return route.fulfill({ status: 404 });
    const type = url.pathname.endsWith('.css') ? 'text/css' : url.pathname.endsWith('.js') ? 'text/javascript'
      : url.pathname.endsWith('.html') ? 'text/html' : url.pathname.endsWith('.woff2') ? 'font/woff2' : 'font/woff';
    return route.fulfill({ body: Buffer.from(body), contentType: `${type}; charset=utf-8`, headers: { 'Content-Security-Policy': CONTENT_SECURITY_POLICY } });
  });
  page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') pageErrors.push(m.text());
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${ORIGIN}/index.html`);
  await page.waitForFunction(() => 'PrintHarness' in window);
  await page.emulateMedia({ media: 'print' });
});

afterAll(async () => {
  await browser?.close();
  if (outDir && !process.env.KUBARU_KEEP_PRINT) fs.rmSync(outDir, { recursive: true, force: true });
  else if (outDir) console.info(`printed sheets kept in ${outDir}`);
});

interface Printed {
  pdf: string;
  pages: number;
  /** pdftotext -layout of each page. */
  texts: string[];
  fonts: string;
}

async function print(name: string, kind: 'return' | 'receipt', sheet: ReturnListSheet | ReceiptBookSheet): Promise<Printed> {
  await page.evaluate(
    async ({ kind, sheet }) => {
      (window as unknown as { PrintHarness: { show: (k: string, s: unknown) => void } }).PrintHarness.show(kind, sheet);
      // Layout first: the font subsets (unicode-range) are only requested once text is laid out.
      void document.body.offsetHeight;
      await document.fonts.ready;
    },
    { kind, sheet },
  );
  const pdf = path.join(outDir, `${name}.pdf`);
  fs.writeFileSync(pdf, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
  const texts = Array.from({ length: pages }, (_, i) =>
    execFileSync('pdftotext', ['-layout', '-f', String(i + 1), '-l', String(i + 1), pdf, '-'], { encoding: 'utf8' }),
  );
  execFileSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '1', pdf, path.join(outDir, name)]);
  return { pdf, pages, texts, fonts: execFileSync('pdffonts', [pdf], { encoding: 'utf8' }) };
}

/** Page (1-based) of every row, by texts that only that row prints; a row split over two pages fails. */
function pagesOfRows(printed: Printed, rowTexts: string[][]): number[] {
  return rowTexts.map((texts, i) => {
    const found = new Set<number>();
    for (const t of texts) {
      const where = printed.texts.flatMap((pageText, p) => (pageText.includes(t) ? [p + 1] : []));
      expect(where, `row ${i + 1}: ${t}`).toHaveLength(1);
      found.add(where[0]!);
    }
    expect([...found], `row ${i + 1} split across pages`).toHaveLength(1);
    return [...found][0]!;
  });
}

function expectPageNumbers(printed: Printed) {
  printed.texts.forEach((t, i) => expect(t).toContain(`${i + 1} / ${printed.pages} ページ`));
}

describe('printed with Chromium', () => {
  it('返送リスト: one page for a レターパック, three for 60 envelopes, in the bundled font', async () => {
    const short = await print('return-list-5', 'return', returnSheet(5));
    expect(short.pages).toBe(1);
    expect(short.fonts).toMatch(/BIZUDPGothic/);
    expect(short.fonts).not.toMatch(/IPAex/);
    const t = short.texts[0]!;
    for (const s of ['資格情報のお知らせ 返送リスト', '株式会社サンプル電機', '全国健康保険協会 東京支部', '1234-5678-9012', '受付印', '担当者印', '計 5通']) {
      expect(t).toContain(s);
    }
    expectPageNumbers(short);

    const sheet = returnSheet(60);
    const long = await print('return-list-60', 'return', sheet);
    expect(long.pages).toBe(3);
    expectPageNumbers(long);
    // Every page repeats the column heads.
    for (const text of long.texts) expect(text).toMatch(/No\.\s+記号\s+番号\s+枝番\s+被保険者氏名\s+対象者氏名\s+理由/);
    const pageOf = pagesOfRows(long, sheet.batch.items.map((r) => [r.number, r.holderName]));
    expect(pageOf[0]).toBe(1);
    expect(pageOf.at(-1)).toBe(3);
    expect(long.texts.at(-1)).toContain('計 60通');
    expect(pageErrors).toEqual([]);
  });

  it('受領簿: rows kept whole across pages, the heading on every page, barcodes that scan', async () => {
    const sheet = receiptSheet(60);
    const printed = await print('receipt-book-60', 'receipt', sheet);
    expect(printed.pages).toBe(4);
    expect(printed.fonts).toMatch(/BIZUDPGothic/);
    expectPageNumbers(printed);
    for (const text of printed.texts) {
      expect(text).toContain('資格情報のお知らせ 受領簿');
      expect(text).toContain('総務部 人事課');
      expect(text).toMatch(/No\.\s+記号-番号-枝番\s+被保険者氏名\s+対象者\s+受領日\s+受領者署名/);
    }
    // The key under the barcode and every name in the envelope must land on the same page.
    const pageOf = pagesOfRows(printed, sheet.rows.map((r) => [r.barcode, ...r.names.slice(1)]));
    expect(new Set(pageOf).size).toBe(4);
    expect(pageOf).toEqual([...pageOf].sort((a, b) => a - b));
    expect(printed.texts.at(-1)).toContain('計 60通');

    if (!zbarimg) {
      console.warn('zbarimg (zbar-tools) not installed: printed barcodes not scanned');
      return;
    }
    // 200 dpi grey (2 pixels per bar module), as a cheap office scanner or copier sees the signed sheet.
    execFileSync('pdftoppm', ['-r', '200', '-gray', printed.pdf, path.join(outDir, 'scan')]);
    const scans = fs.readdirSync(outDir).filter((f) => f.startsWith('scan')).map((f) => path.join(outDir, f));
    const zbar = spawnSync('zbarimg', ['-q', '--raw', '-Sdisable', '-Scode128.enable', ...scans], { encoding: 'utf8' });
    const decoded = zbar.stdout.split('\n').filter(Boolean);
    expect(decoded.sort()).toEqual(sheet.rows.map((r) => r.barcode).sort());
    expect(pageErrors).toEqual([]);
  });
});
