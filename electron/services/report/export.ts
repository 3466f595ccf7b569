/** The report from the app: ask where (the save dialog), then write exactly what the CLI writes. */
import type { Era } from '../../../shared/report';
import type { ServiceContext } from '../context';
import { UserError } from '../errors';
import { runJob } from '../jobs/runner';
import type { CsvEncoding } from '../../../shared/report';

export async function exportReport(
  ctx: ServiceContext,
  format: 'xlsx' | 'csv',
  era: Era,
  csvEncoding?: CsvEncoding,
): Promise<{ path: string | null; rows: number }> {
  if (!ctx.platform) throw new UserError('この環境ではファイルを保存できません。');
  // The clerk's calendar day, not UTC's: before 09:00 in Japan they differ.
  const d = ctx.now();
  const today = `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`;
  const target = await ctx.platform.chooseSavePath(`資格情報のお知らせ_完了報告_${today}.${format}`, {
    name: format === 'xlsx' ? 'Excel' : 'CSV',
    extensions: [format],
  });
  if (!target) return { path: null, rows: 0 };
  // Collecting and writing 100,000 rows takes seconds: in the job worker, off the thread that answers scans.
  const written = await runJob(ctx, 'writeReport', { target, era, format, ...(format === 'csv' && csvEncoding ? { csvEncoding } : {}) });
  return { path: written.path, rows: written.rows };
}
