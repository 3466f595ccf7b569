import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../electron/services/db/open';
import { createContext, type ServiceContext } from '../../electron/services/context';
import { importFile } from '../../electron/services/lists/importList';
import { saveSettings } from '../../electron/services/settings';
import { handOverEnvelopes, scan } from '../../electron/services/handover/scan';
import { flagEnvelopes, holdEnvelopes } from '../../electron/services/returns/flags';
import { addToBatch, createBatch, markBatchSent } from '../../electron/services/returns/batches';
import { boxCheckScan, finishBoxCheck, recordNotOnList } from '../../electron/services/lists/boxCheck';
import { getStatus } from '../../electron/services/status';
import { UserError } from '../../electron/services/errors';
import { collectReport, collectReportSummary } from '../../electron/services/report/collect';
import { writeReport } from '../../electron/services/report/write';
import { exportCommand } from '../../electron/cli/export';
import { readFixture } from '../fixtures';
import { tempDir } from '../e2e/harness';

const HEADERS = [
  '保険者', '記号', '番号', '枝番', '被保険者氏名', '対象者', '続柄', '所属コード', '所属名',
  '状態', '日付', '理由', '受取', '担当者', '返送の袋', 'お問い合わせ番号', '受入チェック', '交付書類',
];
const KENPO = 'サンプル電機健康保険組合';

// Noon UTC is the same calendar day in Japan (21:00) and wherever the tests run.
const day = (iso: string) => Date.parse(`${iso}T12:00:00Z`);

interface Desk {
  ctx: ServiceContext;
  dir: string;
  setClock: (iso: string) => void;
}

function desk(company = 'サンプル電機'): Desk {
  const dir = tempDir();
  let clock = day('2024-08-01');
  const ctx = createContext(openDatabase(path.join(dir, 'k.sqlite3')), () => new Date(clock));
  saveSettings(ctx, { companyName: company, operatorName: '山田' });
  return { ctx, dir, setClock: (iso) => (clock = day(iso)) };
}

const envelopeOf = (ctx: ServiceContext, number: string) =>
  ctx.db.prepare('SELECT id FROM envelopes WHERE number = ?').pluck().get(number) as number;

/** A season's work on two lists: hand-overs (one by proxy), a return in a レターパック, a hold, a box check. */
function seasonDone(): Desk {
  const d = desk();
  const { ctx } = d;
  const kenpo = importFile(ctx, readFixture('kenpo-household.xlsx'), 'kenpo-household.xlsx', {}).shipmentId!;
  importFile(ctx, readFixture('kyokai-person.csv'), 'kyokai-person.csv', {});

  d.setClock('2024-08-05');
  for (const e of ctx.db.prepare('SELECT number FROM envelopes WHERE shipment_id = ? ORDER BY id').pluck().all(kenpo) as string[]) {
    if (e !== '12345610') boxCheckScan(ctx, kenpo, `1234 ${e}`);
  }
  recordNotOnList(ctx, kenpo, '1234 12399999 山田 一郎', '2箱目');
  finishBoxCheck(ctx, kenpo);

  d.setClock('2024-08-07');
  expect(scan(ctx, '1234 12345601').result).toBe('handed_over');
  handOverEnvelopes(ctx, [envelopeOf(ctx, '12345602')], { recipient: { kind: 'proxy', name: '髙橋 一郎' } });
  expect(scan(ctx, '01010101 0000001').result).toBe('handed_over');

  d.setClock('2024-08-09');
  holdEnvelopes(ctx, { envelopeIds: [envelopeOf(ctx, '12345605')], reason: '海外赴任', expectedOn: '2025-03-31', note: 'シンガポール' });

  d.setClock('2024-08-15');
  flagEnvelopes(ctx, { envelopeIds: [envelopeOf(ctx, '12345603')], reason: '退職', date: '2024-08-15' });
  flagEnvelopes(ctx, { envelopeIds: [envelopeOf(ctx, '12345614')], reason: '扶養削除' });
  // 12345678901 mod 7 = 3: a tracking number whose check digit is right.
  const batch = createBatch(ctx, { kind: 'letterpack', trackingNumber: '1234-5678-9013', insurerName: KENPO });
  addToBatch(ctx, { batchId: batch.id, envelopeIds: [envelopeOf(ctx, '12345603')] });
  d.setClock('2024-08-20');
  markBatchSent(ctx, { batchId: batch.id, sentOn: '2024-08-20' });

  d.setClock('2024-08-21');
  return d;
}

function readBack(file: string): XLSX.WorkBook {
  return XLSX.read(fs.readFileSync(file), { type: 'buffer', cellFormula: true, cellStyles: true });
}

function table(wb: XLSX.WorkBook, sheet: string): (string | number)[][] {
  return XLSX.utils.sheet_to_json<(string | number)[]>(wb.Sheets[sheet]!, { header: 1, defval: '', blankrows: true });
}

/** 概要: column A's label → the rest of its row (labels repeat for several insurers). */
function labelled(wb: XLSX.WorkBook): Map<string, (string | number)[][]> {
  const m = new Map<string, (string | number)[][]>();
  for (const [label, ...rest] of table(wb, '概要')) {
    if (typeof label !== 'string' || label === '') continue;
    m.set(label, [...(m.get(label) ?? []), rest]);
  }
  return m;
}

function rowOf(wb: XLSX.WorkBook, number: string): Record<string, string | number> {
  const [header, ...rows] = table(wb, '封筒一覧');
  const row = rows.find((r) => r[2] === number);
  if (!row) throw new Error(`no row for ${number}`);
  return Object.fromEntries(header!.map((h, i) => [String(h), row[i]!]));
}

function everyCell(wb: XLSX.WorkBook): XLSX.CellObject[] {
  return wb.SheetNames.flatMap((name) => {
    const ws = wb.Sheets[name]!;
    return Object.keys(ws)
      .filter((k) => !k.startsWith('!'))
      .map((k) => ws[k] as XLSX.CellObject);
  });
}

afterEach(() => vi.restoreAllMocks());

describe('完了報告 xlsx', () => {
  it('概要 says who, when, and how many envelopes are in each state, as the app counts them', async () => {
    const { ctx, dir } = seasonDone();
    const file = path.join(dir, '完了報告.xlsx');
    expect(await writeReport(ctx, file, { era: 'seireki' })).toEqual({ path: file, rows: 48 + 152 });

    const wb = readBack(file);
    expect(wb.SheetNames).toEqual(['概要', '封筒一覧', 'リストに無い封筒']);
    const s = labelled(wb);
    expect(table(wb, '概要')[0]![0]).toBe('「資格情報のお知らせ」配付完了報告');
    expect(s.get('事業所名')).toEqual([['サンプル電機', '', '', '', '']]);
    expect(s.get('作成日')![0]![0]).toBe('2024/08/21');
    expect(s.get('保険者')!.map((r) => r[0])).toEqual([KENPO, '協会けんぽ']);
    expect(s.get('保険者番号')![0]![0]).toBe('06139999');

    const status = getStatus(ctx);
    expect(status.envelopes).toMatchObject({ handed_over: 3, returned: 1, to_return: 1, on_hold: 1 });
    for (const [label, key] of [['未配付', 'pending'], ['配付済', 'handed_over'], ['返送対象', 'to_return'], ['返送済', 'returned'], ['保留', 'on_hold'], ['合計', 'total']] as const) {
      expect(s.get(label)![0]![0], label).toBe(status.envelopes[key]);
    }
    expect(s.get('封筒数')![0]![0]).toBe(200);
    expect(s.get('対象者数')![0]![0]).toBe(status.members);
    expect(s.get('箱に無い（リストにあり、届かなかった封筒）')![0]![0]).toBe(1);
    expect(s.get('リストに無い（届いたが、リストに無い封筒）')![0]!.slice(0, 2)).toEqual([1, '「リストに無い封筒」シート参照']);
    expect(s.get('kenpo-household.xlsx')).toEqual([[KENPO, '', '', 48, 94]]);
    expect(s.get('kyokai-person.csv')).toEqual([['協会けんぽ', '', '', 152, 152]]);
    expect(s.get('No.1')).toEqual([['レターパック', '1234-5678-9013', '2024/08/20', 1, '']]);

    expect(table(wb, 'リストに無い封筒')).toEqual([
      ['保険者', 'リスト（ファイル名）', '窓に見える内容', 'メモ', '記録日', '記録者'],
      [KENPO, 'kenpo-household.xlsx', '1234 12399999 山田 一郎', '2箱目', '2024/08/05', '山田'],
    ]);
  });

  it('封筒一覧 shows each envelope’s state, date, reason, recipient and return, cell by cell', async () => {
    const { ctx, dir } = seasonDone();
    const file = path.join(dir, 'r.xlsx');
    await writeReport(ctx, file, { era: 'seireki' });
    const wb = readBack(file);
    const rows = table(wb, '封筒一覧');
    expect(rows[0]).toEqual(HEADERS);
    expect(rows).toHaveLength(1 + 200);
    // 保険者, then 記号・番号 order: the list the insurer sent, in the order it was packed.
    expect(rows.slice(1, 4).map((r) => r[2])).toEqual(['12345600', '12345601', '12345602']);
    expect(rows[49]!.slice(0, 4)).toEqual(['協会けんぽ', '01010101', '0000001', '00']);

    expect(rowOf(wb, '12345601')).toEqual({
      保険者: KENPO, 記号: '1234', 番号: '12345601', 枝番: '', 被保険者氏名: '松本　太郎',
      対象者: '松本　太郎・松本　さくら・松本　芽依・松本　結菜', 続柄: '本人・妻・子・子',
      所属コード: '1001', 所属名: '本社 総務部', 状態: '配付済', 日付: '2024/08/07', 理由: '',
      受取: '本人', 担当者: '山田', 返送の袋: '', お問い合わせ番号: '', 受入チェック: '', 交付書類: '',
    });
    expect(rowOf(wb, '12345602')).toMatchObject({ 状態: '配付済', 日付: '2024/08/07', 受取: '代理（髙橋 一郎）' });
    expect(rowOf(wb, '12345603')).toMatchObject({
      状態: '返送済', 日付: '2024/08/20', 理由: '退職（2024/08/15）', 返送の袋: 'No.1 レターパック', お問い合わせ番号: '1234-5678-9013', 受取: '',
    });
    expect(rowOf(wb, '12345614')).toMatchObject({ 状態: '返送対象', 日付: '2024/08/15', 理由: '扶養削除', 返送の袋: '', お問い合わせ番号: '' });
    expect(rowOf(wb, '12345605')).toMatchObject({ 状態: '保留', 日付: '2024/08/09', 理由: '海外赴任（2025/03/31まで） シンガポール' });
    expect(rowOf(wb, '12345610')).toMatchObject({ 状態: '未配付', 日付: '', 担当者: '', 受入チェック: '箱に無い' });
    expect(rowOf(wb, '0000001')).toMatchObject({ 記号: '01010101', 枝番: '00', 状態: '配付済', 受取: '本人', 続柄: '本人' });

    // Leading zeros survive because the cells are text, not numbers Excel could reformat.
    const ws = wb.Sheets['封筒一覧']!;
    expect([ws['B50'], ws['C50'], ws['D50']].map((c) => [c?.t, c?.v])).toEqual([['s', '01010101'], ['s', '0000001'], ['s', '00']]);
    expect(ws['!cols']?.[5]?.wch).toBeGreaterThan(20); // 対象者 wide enough for a family
    expect(ws['!autofilter']?.ref).toBe('A1:R201');
    expect(everyCell(wb).filter((c) => c.f !== undefined)).toEqual([]);
  });

  it('和暦: the same dates written as 令和, in cells and inside reasons', async () => {
    const { ctx, dir } = seasonDone();
    const file = path.join(dir, 'wareki.xlsx');
    await writeReport(ctx, file, { era: 'wareki' });
    const wb = readBack(file);
    expect(labelled(wb).get('作成日')![0]![0]).toBe('令和6年8月21日');
    expect(labelled(wb).get('No.1')![0]![2]).toBe('令和6年8月20日');
    expect(rowOf(wb, '12345601')).toMatchObject({ 日付: '令和6年8月7日' });
    expect(rowOf(wb, '12345603')).toMatchObject({ 日付: '令和6年8月20日', 理由: '退職（令和6年8月15日）' });
    expect(rowOf(wb, '12345605')).toMatchObject({ 日付: '令和6年8月9日', 理由: '海外赴任（令和7年3月31日まで） シンガポール' });
  });

  it('one insurer’s report holds only its envelopes, batches and box check', async () => {
    const { ctx } = seasonDone();
    const kyokai = ctx.db.prepare(`SELECT id FROM insurers WHERE name = '協会けんぽ'`).pluck().get() as number;
    const r = collectReport(ctx, { era: 'seireki', insurerId: kyokai });
    expect(r.rows).toHaveLength(152);
    expect(r.summary.insurers).toEqual([{ name: '協会けんぽ', insurerNumber: null }]);
    expect(r.summary.counts).toEqual({ total: 152, pending: 151, handed_over: 1, to_return: 0, returned: 0, on_hold: 0, direct: 0 });
    expect(r.summary).toMatchObject({ members: 152, missingFromBox: 0, notOnList: 0, returnBatches: [] });
    expect(r.notOnList).toEqual([]);
    expect(() => collectReport(ctx, { era: 'seireki', insurerId: 999 })).toThrow(UserError);
    // The printed 概要 comes from the summary alone: the same figures as the file's.
    expect(collectReportSummary(ctx, { era: 'wareki', insurerId: kyokai })).toEqual(collectReport(ctx, { era: 'wareki', insurerId: kyokai }).summary);
    expect(collectReportSummary(ctx, { era: 'seireki' })).toEqual(collectReport(ctx, { era: 'seireki' }).summary);
  });

  it('an undone release puts the hold back with its reason, not as a blank undo', async () => {
    const { ctx } = seasonDone();
    const { releaseEnvelopes } = await import('../../electron/services/returns/flags');
    const { undoAction } = await import('../../electron/services/handover/undo');
    const released = releaseEnvelopes(ctx, { envelopeIds: [envelopeOf(ctx, '12345605')] });
    undoAction(ctx, released.actionUid);
    const row = collectReport(ctx, { era: 'seireki' }).rows.find((r) => r.number === '12345605')!;
    expect(row).toMatchObject({ status: '保留', statusDate: '2024/08/09', reason: '海外赴任（2025/03/31まで） シンガポール' });
  });
});

describe('formula injection', () => {
  function injected() {
    const d = desk('=HYPERLINK("http://example.invalid","会社")');
    importFile(d.ctx, readFixture('bad/formula-injection.csv'), 'formula-injection.csv', {});
    return d;
  }

  it('xlsx: no cell is a formula; the insurer reads the literal text, leading zeros kept', async () => {
    const { ctx, dir } = injected();
    const file = path.join(dir, 'r.xlsx');
    await writeReport(ctx, file, { era: 'seireki' });
    const wb = readBack(file);
    const cells = everyCell(wb);
    expect(cells.length).toBeGreaterThan(30);
    expect(cells.filter((c) => c.f !== undefined)).toEqual([]);
    expect(rowOf(wb, '0000999')).toMatchObject({
      記号: '01010101',
      枝番: '00',
      被保険者氏名: '=HYPERLINK("http://example.invalid","x")',
      対象者: '=1+2',
      所属コード: '@SUM(A1)',
    });
    expect(labelled(wb).get('事業所名')![0]![0]).toBe('=HYPERLINK("http://example.invalid","会社")');
    // The file itself has no formula element, whatever a reader makes of it.
    const zip = XLSX.CFB.read(fs.readFileSync(file), { type: 'buffer' });
    const sheets = (zip.FileIndex as { name: string; content: Uint8Array }[]).filter((f) => /^sheet\d+\.xml$/.test(f.name));
    expect(sheets).toHaveLength(3);
    for (const s of sheets) expect(Buffer.from(s.content).toString('utf8')).not.toMatch(/<f[ >]/);
  });

  it('CSV: UTF-8 with BOM, CRLF, every field quoted, formula-looking cells start with \'', async () => {
    const { ctx, dir } = injected();
    const file = path.join(dir, 'r.csv');
    expect((await writeReport(ctx, file, { era: 'seireki' })).rows).toBe(1);
    const bytes = fs.readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text.endsWith('\r\n')).toBe(true);
    const lines = text.split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(HEADERS.map((h) => `"${h}"`).join(','));
    expect(lines[1]).toBe(
      [
        '協会けんぽ', '01010101', '0000999', '00', `'=HYPERLINK(""http://example.invalid"",""x"")`, "'=1+2", '本人', "'@SUM(A1)", '',
        '未配付', '', '', '', '', '', '', '', '',
      ]
        .map((v) => `"${v}"`)
        .join(','),
    );
  });
});

describe('where the report is written', () => {
  const filesIn = (dir: string) => fs.readdirSync(dir).sort();

  it('a missing folder, a folder in the way, or a file as folder: a clear error and nothing written', async () => {
    const { ctx, dir } = seasonDone();
    const missing = path.join(dir, 'no-such-folder', 'r.xlsx');
    await expect(writeReport(ctx, missing, { era: 'seireki' })).rejects.toThrow(UserError);
    await expect(writeReport(ctx, missing, { era: 'seireki' })).rejects.toThrow(`保存先のフォルダがありません: ${path.join(dir, 'no-such-folder')}`);
    expect(fs.existsSync(path.join(dir, 'no-such-folder'))).toBe(false);

    const folder = path.join(dir, 'report.xlsx');
    fs.mkdirSync(folder);
    await expect(writeReport(ctx, folder, { era: 'seireki' })).rejects.toThrow(/同じ名前のフォルダがあるため保存できません.*report\.xlsx/);
    expect(fs.readdirSync(folder)).toEqual([]);

    await expect(writeReport(ctx, path.join(dir, 'k.sqlite3', 'r.xlsx'), { era: 'seireki' })).rejects.toThrow(/保存先のフォルダがありません/);
    await expect(writeReport(ctx, path.join(dir, 'r.pdf'), { era: 'seireki' })).rejects.toThrow(/\.xlsx か \.csv/);
    await expect(writeReport(ctx, path.join(dir, 'r.xlsx'), { era: 'seireki', format: 'csv' })).rejects.toThrow(/拡張子/);
    expect(filesIn(dir).filter((f) => !f.startsWith('k.sqlite3'))).toEqual(['report.xlsx']);
  });

  it('a write that fails half-way leaves the previous report as it was and no temp file', async () => {
    const { ctx, dir } = seasonDone();
    const file = path.join(dir, 'r.xlsx');
    await writeReport(ctx, file, { era: 'seireki' });
    const before = fs.readFileSync(file);

    handOverEnvelopes(ctx, [envelopeOf(ctx, '12345600')]);
    const realWrite = fs.writeSync;
    vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, buf: Uint8Array, off?: number) => {
      realWrite(fd, buf, off ?? 0, 1000); // some bytes reach the disk, then it is full
      throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
    }) as unknown as typeof fs.writeSync);
    await expect(writeReport(ctx, file, { era: 'seireki' })).rejects.toThrow(/ディスクの空きが足りない/);
    vi.restoreAllMocks();
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(filesIn(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    vi.spyOn(fs, 'renameSync').mockImplementation(() => {
      throw Object.assign(new Error('busy'), { code: 'EBUSY' });
    });
    await expect(writeReport(ctx, file, { era: 'seireki' })).rejects.toThrow(/Excelなどで開いて/);
    vi.restoreAllMocks();
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(filesIn(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    // And when nothing fails, the new report replaces the old one.
    await writeReport(ctx, file, { era: 'seireki' });
    expect(rowOf(readBack(file), '12345600')).toMatchObject({ 状態: '配付済' });
  });
});

describe('cli export report', () => {
  const run = (ctx: ServiceContext, positionals: string[], values: Record<string, string | boolean>) =>
    exportCommand.run(ctx, positionals, values);

  it('prints {ok, path, rows} and writes the same file as the app', async () => {
    const { ctx, dir } = seasonDone();
    const out = path.join(dir, 'cli.xlsx');
    const r = await run(ctx, ['report'], { out, json: true });
    expect(r.json).toEqual({ ok: true, path: out, rows: 200 });
    expect(r.text).toBe(`完了報告を書き出しました: ${out}（封筒 200通）`);
    expect(rowOf(readBack(out), '12345601')).toMatchObject({ 日付: '2024/08/07' });

    const csv = path.join(dir, 'cli.csv');
    expect((await run(ctx, ['report'], { out: csv, era: 'wareki', insurer: KENPO })).json).toEqual({ ok: true, path: csv, rows: 48 });
    expect(fs.readFileSync(csv, 'utf8')).toContain('"令和6年8月7日"');
  });

  it('usage mistakes are UserErrors the runner prints as {"ok": false}', async () => {
    const { ctx, dir } = desk();
    const out = path.join(dir, 'r.xlsx');
    await expect(run(ctx, [], { out })).rejects.toThrow(UserError);
    await expect(run(ctx, ['receipts'], { out })).rejects.toThrow(/不明な書き出しです: receipts/);
    await expect(run(ctx, ['report'], {})).rejects.toThrow(/--out/);
    await expect(run(ctx, ['report'], { out, era: 'showa' })).rejects.toThrow(/--era/);
    await expect(run(ctx, ['report'], { out, format: 'pdf' })).rejects.toThrow(/--format/);
    await expect(run(ctx, ['report'], { out, insurer: '架空健保' })).rejects.toThrow(/保険者が見つかりません: 架空健保/);
    await expect(run(ctx, ['report'], { out: path.join(dir, 'nope', 'r.xlsx') })).rejects.toThrow(/保存先のフォルダがありません/);
    expect(fs.readdirSync(dir).filter((f) => !f.startsWith('k.sqlite3'))).toEqual([]);
  });
});
