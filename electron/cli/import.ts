import path from 'node:path';
import type { EnvelopeUnit } from '../../shared/domain';
import { UserError } from '../services/errors';
import { importFile } from '../services/lists/importList';
import type { CliCommand } from './command';
import { readInputFile } from './files';

/** `import FILE [--unit person|household] [--insurer NAME]`: stores the good rows without asking (the app shows a preview). */
export const importCommand: CliCommand = {
  options: { unit: { type: 'string' }, insurer: { type: 'string' } },
  run: (ctx, positionals, values) => {
    const unit = values.unit;
    if (unit !== undefined && unit !== 'person' && unit !== 'household') {
      throw new UserError('--unit は person（個人ごと）か household（世帯ごと）を指定してください');
    }
    const insurer = typeof values.insurer === 'string' ? values.insurer.trim() : undefined;
    const file = positionals[0];
    const bytes = readInputFile(file, '取り込むファイルを指定してください: import FILE --db DB');
    const s = importFile(ctx, bytes, path.basename(file!), { insurerName: insurer || undefined, unit: unit as EnvelopeUnit | undefined });
    const json = {
      ok: true,
      envelopes: s.notice ? 0 : s.counts.envelopes,
      members: s.notice ? 0 : s.counts.members,
      households: s.notice ? 0 : s.counts.households,
      problems: s.problems,
      ignoredColumns: s.ignoredColumns,
      insurer: s.insurerName,
      unit: s.unit,
      knownMembers: s.counts.knownMembers,
      ...(s.notice ? { notice: s.notice } : {}),
    };
    const lines = s.notice
      ? [s.notice]
      : [`${s.insurerName}: 封筒 ${json.envelopes}通、対象者 ${json.members}人（${json.households}世帯）を取り込みました。`];
    if (s.counts.knownMembers > 0 && !s.notice) lines.push(`取込済みの対象者 ${s.counts.knownMembers}人は追加していません。`);
    if (s.counts.direct > 0 && !s.notice) lines.push(`うち直送 ${s.counts.direct}通は保険者から自宅へ送られ、箱に入っていません。`);
    for (const p of s.problems) lines.push(`  ${p.row}行目: ${p.reason}`);
    if (s.ignoredColumns.length) lines.push(`個人番号の列（${s.ignoredColumns.join('、')}）は読み込んでいません。`);
    return { json, text: lines.join('\n') };
  },
};
