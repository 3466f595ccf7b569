import type { ParseArgsConfig } from 'node:util';
import path from 'node:path';
import type { ServiceContext } from '../services/context';
import { UserError } from '../services/errors';
import { importFile } from '../services/lists/importList';
import { scan } from '../services/handover/scan';
import { readInputFile } from './files';
import { rosterCommand } from './roster';
import { exportCommand } from './export';
import { dbCommand, type CliFileCommand } from './dbCheck';
import type { EnvelopeUnit } from '../../shared/domain';
import { getStatus } from '../services/status';
import { STATUS_LABELS, ENVELOPE_STATUSES } from '../../shared/domain';

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface CliCommand {
  options: NonNullable<ParseArgsConfig['options']>;
  run: (ctx: ServiceContext, positionals: string[], values: Values) => { json: unknown; text: string };
}

const status: CliCommand = {
  options: {},
  run: (ctx) => {
    const counts = getStatus(ctx);
    const lines = [
      `封筒 ${counts.envelopes.total}通（対象者 ${counts.members}人）`,
      ...ENVELOPE_STATUSES.map((s) => `  ${STATUS_LABELS[s]}: ${counts.envelopes[s]}`),
    ];
    return { json: counts, text: lines.join('\n') };
  },
};

const importCommand: CliCommand = {
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
    for (const p of s.problems) lines.push(`  ${p.row}行目: ${p.reason}`);
    if (s.ignoredColumns.length) lines.push(`個人番号の列（${s.ignoredColumns.join('、')}）は読み込んでいません。`);
    return { json, text: lines.join('\n') };
  },
};

const scanCommand: CliCommand = {
  options: { operator: { type: 'string' } },
  run: (ctx, positionals, values) => {
    const code = positionals.join(' ').trim();
    if (!code) throw new UserError('読み取ったコードを指定してください: scan CODE --db DB');
    const operator = typeof values.operator === 'string' ? values.operator.trim() : undefined;
    const r = scan(ctx, code, { operator: operator || undefined });
    const { members, ...envelope } = r.envelope ?? { members: [] };
    const json = {
      result: r.result,
      code: r.code,
      message: r.message,
      summary: r.summary,
      envelope: r.envelope ? envelope : null,
      members: r.envelopes.flatMap((e) => e.members.map((m) => ({ ...m, envelopeId: e.id, status: e.status }))),
      envelopes: r.envelopes.map(({ members: ms, ...e }) => ({ ...e, memberIds: ms.map((m) => m.id) })),
      handedOverIds: r.handedOverIds,
      actionUid: r.actionUid,
    };
    void members;
    const label = { handed_over: '配付', already_handed_over: '配付済', blocked: '渡さない', unknown: '不明' }[r.result];
    return { json, text: `[${label}] ${r.summary} ${r.message}`.trim() };
  },
};

export const COMMANDS = { status, import: importCommand, scan: scanCommand, roster: rosterCommand, export: exportCommand, db: dbCommand } satisfies Record<string, CliCommand | CliFileCommand>;
