/**
 * Writing the completion report: xlsx for the insurer (概要 + 封筒一覧 + リストに無い封筒, xlsx.ts), CSV for
 * systems that want one table (csv.ts). The file appears complete or not at all.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CsvEncoding, ReportOptions } from '../../../shared/report';
import type { ServiceContext } from '../context';
import { UserError } from '../errors';
import { collectReport } from './collect';
import { recordReportExport, reportState } from '../campaign/finish';
import { writePrivateFile } from '../privateFile';
import { buildReportCsv } from './csv';
import { buildReportXlsx } from './xlsx';

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

export interface WriteReportOptions extends ReportOptions {
  format?: ReportFormat;
  /** For CSV only: UTF-8 with BOM (the default) or Shift_JIS (CP932). */
  csvEncoding?: CsvEncoding;
}

export async function writeReport(ctx: ServiceContext, outPath: string, options: WriteReportOptions): Promise<{ path: string; rows: number }> {
  if (!outPath || !outPath.trim()) throw new UserError('保存するファイル名を指定してください。');
  const target = path.resolve(outPath);
  const format = formatOf(target, options.format);
  const { format: _format, csvEncoding, ...reportOptions } = options;
  void _format;
  if (csvEncoding !== undefined && csvEncoding !== 'utf8' && csvEncoding !== 'sjis') {
    throw new UserError('CSVの文字コードは utf8 か sjis を指定してください。');
  }
  if (csvEncoding !== undefined && format !== 'csv') throw new UserError('文字コードを選べるのはCSVで保存するときだけです。');
  checkTarget(target);
  ctx.progress?.('集計', 0, 0);
  const { data, asOf } = ctx.db.transaction(() => ({ data: collectReport(ctx, reportOptions), asOf: reportState(ctx) }))();
  ctx.progress?.('保存', 0, data.rows.length);
  // Built in full before the file is touched: an unwritable character (Shift_JIS) stops here, nothing written.
  const bytes = format === 'csv' ? buildReportCsv(data, csvEncoding ?? 'utf8') : await buildReportXlsx(data);
  writeAtomically(target, bytes);
  recordReportExport(ctx, { format, fileName: path.basename(target), rows: data.rows.length }, asOf);
  return { path: target, rows: data.rows.length };
}
