import type { Era } from '../../shared/report';
import type { ServiceContext } from '../services/context';
import { UserError } from '../services/errors';
import type { CsvEncoding } from '../../shared/report';
import { writeReport, type ReportFormat } from '../services/report/write';
import type { AsyncCliCommand } from './command';
import { prepareCached } from '../services/db/open';

const USAGE =
  'export report --db DB --out FILE.xlsx [--format xlsx|csv] [--csv-encoding utf8|sjis] [--era seireki|wareki] [--insurer 保険者名] [--json]';

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/**
 * `export report`: the completion report, the same file the app's 完了報告 screen saves.
 * 西暦 unless --era wareki: a date like 2024/08/07 sorts and parses the same in every system.
 */
export const exportCommand: AsyncCliCommand = {
  options: {
    out: { type: 'string' },
    format: { type: 'string' },
    era: { type: 'string' },
    insurer: { type: 'string' },
    'csv-encoding': { type: 'string' },
  },
  run: async (ctx: ServiceContext, positionals, values) => {
    const what = positionals[0];
    if (what !== 'report') {
      throw new UserError(what ? `不明な書き出しです: ${what}\n使い方: ${USAGE}` : `書き出すものを指定してください。\n使い方: ${USAGE}`);
    }
    if (positionals.length > 1) throw new UserError(`余分な引数があります: ${positionals.slice(1).join(' ')}\n使い方: ${USAGE}`);
    const out = text(values.out);
    if (!out) throw new UserError(`保存先を --out で指定してください。\n使い方: ${USAGE}`);

    const format = text(values.format);
    if (format !== undefined && format !== 'xlsx' && format !== 'csv') throw new UserError('--format は xlsx か csv を指定してください。');
    const era = text(values.era) ?? 'seireki';
    if (era !== 'seireki' && era !== 'wareki') throw new UserError('--era は seireki（西暦）か wareki（和暦）を指定してください。');

    const csvEncoding = text(values['csv-encoding']);
    if (csvEncoding !== undefined && csvEncoding !== 'utf8' && csvEncoding !== 'sjis') {
      throw new UserError('--csv-encoding は utf8（UTF-8、BOM付き）か sjis（Shift_JIS）を指定してください。');
    }

    let insurerId: number | undefined;
    const insurer = text(values.insurer);
    if (insurer) {
      insurerId = prepareCached(ctx.db, 'SELECT id FROM insurers WHERE name = ?').pluck().get(insurer) as number | undefined;
      if (insurerId === undefined) throw new UserError(`保険者が見つかりません: ${insurer}`);
    }

    const r = await writeReport(ctx, out, {
      era: era as Era,
      ...(format ? { format: format as ReportFormat } : {}),
      ...(csvEncoding ? { csvEncoding: csvEncoding as CsvEncoding } : {}),
      ...(insurerId !== undefined ? { insurerId } : {}),
    });
    return {
      json: { ok: true, path: r.path, rows: r.rows },
      text: `完了報告を書き出しました: ${r.path}（封筒 ${r.rows}通）`,
    };
  },
};
