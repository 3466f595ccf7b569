/**
 * No My Number anywhere (issue #7): not in the database (its file and its WAL), not in the backups, not in
 * the log, not in any exported file, not in anything handed to the renderer.
 *
 * The lists and the roster below carry My Numbers the ways real files do: a 個人番号 column (the fixture
 * bad/mynumber-column.csv), a column under an innocent header, 4-4-4 groups, full-width digits, an xlsx that
 * stores them as numbers (one losing its leading zero), one in a title row, one typed into another column; and
 * (issue #11) a list with every spelling in test/myNumberSpellings.ts written into name cells, Excel numbers
 * that lost their leading zero in a name cell, My Numbers in the names of list and roster files, in a path an
 * error quotes into the log, and in every text the clerk types.
 * They go through the whole service flow as the app runs it — dispatch() with a file logger, the data folder
 * with its backups — and through the CLI; then every byte written is searched for every My Number in any
 * spelling: the bytes are read as UTF-8 and as UTF-16, NFKC-normalised, every separator a spelling may use is
 * removed, and what is left is searched for each number's 12 digits (and the 11 of one that lost its 0).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/services/db/open';
import { createContext, type ServiceContext } from '../../electron/services/context';
import { dispatch } from '../../electron/services/handlers';
import { createFileLogger } from '../../electron/services/log';
import { storagePaths } from '../../electron/services/storage/paths';
import { runCli } from '../../electron/cli/run';
import { readFixture } from '../fixtures';
import { ANY_SEPARATOR, SPELLINGS, fullWidth, withCheckDigit } from '../myNumberSpellings';

const group = (n: string, sep: string) => `${n.slice(0, 4)}${sep}${n.slice(4, 8)}${sep}${n.slice(8)}`;
const utf8 = (s: string) => new Uint8Array(Buffer.from(`\ufeff${s}`, 'utf8'));

// --- the sources and their My Numbers -----------------------------------------------------------------
/** Every My Number put into any source below. */
const MY_NUMBERS = new Set<string>();
const mine = (n: string) => {
  expect(n).toMatch(/^\d{12}$/);
  MY_NUMBERS.add(n);
  return n;
};

/** bad/mynumber-column.csv as shipped: a 個人番号 column. */
const fixtureBytes = readFixture('bad/mynumber-column.csv');
for (const m of Buffer.from(fixtureBytes).toString('utf8').matchAll(/(?<!\d)\d{12}(?!\d)/g)) mine(m[0]);

const kyokai = Buffer.from(readFixture('kyokai-person.csv')).toString('utf8').replace(/^\ufeff/, '').trim().split(/\r?\n/);

/** A 協会けんぽ list with the numbers under 備考, written in every usual way, and one typed into 所属コード's neighbour. */
function innocentHeaderCsv(): Uint8Array {
  const forms = [(n: string) => n, (n: string) => group(n, '-'), (n: string) => group(n, ' '), fullWidth, (n: string) => fullWidth(group(n, '－'))];
  const rows = kyokai.slice(1, 21).map((line, i) => {
    const n = mine(`98765432${String(1000 + i).slice(-4)}`);
    // 01010101 → another 記号, so these are new members next to the fixture's
    return `${line.replace(/^01010101/, '02020202')},${forms[i % forms.length]!(n)}`;
  });
  return utf8([`${kyokai[0]},備考`, ...rows].join('\r\n'));
}

/** Every spelling written into name cells of a list: whole (a problem row) or after the name (masked). */
const spelled = (i: number) => SPELLINGS[i % SPELLINGS.length]![1];
function spelledListCsv(): Uint8Array {
  const rows = kyokai.slice(1).map((line, i) => {
    const cells = line.replace(/^01010101/, '03030303').split(',');
    // quoted: one spelling uses commas
    if (i < SPELLINGS.length) cells[4] = `"${spelled(i)(mine(withCheckDigit(`5550${String(i).padStart(7, '0')}`)))}"`;
    else if (i < 2 * SPELLINGS.length) cells[3] = `"${cells[3]} ${spelled(i)(mine(withCheckDigit(`5551${String(i).padStart(7, '0')}`)))}"`;
    return cells.join(',');
  });
  return utf8([kyokai[0], ...rows].join('\r\n'));
}
/** File names with a My Number in them, and one in a path an error quotes into the log. */
const LIST_FILE = `送付対象者_${spelled(5)(mine(withCheckDigit('55520000001')))}.csv`;
const ROSTER_FILE = `社員名簿 ${spelled(13)(mine(withCheckDigit('55520000002')))}.csv`;
const CLI_FILE = `cli-list_${spelled(28)(mine(withCheckDigit('55520000003')))}.csv`;
const FAILED_PATH = `報告_${spelled(29)(mine(withCheckDigit('55520000004')))}.xlsx`;
/** In a name cell, Excel numbers that lost their leading 0 (the column as a whole holds names). */
const LOST_ZERO = [mine(withCheckDigit('05553000001')), mine(withCheckDigit('05553000002'))];

/** An xlsx: numbers stored as numbers (one losing its leading 0), a title row naming one, one typed into a name. */
function xlsxList(): Uint8Array {
  const header = ['記号', '番号', '枝番', '被保険者氏名', '対象者氏名', '対象者氏名（カナ）', '続柄', '生年月日', '所属名', '備考'];
  const titleNumber = mine('876543210987');
  const typedIntoDept = mine('765432109876');
  const rows: unknown[][] = [
    [`保険者名：サンプル健康保険組合　個人番号控 ${titleNumber}`],
    [],
    header,
  ];
  for (let i = 0; i < 12; i++) {
    const n = i === 0 ? mine('087654321000') : mine(`8765432110${String(i).padStart(2, '0')}`);
    rows.push([
      '3456',
      String(700 + i),
      '00',
      `試験 太郎${i}`,
      i === 5 || i === 6 ? Number(LOST_ZERO[i - 5]) : `試験 太郎${i}`,
      'シケン タロウ',
      '本人',
      '1980/01/02',
      i === 3 ? `総務部 ${fullWidth(group(typedIntoDept, '-'))}` : '総務部',
      Number(n), // a number cell: 087654321000 becomes 87654321000
    ]);
  }
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), 'リスト');
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

/** The roster fixture with one more column of My Numbers (base: their first 8 digits), every third one 4-4-4. */
function rosterWith(header: string, base: string): Uint8Array {
  const lines = Buffer.from(readFixture('roster.csv')).toString('utf8').replace(/^\ufeff/, '').trim().split(/\r?\n/);
  const rows = lines.slice(1).map((line, i) => {
    const n = mine(`${base}${String(i).padStart(4, '0')}`);
    return `${line},${i % 3 === 2 ? group(n, '-') : n}`;
  });
  return utf8([`${lines[0]},${header}`, ...rows].join('\r\n'));
}

// --- the flow -----------------------------------------------------------------------------------------
let dir: string;
let dataDir: string;
let exportDir: string;
let ctx: ServiceContext;
const results: { name: string; json: string }[] = [];
const cliOutput: string[] = [];
const rawWhileOpen = new Map<string, Buffer>();

async function call(name: string, arg?: unknown, { record = true } = {}) {
  const r = await dispatch(ctx, name, arg, log);
  if (record) results.push({ name, json: JSON.stringify(r) });
  return r as { ok: boolean; value?: unknown; error?: string };
}
let log: ReturnType<typeof createFileLogger>;

async function importList(fileName: string, bytes: Uint8Array, insurerName?: string) {
  const p = await call('previewImport', { fileName, bytes, ...(insurerName ? { insurerName } : {}) });
  expect(p.ok, JSON.stringify(p)).toBe(true);
  const preview = p.value as { previewId: string; insurerName: string; unit: 'person' | 'household'; missingFields: string[] };
  expect(preview.missingFields).toEqual([]);
  const c = await call('commitImport', {
    previewId: preview.previewId,
    insurerName: preview.insurerName,
    insurerNumber: null,
    unit: preview.unit,
    receivedOn: null,
    boxCount: null,
  });
  expect(c.ok, JSON.stringify(c)).toBe(true);
  return c.value as { counts: { members: number } };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubaru-privacy-'));
  dataDir = path.join(dir, 'data');
  exportDir = path.join(dir, 'exports');
  fs.mkdirSync(dataDir);
  fs.mkdirSync(exportDir);
  const storage = storagePaths(dataDir);
  log = createFileLogger(storage.logFile);
  log('start (privacy test)');
  ctx = createContext(openDatabase(storage.dbFile));
  ctx.storage = storage;
  let failSave: string | null = null;
  ctx.platform = {
    savePdf: async () => null,
    chooseDatabaseFile: async () => null,
    chooseSavePath: async (defaultName) => {
      // A failure the clerk cannot act on is logged: let its text quote a My Number, as an OS error quoting a path would.
      if (failSave) throw new Error(`EACCES: permission denied, open '${path.join(exportDir, failSave)}'`);
      return path.join(exportDir, defaultName);
    },
  };

  expect((await call('saveSettings', { companyName: '株式会社サンプル電機', operatorName: '総務部 山田' })).ok).toBe(true);

  // Lists.
  expect((await importList('mynumber-column.csv', fixtureBytes)).counts.members).toBe(5);
  expect((await importList('innocent-header.csv', innocentHeaderCsv(), '協会けんぽ 2')).counts.members).toBe(20);
  expect((await importList('kenpo.xlsx', xlsxList())).counts.members).toBe(10);
  expect((await importList(LIST_FILE, spelledListCsv(), '協会けんぽ 3')).counts.members).toBe(kyokai.length - 1 - SPELLINGS.length);

  // The desk: scans, a search, a hand-over by a typed My Number (which must find nothing and leave no trace).
  for (const code of ['01010101 0000001 00', '01010101-0000002', '02020202 0000003 00', '3456 700 00']) {
    const r = await call('scan', { code });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    expect((r.value as { result: string }).result).toBe('handed_over');
  }
  const typed = await call('scan', { code: [...MY_NUMBERS][0]! }, { record: false }); // its echo is the clerk's own input
  expect((typed.value as { result: string }).result).toBe('unknown');
  await call('search', { query: 'たなか' });
  await call('search', { query: '試験' });
  await call('listEnvelopes', {});

  // The roster, with My Numbers in a 個人番号 column.
  const roster = await call('importRoster', { fileName: ROSTER_FILE, bytes: rosterWith('個人番号', '65432101') });
  expect(roster.ok, JSON.stringify(roster)).toBe(true);
  await call('rosterReport');

  // Progress, sheets to print, the completion report as xlsx and csv.
  await call('progressOverview');
  await call('followUpSheet', { days: 0 });
  await call('receiptBookSheet', { deptCode: '' });
  expect((await call('exportReport', { format: 'xlsx', era: 'wareki' })).ok).toBe(true);
  expect((await call('exportReport', { format: 'csv', era: 'seireki' })).ok).toBe(true);
  failSave = FAILED_PATH;
  const failed = await call('exportReport', { format: 'xlsx', era: 'seireki' });
  expect(failed.ok).toBe(false);
  failSave = null;

  // What is on disk while the app is still running: the WAL holds the latest changes.
  for (const f of fs.readdirSync(dataDir)) {
    const p = path.join(dataDir, f);
    if (fs.statSync(p).isFile()) rawWhileOpen.set(f, fs.readFileSync(p));
  }
  expect([...rawWhileOpen.keys()]).toContain('kubaru.sqlite3-wal');
  ctx.db.close();

  // The CLI on the same database: a list, the roster with the numbers under an innocent header, the report.
  const cli = async (args: string[]) => {
    const code = await runCli([...args, '--db', storage.dbFile, '--json'], { out: (s) => cliOutput.push(s), err: (s) => cliOutput.push(s) });
    expect(code, cliOutput.join('\n')).toBe(0);
  };
  const cliList = path.join(dir, CLI_FILE);
  fs.writeFileSync(cliList, innocentHeaderCsv());
  const cliRoster = path.join(dir, 'cli-roster.csv');
  fs.writeFileSync(cliRoster, rosterWith('備考', '54321098'));
  await cli(['import', cliList, '--insurer', 'CLI健保']);
  await cli(['roster', cliRoster]);
  await cli(['export', 'report', '--out', path.join(exportDir, 'cli-report.xlsx')]);
  await cli(['export', 'report', '--out', path.join(exportDir, 'cli-report.csv'), '--format', 'csv']);
}, 120_000);

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

// --- the search ---------------------------------------------------------------------------------------
/**
 * The My Numbers found in bytes written by the app, in any spelling: read as UTF-8 and as UTF-16, NFKC, every
 * separator removed; then every window of 12 digits (and of 11, for one stored as a number) is looked up.
 */
function leaks(where: string, data: Buffer): string[] {
  const wanted = new Map<string, string>();
  for (const n of MY_NUMBERS) {
    wanted.set(n, n);
    // stored as a number, a My Number starting with 0 loses it
    if (n.startsWith('0')) wanted.set(n.slice(1), n);
  }
  const found = new Set<string>();
  const search = (digits: string, len: number) => {
    for (const m of digits.matchAll(/[0-9]+/g)) {
      for (let i = 0; i + len <= m[0].length; i++) {
        const n = wanted.get(m[0].slice(i, i + len));
        if (n) found.add(`${where}: ${n}`);
      }
    }
  };
  for (const text of [data.toString('utf8'), data.toString('utf16le')]) {
    const normal = text.normalize('NFKC');
    search(normal.replace(ANY_SEPARATOR, ''), 12);
    search(normal, 11); // a number that lost its 0 is written without separators
  }
  return [...found];
}

/** Files inside an xlsx (a zip): searched inflated, as Excel reads them. */
function xlsxParts(bytes: Uint8Array): { name: string; data: Buffer }[] {
  const zip = XLSX.CFB.read(bytes, { type: 'array' }) as { FileIndex: { type: number; content?: ArrayLike<number> }[]; FullPaths: string[] };
  return zip.FileIndex.flatMap((e, i) => (e.type === 2 && e.content ? [{ name: zip.FullPaths[i]!, data: Buffer.from(e.content as Uint8Array) }] : []));
}

function allFiles(d: string): string[] {
  return fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? allFiles(path.join(d, e.name)) : [path.join(d, e.name)]));
}

describe('no My Number anywhere', () => {
  it('the sources really carry them (so the search below means something)', () => {
    expect(MY_NUMBERS.size).toBeGreaterThan(80);
    expect(leaks('fixture', Buffer.from(fixtureBytes))).not.toEqual([]);
    const xlsxText = Buffer.concat(xlsxParts(xlsxList()).map((p) => p.data));
    const inXlsx = leaks('xlsx source', xlsxText);
    for (const n of ['087654321000', ...LOST_ZERO]) expect(inXlsx).toContain(`xlsx source: ${n}`);
    // every spelling is found by the search
    expect(leaks('spelled list', Buffer.from(spelledListCsv()))).toHaveLength(2 * SPELLINGS.length);
    for (const name of [LIST_FILE, ROSTER_FILE, CLI_FILE, FAILED_PATH]) expect(leaks(name, Buffer.from(name))).toHaveLength(1);
  });

  it('not in the database file or its WAL while the app runs', () => {
    const found = [...rawWhileOpen].filter(([f]) => f.startsWith('kubaru.sqlite3')).flatMap(([f, b]) => leaks(f, b));
    expect(found).toEqual([]);
    expect(rawWhileOpen.get('kubaru.sqlite3-wal')!.length).toBeGreaterThan(0);
  });

  it('not in the database after it is closed, nor in any backup', () => {
    const files = allFiles(dataDir).filter((f) => !f.endsWith('.log'));
    expect(files.some((f) => f.includes(`${path.sep}backups${path.sep}`))).toBe(true);
    expect(files.flatMap((f) => leaks(path.relative(dataDir, f), fs.readFileSync(f)))).toEqual([]);
  });

  it('not in any value of any table, whatever its type', () => {
    const db = openDatabase(storagePaths(dataDir).dbFile, { readonly: true });
    try {
      const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[];
      const dump = tables.map((t) => JSON.stringify(db.prepare(`SELECT * FROM "${t}"`).all())).join('\n');
      expect(dump).toContain('髙橋'); // the data is there
      const numbers = new Set([...MY_NUMBERS].flatMap((n) => [n, String(Number(n))]));
      expect([...numbers].filter((n) => dump.includes(n))).toEqual([]);
      expect(leaks('database values', Buffer.from(dump))).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('not in the log, which did record the failure', () => {
    const logFile = storagePaths(dataDir).logFile;
    const text = fs.readFileSync(logFile);
    expect(text.toString()).toContain('handler exportReport failed');
    expect(leaks('kubaru.log', text)).toEqual([]);
  });

  it('not in the exported reports (xlsx inflated, csv as written)', () => {
    const files = allFiles(exportDir);
    expect(files.map((f) => path.basename(f)).sort()).toEqual(expect.arrayContaining(['cli-report.csv', 'cli-report.xlsx']));
    expect(files.filter((f) => f.endsWith('.xlsx')).length).toBe(2);
    expect(files.filter((f) => f.endsWith('.csv')).length).toBe(2);
    const found = files.flatMap((f) =>
      f.endsWith('.xlsx')
        ? [...leaks(path.basename(f), fs.readFileSync(f)), ...xlsxParts(fs.readFileSync(f)).flatMap((p) => leaks(`${path.basename(f)}:${p.name}`, p.data))]
        : leaks(path.basename(f), fs.readFileSync(f)),
    );
    expect(found).toEqual([]);
    // and the reports are not empty: the scanned envelopes are in them
    const csv = fs.readFileSync(files.find((f) => f.endsWith('cli-report.csv'))!, 'utf8');
    expect(csv).toMatch(/髙橋|高橋/);
  });

  it('not in text the clerk types: notes, a proxy\'s name, what an envelope\'s window shows', async () => {
    const ctx = createContext(openDatabase(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kubaru-typed-')), 'k.sqlite3')));
    const run = async (name: string, arg: unknown) => {
      const r = await dispatch(ctx, name, arg);
      if (!r.ok) throw new Error(`${name}: ${r.error}`);
      return r.value as Record<string, unknown>;
    };
    await run('saveSettings', { companyName: 'テスト', operatorName: '山田' });
    const p = await run('previewImport', { fileName: 'kyokai-person.csv', bytes: readFixture('kyokai-person.csv') });
    await run('commitImport', { previewId: p.previewId, insurerName: '協会けんぽ', insurerNumber: null, unit: 'person', receivedOn: null, boxCount: null });
    const shipmentId = ctx.db.prepare('SELECT id FROM shipments').pluck().get() as number;
    const [a] = ctx.db.prepare('SELECT id FROM envelopes ORDER BY id LIMIT 1').pluck().all() as number[];
    const typedNumbers = ['123456789018', '2345 6789 0127', '３４５６−７８９０−１２３６', '456789012345'];
    await run('recordNotOnList', { shipmentId, windowText: `山本 太郎 ${typedNumbers[0]}`, note: `番号 ${typedNumbers[1]}` });
    await run('flagEnvelopes', { envelopeIds: [a], reason: '退職', note: `個人番号 ${typedNumbers[2]}` });
    await run('createBatch', { kind: 'other', note: typedNumbers[3] });
    await run('scan', { code: '01010101 0000003', recipient: { kind: 'proxy', name: `妻 ${typedNumbers[0]}` } });
    // every spelling, in each kind of typed text
    const spelledTyped = SPELLINGS.map(([, spell], i) => {
      const n = withCheckDigit(`5554${String(i).padStart(7, '0')}`);
      typedNumbers.push(n);
      return spell(n);
    });
    for (const [i, t] of spelledTyped.entries()) {
      await run('recordNotOnList', { shipmentId, windowText: `山本 ${t}`, note: `メモ ${t} 確認` });
      await run('createBatch', { kind: 'other', note: `袋 ${t}` });
      const [, number, branch] = kyokai[7 + i]!.split(',');
      await run('scan', { code: `01010101 ${number} ${branch}`, recipient: { kind: 'proxy', name: `父 ${t}` } });
    }

    const stored = ['discrepancies', 'events', 'return_batches']
      .flatMap((t) => ctx.db.prepare(`SELECT * FROM ${t}`).all() as Record<string, unknown>[])
      .map((r) => JSON.stringify(r))
      .join('\n');
    const flat = stored.normalize('NFKC').replace(ANY_SEPARATOR, '');
    for (const n of typedNumbers) {
      const digits = n.normalize('NFKC').replace(ANY_SEPARATOR, '');
      expect(flat, n).not.toContain(digits);
    }
    expect(typedNumbers.length).toBe(4 + SPELLINGS.length);
    expect(stored).toContain('父 ************');
    // What is not a My Number stays as typed.
    expect(stored).toContain('山本 太郎 ************');
    expect(stored).toContain('妻 ************');
    ctx.db.close();
  });

  it('not in anything handed to the renderer or printed by the CLI', () => {
    expect(results.length).toBeGreaterThan(15);
    expect(results.flatMap((r) => leaks(`result of ${r.name}`, Buffer.from(r.json)))).toEqual([]);
    expect(leaks('CLI output', Buffer.from(cliOutput.join('\n')))).toEqual([]);
  });
});
