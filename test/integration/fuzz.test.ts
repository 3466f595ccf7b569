/**
 * Fuzzing the importer with mutated copies of the real lists (issue #7): truncated, bit-flipped, overwritten,
 * a cell of several MB, zip bombs (lying and honest), a deeply nested zip, deeply nested XML, wrong file
 * extensions, empty files. Every case goes through the real service path (previewImport, then commitImport
 * when the preview is importable) on a temporary database that already holds a list, and must end in either
 * a valid preview or an ImportError/UserError with a Japanese message — never a raw TypeError, never a crash
 * or a hang — and a failure must leave every table's row count as it was.
 *
 * The cases run in a worker thread: a synchronous endless loop cannot be stopped from inside a test, but a
 * worker can be terminated, so a hang fails its case after CASE_LIMIT_MS instead of freezing the test run.
 * The mutations come from a seeded generator (FUZZ_SEED=… to try another seed; the seed is in the test name).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { constants as zc, deflateRawSync } from 'node:zlib';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixture, repoRoot } from '../fixtures';
import { zip, type ZipPart } from '../zipWriter';
import { openDatabase } from '../../electron/services/db/open';

const SEED = Number(process.env.FUZZ_SEED ?? 20_240_807);
const CASE_LIMIT_MS = 20_000;

// --- seeded randomness (mulberry32) -------------------------------------------------------------------
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n) };
}

// --- the worker that runs the service -----------------------------------------------------------------
interface Case {
  name: string;
  fileName: string;
  bytes: Uint8Array;
  /** When the right answer is known: the clerk must be told this, not something merely Japanese. */
  expectError?: RegExp;
}

const TOO_LARGE = /ファイルの中身が大きすぎて読めません/;
interface Outcome {
  name: string;
  ms: number;
  before: Record<string, number>;
  after: Record<string, number>;
  preview?: { missingFields: number; members: number; envelopes: number; totalDataRows: number; problems: number };
  committed?: { members: number; envelopes: number } | null;
  error?: { name: string; message: string; userError: boolean; stack: string };
}

const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const req = require('node:module').createRequire(workerData.root + '/package.json');
req('tsx/cjs/api').register();
const { openDatabase } = req('./electron/services/db/open.ts');
const { createContext } = req('./electron/services/context.ts');
const { previewImport, commitImport, importFile } = req('./electron/services/lists/importList.ts');
const { isUserError } = req('./electron/services/errors.ts');
const db = openDatabase(workerData.dbFile);
const ctx = createContext(db);
const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all();
const counts = () => Object.fromEntries(tables.map((t) => [t, db.prepare('SELECT COUNT(*) FROM "' + t + '"').pluck().get()]));
// A list is there already: a failed import must not touch it.
importFile(ctx, workerData.baseline, 'baseline.csv', { insurerName: '既存健保', unit: 'person' });
let n = 0;
parentPort.on('message', (c) => {
  const before = counts();
  const t0 = performance.now();
  const out = { name: c.name, before };
  try {
    // Each case under its own insurer, so that an importable mutation really is stored.
    const p = previewImport(ctx, { fileName: c.fileName, bytes: c.bytes, insurerName: '試験保険者' + ++n });
    out.preview = { missingFields: p.missingFields.length, members: p.counts.members, envelopes: p.counts.envelopes, totalDataRows: p.totalDataRows, problems: p.problems.length };
    out.committed = null;
    if (p.missingFields.length === 0 && p.counts.members > 0) {
      const s = commitImport(ctx, { previewId: p.previewId, insurerName: p.insurerName, insurerNumber: null, unit: p.unit, receivedOn: null, boxCount: null });
      out.committed = { members: s.counts.members, envelopes: s.counts.envelopes };
    }
  } catch (e) {
    out.error = { name: e && e.name, message: String(e && e.message), userError: isUserError(e), stack: String(e && e.stack).slice(0, 2000) };
  }
  out.ms = performance.now() - t0;
  out.after = counts();
  parentPort.postMessage(out);
});
parentPort.postMessage('ready');
`;

let dir: string;
let worker: Worker | null = null;

function startWorker(): Promise<void> {
  const baseline = new Uint8Array(Buffer.from('\ufeff記号,番号,枝番,被保険者氏名,対象者氏名\n9,1,00,既存 一郎,既存 一郎\n9,2,00,既存 花子,既存 花子\n', 'utf8'));
  worker = new Worker(WORKER_CODE, {
    eval: true,
    workerData: { root: repoRoot, dbFile: path.join(dir, 'fuzz.sqlite3'), baseline },
    // A runaway parse fails its case (ERR_WORKER_OUT_OF_MEMORY) instead of taking the test process down.
    resourceLimits: { maxOldGenerationSizeMb: 3072 },
    stderr: true, // the service's own diagnostics are not the test's output
  });
  worker.stderr.resume();
  return new Promise((resolve, reject) => {
    worker!.once('message', () => resolve());
    worker!.once('error', reject);
  });
}

/** Runs one case in the worker; a hang or a crash of the worker is reported as such. */
async function run(c: Case): Promise<Outcome> {
  if (!worker) await startWorker();
  const w = worker!;
  return new Promise<Outcome>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      worker = null;
      void w.terminate();
      reject(new Error(`${c.name}: no answer within ${CASE_LIMIT_MS} ms (a hang)`));
    }, CASE_LIMIT_MS);
    const onMessage = (o: Outcome) => {
      cleanup();
      resolve(o);
    };
    const onError = (e: Error) => {
      cleanup();
      worker = null;
      reject(new Error(`${c.name}: the import crashed: ${e.message}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      w.off('message', onMessage);
      w.off('error', onError);
    };
    w.on('message', onMessage);
    w.on('error', onError);
    w.postMessage(c);
  });
}

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
const tally = new Map<string, { cases: number; previews: number; committed: number; refused: number; slowestMs: number }>();

/** The contract every case must keep. */
function check(kind: string, o: Outcome): void {
  const t = tally.get(kind) ?? { cases: 0, previews: 0, committed: 0, refused: 0, slowestMs: 0 };
  tally.set(kind, t);
  t.cases++;
  t.slowestMs = Math.max(t.slowestMs, Math.round(o.ms));
  const label = `${o.name}: ${o.error ? `${o.error.name}: ${o.error.message}\n${o.error.stack}` : JSON.stringify(o.preview)}`;
  if (o.error) {
    t.refused++;
    expect(o.error.userError, label).toBe(true);
    expect(o.error.name, label).toMatch(/^(ImportError|UserError)$/);
    expect(o.error.message, label).toMatch(JAPANESE);
    expect(o.error.message, label).not.toMatch(/TypeError|RangeError|undefined|null|\bat \w+ \(|\.ts:\d+/);
    expect(o.after, `${label}\nnothing may be stored by a failed import`).toEqual(o.before);
    return;
  }
  t.previews++;
  const p = o.preview!;
  for (const v of Object.values(p)) expect(Number.isInteger(v) && v >= 0, label).toBe(true);
  if (o.committed) {
    t.committed++;
    expect(o.after.members! - o.before.members!, label).toBe(o.committed.members);
    expect(o.after.envelopes! - o.before.envelopes!, label).toBe(o.committed.envelopes);
    expect(o.committed.members, label).toBe(p.members);
  } else {
    expect(o.after, `${label}\na preview alone stores nothing`).toEqual(o.before);
  }
}

// --- the originals ------------------------------------------------------------------------------------
const ORIGINALS = [
  { name: 'kenpo-household.xlsx', fileName: 'kenpo-household.xlsx' },
  { name: 'kyokai-person.csv', fileName: 'kyokai-person.csv' },
  { name: 'kyokai-person-sjis.csv', fileName: 'kyokai-person-sjis.csv' },
  { name: 'roster.csv', fileName: 'roster.csv' },
  { name: 'bad/truncated.xlsx', fileName: 'truncated.xlsx' },
  { name: 'bad/garbage.xlsx', fileName: 'garbage.xlsx' },
  { name: 'bad/mynumber-column.csv', fileName: 'mynumber-column.csv' },
].map((o) => ({ ...o, bytes: readFixture(o.name) }));

/**
 * A raw deflate stream of head + body×times + tail without building the whole text: the body is deflated
 * once as a non-final block and repeated, which is how a zip bomb gets its ratio.
 */
function repeatedDeflate(head: string, body: string, times: number, tail: string): { deflated: Buffer; size: number } {
  const flush = { finishFlush: zc.Z_SYNC_FLUSH };
  const b = deflateRawSync(Buffer.from(body), flush);
  const deflated = Buffer.concat([
    deflateRawSync(Buffer.from(head), flush),
    ...Array.from({ length: times }, () => b),
    deflateRawSync(Buffer.from(tail)), // final block
  ]);
  return { deflated, size: Buffer.byteLength(head) + Buffer.byteLength(body) * times + Buffer.byteLength(tail) };
}

/** The parts of the xlsx fixture, to rebuild it with one part replaced. */
function xlsxParts(): ZipPart[] {
  // SheetJS types its container library loosely; these are the fields used.
  const cfb = XLSX.CFB.read(readFixture('kenpo-household.xlsx'), { type: 'array' }) as {
    FileIndex: { type: number; name: string; content?: ArrayLike<number> }[];
    FullPaths: string[];
  };
  return cfb.FileIndex.map((e, i) => ({ e, path: cfb.FullPaths[i]! }))
    .filter(({ e }) => e.type === 2 && e.content && e.name !== 'Sh33tJ5')
    .map(({ e, path: p }) => ({ name: p.replace(/^Root Entry\//, ''), data: new Uint8Array(e.content!) }));
}

function sheetXml(): { head: string; rows: string; tail: string } {
  const part = xlsxParts().find((p) => p.name === 'xl/worksheets/sheet1.xml')!;
  const xml = Buffer.from(part.data!).toString('utf8');
  const cut = xml.indexOf('<row r="6"');
  const end = xml.indexOf('</sheetData>');
  return { head: xml.slice(0, cut), rows: xml.slice(cut, end), tail: xml.slice(end) };
}

function withSheet(sheet: ZipPart): Uint8Array {
  return zip(xlsxParts().map((p) => (p.name === 'xl/worksheets/sheet1.xml' ? { ...sheet, name: p.name } : p)));
}

// --- the cases ----------------------------------------------------------------------------------------
function truncations(perFile: number): Case[] {
  const r = rng(SEED + 1);
  return ORIGINALS.flatMap((o) =>
    Array.from({ length: perFile }, (_, k) => {
      const at = k === 0 ? 1 : 1 + r.int(o.bytes.length - 1);
      return { name: `${o.name} cut at ${at}/${o.bytes.length}`, fileName: o.fileName, bytes: o.bytes.slice(0, at) };
    }),
  );
}

function bitFlips(perFile: number): Case[] {
  const r = rng(SEED + 2);
  return ORIGINALS.flatMap((o) =>
    Array.from({ length: perFile }, () => {
      const bytes = o.bytes.slice();
      const flips = 1 + r.int(k3(r.next()));
      const where: number[] = [];
      for (let i = 0; i < flips; i++) {
        const at = r.int(bytes.length);
        bytes[at]! ^= 1 << r.int(8);
        where.push(at);
      }
      return { name: `${o.name} with ${flips} bit(s) flipped at ${where.slice(0, 6).join(',')}${flips > 6 ? ',…' : ''}`, fileName: o.fileName, bytes };
    }),
  );
}
/** Mostly a few flips, sometimes many. */
const k3 = (x: number) => (x < 0.6 ? 3 : x < 0.9 ? 32 : 512);

function overwrites(perFile: number): Case[] {
  const r = rng(SEED + 3);
  return ORIGINALS.flatMap((o) =>
    Array.from({ length: perFile }, () => {
      const bytes = o.bytes.slice();
      const len = 1 + r.int(256);
      const at = r.int(bytes.length);
      const fill = [0x00, 0xff, 0x22, 0x0a, 0x2c, -1][r.int(6)]!;
      for (let i = at; i < Math.min(bytes.length, at + len); i++) bytes[i] = fill < 0 ? r.int(256) : fill;
      return { name: `${o.name} with ${len} bytes of ${fill < 0 ? 'noise' : `0x${fill.toString(16)}`} at ${at}`, fileName: o.fileName, bytes };
    }),
  );
}

const MB = 1024 * 1024;
const csvText = (o: string) => Buffer.from(readFixture(o)).toString('utf8');

function hugeCells(): Case[] {
  const csv = csvText('kyokai-person.csv');
  const lines = csv.split('\n');
  const big = (n: number, ch = '髙') => ch.repeat(n);
  const quoted = `"${'a,"",\n'.repeat(MB / 6)}"`;
  const { head, rows, tail } = sheetXml();
  const hugeShared = `<row r="6"><c r="A6"><v>1</v></c><c r="D6" t="str"><v>1234</v></c><c r="E6" t="str"><v>1</v></c><c r="H6" t="str"><v>${'名'.repeat(2 * MB)}</v></c></row>`;
  return [
    { name: 'csv: a 氏名 of 2M characters (6 MB)', fileName: 'big-name.csv', bytes: utf8([lines[0], lines[1]!.replace('髙橋 大輔', big(2 * MB)), ...lines.slice(2)].join('\n')) },
    { name: 'csv: a 番号 of 2 MB digits', fileName: 'big-number.csv', bytes: utf8([lines[0], lines[1]!.replace('0000001', '1'.repeat(2 * MB)), ...lines.slice(2)].join('\n')) },
    { name: 'csv: a quoted cell of 1 MB full of commas, quotes and line breaks', fileName: 'big-quoted.csv', bytes: utf8([lines[0], `01010101,0000001,00,${quoted},a,a,本人,男,1992-10-18,1002`, ...lines.slice(2)].join('\n')) },
    { name: 'csv: one line of 3 MB without a separator', fileName: 'one-line.csv', bytes: utf8('x'.repeat(3 * MB)) },
    { name: 'csv: 200,000 columns', fileName: 'wide.csv', bytes: utf8(`${lines[0]}${',x'.repeat(200_000)}\n${lines.slice(1).join('\n')}`) },
    { name: 'xlsx: a cell of 2M characters (6 MB)', fileName: 'big-cell.xlsx', bytes: withSheet({ name: '', data: Buffer.from(head + hugeShared + rows.replace(/<row r="6".*?<\/row>/, '') + tail) }) },
  ];
}

function zipBombs(): Case[] {
  const { head, rows, tail } = sheetXml();
  const row = rows.slice(0, rows.indexOf('</row>') + 6).replace(/ r="[A-Z]*\d+"/g, ''); // rows without numbers repeat fine
  const nested = (depth: number) => {
    let inner: Uint8Array = utf8('記号,番号,枝番,対象者氏名\n1,1,00,山田\n');
    let name = 'list.csv';
    for (let i = 0; i < depth; i++) {
      inner = zip([{ name, data: inner }]);
      name = `list${i}.zip`;
    }
    return inner;
  };
  const contentTypes = xlsxParts().find((p) => p.name === '[Content_Types].xml')!;
  return [
    {
      name: 'xlsx bomb: sheet part inflating to 1 GB, sizes declared honestly',
      fileName: 'bomb-honest.xlsx',
      expectError: TOO_LARGE,
      bytes: withSheet({ name: '', ...repeatedDeflate(head, ' '.repeat(MB), 1024, tail) }),
    },
    {
      name: 'xlsx bomb: sheet part inflating to 1 GB, declaring 1 KB',
      fileName: 'bomb-lying.xlsx',
      expectError: TOO_LARGE,
      bytes: withSheet({ name: '', deflated: repeatedDeflate(head, ' '.repeat(MB), 1024, tail).deflated, size: 1024 }),
    },
    {
      name: 'xlsx bomb: 700 MB of whitespace in the sheet (under the unzip limit)',
      fileName: 'bomb-700.xlsx',
      expectError: TOO_LARGE,
      bytes: withSheet({ name: '', ...repeatedDeflate(head, ' '.repeat(MB), 700, tail) }),
    },
    {
      name: 'xlsx bomb: 2,000,000 list rows (300 MB) in 1 MB',
      fileName: 'bomb-rows.xlsx',
      expectError: TOO_LARGE,
      bytes: withSheet({ name: '', ...repeatedDeflate(head, row.repeat(1000), 2000, tail) }),
    },
    {
      name: 'xlsx: 100,000 nested XML elements in the sheet',
      fileName: 'deep-xml.xlsx',
      bytes: withSheet({ name: '', data: Buffer.from(head.replace('<sheetData>', `<sheetData>${'<row><c><is>'.repeat(100_000)}${'</is></c></row>'.repeat(100_000)}`) + rows + tail) }),
    },
    {
      name: 'xlsx: 20,000 parts',
      fileName: 'many-parts.xlsx',
      bytes: zip([...xlsxParts(), ...Array.from({ length: 20_000 }, (_, i) => ({ name: `xl/media/p${i}.bin`, data: new Uint8Array(1) }))]),
    },
    { name: 'zip nested 40 deep', fileName: 'nested.xlsx', bytes: nested(40) },
    {
      name: 'zip with [Content_Types].xml only',
      fileName: 'hollow.xlsx',
      bytes: zip([contentTypes]),
    },
  ];
}

function wrongNames(): Case[] {
  const by = (n: string) => ORIGINALS.find((o) => o.name === n)!.bytes;
  return [
    { name: 'kyokai-person.csv named .xlsx', fileName: 'list.xlsx', bytes: by('kyokai-person.csv') },
    { name: 'kyokai-person-sjis.csv named .xls', fileName: 'list.xls', bytes: by('kyokai-person-sjis.csv') },
    { name: 'kenpo-household.xlsx named .csv', fileName: 'list.csv', bytes: by('kenpo-household.xlsx') },
    { name: 'garbage.xlsx named .csv', fileName: 'list.csv', bytes: by('bad/garbage.xlsx') },
    { name: 'kenpo-household.xlsx named without extension', fileName: 'list', bytes: by('kenpo-household.xlsx') },
    { name: 'empty file named .xlsx', fileName: 'empty.xlsx', bytes: new Uint8Array(0) },
    { name: 'empty file named .csv', fileName: 'empty.csv', bytes: new Uint8Array(0) },
    { name: 'a BOM only', fileName: 'bom.csv', bytes: utf8('') },
    { name: 'one NUL byte', fileName: 'nul.csv', bytes: new Uint8Array(1) },
    { name: 'line breaks only', fileName: 'lines.csv', bytes: new Uint8Array(Buffer.from('\r\n'.repeat(100_000))) },
    { name: 'the zip signature only', fileName: 'sig.xlsx', bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04]) },
    { name: 'the OLE signature only', fileName: 'sig.xls', bytes: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) },
    { name: 'an HTML page named .xls', fileName: 'page.xls', bytes: utf8('<html><body><p>ログインしてください</p></body></html>') },
    { name: 'a PDF named .xlsx', fileName: 'list.xlsx', bytes: utf8('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n') },
  ];
}

function utf8(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(`\ufeff${s}`, 'utf8'));
}

// --- the tests ----------------------------------------------------------------------------------------
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubaru-fuzz-'));
  await startWorker();
}, 60_000);

afterAll(async () => {
  await worker?.terminate();
  fs.rmSync(dir, { recursive: true, force: true });
  const lines = [...tally].map(([k, t]) => `  ${k}: ${t.cases} cases, ${t.previews} previews (${t.committed} stored), ${t.refused} refused, slowest ${t.slowestMs} ms`);
  process.stdout.write(`fuzz (seed ${SEED}):\n${lines.join('\n')}\n`);
});

async function runAll(kind: string, cases: Case[]): Promise<void> {
  for (const c of cases) {
    const t0 = performance.now();
    const o = await run(c);
    if (process.env.FUZZ_VERBOSE) process.stdout.write(`${Math.round(o.ms)} ms in the service, ${Math.round(performance.now() - t0)} ms round trip: ${c.name} -> ${o.error ? o.error.message : JSON.stringify(o.preview)}\n`);
    check(kind, o);
    if (c.expectError) expect(o.error?.message, c.name).toMatch(c.expectError);
  }
}

describe(`importer fuzz (seed ${SEED})`, () => {
  it('holds each case to the contract: a raw TypeError, an English message or a half-stored failure fail it', () => {
    const base = { name: 'self-check', ms: 1, before: { members: 2 }, after: { members: 2 } };
    const err = (name: string, message: string, userError: boolean) => ({ ...base, error: { name, message, userError, stack: '' } });
    expect(() => check('self-check', err('TypeError', "Cannot read properties of undefined (reading 'v')", false))).toThrow();
    expect(() => check('self-check', err('ImportError', 'File is broken', true))).toThrow();
    expect(() => check('self-check', { ...err('ImportError', 'ファイルを読めません', true), after: { members: 3 } })).toThrow();
    expect(() => check('self-check', err('ImportError', 'ファイルを読めません', true))).not.toThrow();
    tally.delete('self-check');
  });

  it('the unmutated fixtures import as before', async () => {
    for (const o of ORIGINALS) {
      const out = await run({ name: o.name, fileName: o.fileName, bytes: o.bytes });
      check('originals', out);
      if (o.name === 'kenpo-household.xlsx') expect(out.committed).toEqual({ members: 94, envelopes: 48 });
      if (o.name === 'kyokai-person.csv') expect(out.committed).toEqual({ members: 152, envelopes: 152 });
      if (o.name.startsWith('bad/') && o.name.endsWith('.xlsx')) expect(out.error?.name).toBe('ImportError');
    }
  }, 60_000);

  it('truncated at random points', () => runAll('truncated', truncations(20)), 120_000);
  it('random bits flipped', () => runAll('bit flips', bitFlips(25)), 120_000);
  it('random runs of bytes overwritten', () => runAll('overwrites', overwrites(10)), 120_000);
  it('cells of several MB', () => runAll('huge cells', hugeCells()), 120_000);
  it('zip bombs, huge ratios, deep nesting, many parts', () => runAll('zip', zipBombs()), 180_000);
  it('wrong extensions and empty files', () => runAll('wrong names / empty', wrongNames()), 60_000);

  it('leaves a sound database behind, holding the list it had before', async () => {
    await worker?.terminate();
    worker = null;
    const db = openDatabase(path.join(dir, 'fuzz.sqlite3'));
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.prepare(`SELECT COUNT(*) FROM members m JOIN insurers i ON i.id = m.insurer_id WHERE i.name = '既存健保'`).pluck().get()).toBe(2);
    } finally {
      db.close();
    }
  });
});
