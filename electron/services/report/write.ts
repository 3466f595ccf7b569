/**
 * Writing the completion report: xlsx for the insurer (概要 + 封筒一覧 + リストに無い封筒), CSV for systems that
 * want one table. The file appears complete or not at all.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { ENVELOPE_STATUSES, STATUS_LABELS } from '../../../shared/domain';
import type { ReportData, ReportOptions, ReportRow } from '../../../shared/report';
import type { ServiceContext } from '../context';
import { UserError } from '../errors';
import { collectReport } from './collect';
import { recordReportExport } from '../campaign/finish';
import { writePrivateFile } from '../privateFile';

export const SUMMARY_SHEET = '概要';
export const ROWS_SHEET = '封筒一覧';
export const NOT_ON_LIST_SHEET = 'リストに無い封筒';

/** 封筒一覧's columns, in order: the xlsx sheet and the CSV share them. */
export const ROW_COLUMNS: readonly { key: keyof ReportRow; header: string; minWidth: number; maxWidth: number }[] = [
  { key: 'insurerName', header: '保険者', minWidth: 12, maxWidth: 36 },
  { key: 'symbol', header: '記号', minWidth: 6, maxWidth: 14 },
  { key: 'number', header: '番号', minWidth: 6, maxWidth: 14 },
  { key: 'branch', header: '枝番', minWidth: 5, maxWidth: 8 },
  { key: 'holderName', header: '被保険者氏名', minWidth: 14, maxWidth: 30 },
  { key: 'names', header: '対象者', minWidth: 14, maxWidth: 70 },
  { key: 'relations', header: '続柄', minWidth: 6, maxWidth: 24 },
  { key: 'deptCode', header: '所属コード', minWidth: 10, maxWidth: 14 },
  { key: 'deptName', header: '所属名', minWidth: 8, maxWidth: 30 },
  { key: 'status', header: '状態', minWidth: 8, maxWidth: 10 },
  { key: 'statusDate', header: '日付', minWidth: 10, maxWidth: 18 },
  { key: 'reason', header: '理由', minWidth: 6, maxWidth: 50 },
  { key: 'recipient', header: '受取', minWidth: 6, maxWidth: 30 },
  { key: 'operator', header: '担当者', minWidth: 8, maxWidth: 24 },
  { key: 'batch', header: '返送の袋', minWidth: 10, maxWidth: 22 },
  { key: 'trackingNumber', header: 'お問い合わせ番号', minWidth: 16, maxWidth: 18 },
  { key: 'discrepancy', header: '受入チェック', minWidth: 12, maxWidth: 14 },
];

/**
 * What a spreadsheet would read as the start of a formula (OWASP "CSV Injection": = + - @ tab CR), plus their
 * full-width forms, which a Japanese IME types and NFKC folds onto the same characters.
 */
const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/;
export const looksLikeFormula = (s: string): boolean => FORMULA_START.test(s);

// ---------------------------------------------------------------------------------------------- xlsx

type Cell = XLSX.CellObject;

/**
 * Text is always a string cell (t:'s') and never carries `f`, so a name such as `=HYPERLINK(…)` is stored and
 * shown as the letters it is; Excel does not evaluate cell values when it opens a file.
 * No `'` prefix in the xlsx: SheetJS CE cannot write Excel's hidden quotePrefix style, so the apostrophe would
 * become part of the name the insurer reads and matches against their records. The residual risk (a user
 * saves the sheet as CSV in Excel and someone opens that CSV) is met by our own CSV export, which neutralises
 * such cells, and by the text number format ('@') on them: retyping the cell in Excel keeps it text too.
 */
function textCell(v: string): Cell | undefined {
  if (v === '') return undefined; // an absent cell reads back as empty, and 100,000 rows of them cost time
  return looksLikeFormula(v) ? { t: 's', v, z: '@' } : { t: 's', v };
}

function anyCell(v: string | number | null | undefined): Cell | undefined {
  if (v === null || v === undefined) return undefined;
  return typeof v === 'number' ? { t: 'n', v } : textCell(v);
}

/** Width in Excel's units (one per half-width character): kanji and kana take two. */
function displayWidth(s: string): number {
  let w = s.length;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x1100) w++;
  return w;
}

function denseSheet(data: (Cell | undefined)[][], columns: number): XLSX.WorkSheet {
  const ws = { '!data': data as Cell[][] } as XLSX.WorkSheet;
  ws['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: Math.max(0, data.length - 1), c: Math.max(0, columns - 1) } });
  return ws;
}

function summarySheet(data: ReportData): XLSX.WorkSheet {
  const s = data.summary;
  const rows: (string | number | null)[][] = [];
  const blank = () => rows.push([]);
  rows.push(['「資格情報のお知らせ」配付完了報告']);
  blank();
  rows.push(['事業所名', s.companyName]);
  rows.push(['作成日', s.createdOn]);
  for (const i of s.insurers) {
    rows.push(['保険者', i.name]);
    rows.push(['保険者番号', i.insurerNumber ?? '']);
  }
  rows.push(['封筒数', s.counts.total]);
  rows.push(['対象者数', s.members]);
  blank();
  rows.push(['状態別の封筒数']);
  rows.push(['状態', '封筒数']);
  for (const st of ENVELOPE_STATUSES) rows.push([STATUS_LABELS[st], s.counts[st]]);
  rows.push(['合計', s.counts.total]);
  blank();
  rows.push(['受入チェック']);
  rows.push(['箱に無い（リストにあり、届かなかった封筒）', s.missingFromBox]);
  rows.push(['リストに無い（届いたが、リストに無い封筒）', s.notOnList, s.notOnList > 0 ? `「${NOT_ON_LIST_SHEET}」シート参照` : null]);
  blank();
  rows.push(['送付対象者リスト']);
  rows.push(['ファイル名', '保険者', '受取日', '箱数', '封筒数', '対象者数']);
  for (const sh of s.shipments) rows.push([sh.fileName, sh.insurerName, sh.receivedOn, sh.boxCount, sh.envelopes, sh.members]);
  blank();
  rows.push(['返送']);
  if (s.returnBatches.length === 0) rows.push(['返送した封筒はありません']);
  else {
    rows.push(['返送の袋', '方法', 'お問い合わせ番号', '発送日', '封筒数']);
    for (const b of s.returnBatches) rows.push([`No.${b.id}`, b.kind, b.trackingNumber, b.sentOn ?? '未発送', b.envelopes]);
  }
  const ws = denseSheet(rows.map((r) => r.map(anyCell)), 6);
  ws['!cols'] = [{ wch: 44 }, { wch: 30 }, { wch: 18 }, { wch: 16 }, { wch: 10 }, { wch: 10 }];
  return ws;
}

function rowsSheet(rows: readonly ReportRow[]): XLSX.WorkSheet {
  const n = ROW_COLUMNS.length;
  const data: (Cell | undefined)[][] = new Array(rows.length + 1);
  data[0] = ROW_COLUMNS.map((c) => textCell(c.header));
  const widths = ROW_COLUMNS.map((c) => Math.max(c.minWidth, displayWidth(c.header)));
  const maxLen = widths.map((w) => w >> 1); // below half the width even full-width text fits: skip measuring it
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    const out: (Cell | undefined)[] = new Array(n);
    for (let c = 0; c < n; c++) {
      const col = ROW_COLUMNS[c]!;
      const v = row[col.key];
      out[c] = textCell(v);
      if (v.length > maxLen[c]!) {
        const w = displayWidth(v);
        if (w > widths[c]!) widths[c] = w;
        maxLen[c] = Math.max(maxLen[c]!, v.length);
      }
    }
    data[r + 1] = out;
  }
  const ws = denseSheet(data, n);
  ws['!cols'] = ROW_COLUMNS.map((c, i) => ({ wch: Math.min(c.maxWidth, widths[i]! + 1) }));
  // The clerk filters by 状態 or 所属 straight away. (Freezing the header row needs a sheet-view pane, which
  // SheetJS CE does not write.)
  ws['!autofilter'] = { ref: XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: rows.length, c: n - 1 } }) };
  return ws;
}

function notOnListSheet(data: ReportData): XLSX.WorkSheet {
  const header = ['保険者', 'リスト（ファイル名）', '窓に見える内容', 'メモ', '記録日', '記録者'];
  const rows = [header, ...data.notOnList.map((d) => [d.insurerName, d.fileName, d.windowText, d.note, d.recordedOn, d.recordedBy])];
  const ws = denseSheet(rows.map((r) => r.map((v) => textCell(v))), header.length);
  ws['!cols'] = [{ wch: 24 }, { wch: 28 }, { wch: 40 }, { wch: 24 }, { wch: 16 }, { wch: 14 }];
  return ws;
}

export function buildReportXlsx(data: ReportData): Uint8Array {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, summarySheet(data), SUMMARY_SHEET);
  XLSX.utils.book_append_sheet(wb, rowsSheet(data.rows), ROWS_SHEET);
  // Always present, so whoever reads the file finds the same three sheets; empty means none were found.
  XLSX.utils.book_append_sheet(wb, notOnListSheet(data), NOT_ON_LIST_SHEET);
  wb.Props = { Title: '配付完了報告', Company: data.summary.companyName, CreatedDate: new Date(data.summary.createdAt) };
  // Compressed: 100,000 rows are 12 MB instead of 49 MB, small enough to mail, for about a tenth more time.
  // Shared strings: what Excel itself writes (inline strings are typed "str", a formula's result), and the
  // repeated 状態・所属・dates are stored once; no slower here.
  const out = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true, bookSST: true }) as Buffer;
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

// ---------------------------------------------------------------------------------------------- csv

/**
 * RFC 4180 field, always quoted as OWASP advises; a formula-looking value gets a leading ' so that Excel
 * opening the CSV shows it as text instead of running it.
 */
function csvField(v: string): string {
  const s = looksLikeFormula(v) ? `'${v}` : v;
  return `"${s.includes('"') ? s.replace(/"/g, '""') : s}"`;
}

export function buildReportCsv(data: ReportData): Uint8Array {
  const lines: string[] = new Array(data.rows.length + 1);
  lines[0] = ROW_COLUMNS.map((c) => csvField(c.header)).join(',');
  for (let r = 0; r < data.rows.length; r++) {
    const row = data.rows[r]!;
    let line = '';
    for (let c = 0; c < ROW_COLUMNS.length; c++) line += (c ? ',' : '') + csvField(row[ROW_COLUMNS[c]!.key]);
    lines[r + 1] = line;
  }
  // The BOM tells Excel the file is UTF-8; without it Japanese Excel reads Shift_JIS and shows mojibake.
  const buf = Buffer.from('\uFEFF' + lines.join('\r\n') + '\r\n', 'utf8');
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

// ---------------------------------------------------------------------------------------------- file

export type ReportFormat = 'xlsx' | 'csv';

function formatOf(outPath: string, format: ReportFormat | undefined): ReportFormat {
  const ext = path.extname(outPath).toLowerCase();
  const fromExt: ReportFormat | null = ext === '.xlsx' ? 'xlsx' : ext === '.csv' ? 'csv' : null;
  if (format !== undefined && format !== 'xlsx' && format !== 'csv') throw new UserError('保存形式は xlsx か csv を指定してください。');
  if (format && fromExt && format !== fromExt) {
    throw new UserError(`ファイル名の拡張子（${ext}）と保存形式（${format}）が合いません: ${outPath}`);
  }
  const f = format ?? fromExt;
  if (!f) throw new UserError(`保存するファイル名は .xlsx か .csv で終わるようにしてください: ${outPath}`);
  return f;
}

function writeError(e: unknown, outPath: string): UserError {
  const code = (e as NodeJS.ErrnoException)?.code;
  const dir = path.dirname(outPath);
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new UserError(`保存先のフォルダがありません: ${dir}`);
    case 'EISDIR':
      return new UserError(`同じ名前のフォルダがあるため保存できません。ファイル名を指定してください: ${outPath}`);
    case 'EACCES':
    case 'EPERM':
    case 'EBUSY':
      // Windows refuses to replace a file that Excel has open with EPERM/EBUSY as well as for missing rights.
      return new UserError(
        `保存できません。書き込みの権限がないか、同じ名前のファイルをExcelなどで開いています（開いていれば閉じてください）: ${outPath}`,
      );
    case 'EROFS':
      return new UserError(`読み取り専用の場所には保存できません: ${outPath}`);
    case 'ENOSPC':
    case 'EDQUOT':
      return new UserError(`ディスクの空きが足りないため保存できません: ${outPath}`);
    case 'ENAMETOOLONG':
      return new UserError(`ファイル名が長すぎます: ${outPath}`);
    default:
      return new UserError(`報告書を保存できませんでした: ${outPath}（${code ?? (e as Error)?.message ?? String(e)}）`);
  }
}

/** Checked before the report is built, so a wrong path fails at once, not after 100,000 rows. */
function checkTarget(outPath: string): void {
  const dir = path.dirname(outPath);
  let dirStat: fs.Stats;
  try {
    dirStat = fs.statSync(dir);
  } catch (e) {
    throw writeError(e, outPath);
  }
  if (!dirStat.isDirectory()) throw new UserError(`保存先のフォルダがありません: ${dir}`);
  let target: fs.Stats | null = null;
  try {
    target = fs.statSync(outPath);
  } catch {
    target = null;
  }
  if (target?.isDirectory()) throw writeError(Object.assign(new Error('EISDIR'), { code: 'EISDIR' }), outPath);
}

/** Written whole or not at all, readable by the user only (see writePrivateFile). */
function writeAtomically(outPath: string, bytes: Uint8Array): void {
  try {
    writePrivateFile(outPath, bytes);
  } catch (e) {
    throw writeError(e, outPath);
  }
}

export function writeReport(
  ctx: ServiceContext,
  outPath: string,
  options: ReportOptions & { format?: ReportFormat },
): { path: string; rows: number } {
  if (!outPath || !outPath.trim()) throw new UserError('保存するファイル名を指定してください。');
  const target = path.resolve(outPath);
  const format = formatOf(target, options.format);
  checkTarget(target);
  const { format: _format, ...reportOptions } = options;
  void _format;
  ctx.progress?.('集計', 0, 0);
  const data = collectReport(ctx, reportOptions);
  ctx.progress?.('保存', 0, data.rows.length);
  writeAtomically(target, format === 'csv' ? buildReportCsv(data) : buildReportXlsx(data));
  recordReportExport(ctx, { format, fileName: path.basename(target), rows: data.rows.length });
  return { path: target, rows: data.rows.length };
}
