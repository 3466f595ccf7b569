import path from 'node:path';
import { readInputFile } from './files';
import type { ServiceContext } from '../services/context';
import { importRosterAndFlag } from '../services/roster/rosterCheck';
import { operatorOption, type CliCommand } from './command';

/**
 * `roster FILE [--insurer NAME]`: the CLI has no one to ask, so the retirees' envelopes are flagged 返送対象
 * at once (the app shows the same proposals and waits for the clerk). One undo takes the flags back.
 * When the roster's 記号・番号 match several insurers' lists, --insurer says which; without it, exit 1.
 */
export const rosterCommand: CliCommand = {
  options: { operator: { type: 'string' }, insurer: { type: 'string' } },
  run: (ctx: ServiceContext, positionals, values) => {
    const file = positionals[0];
    const bytes = readInputFile(file, '社員名簿のファイルを指定してください: roster FILE --db DB');
    const operator = operatorOption(values);
    const insurerName = typeof values.insurer === 'string' ? values.insurer.trim() || undefined : undefined;
    const { imported, report, flagged } = importRosterAndFlag(ctx, { bytes, fileName: path.basename(file!), operator, insurerName });
    const json = {
      ok: true,
      flaggedEnvelopes: flagged,
      notOnList: report.notOnList.map((e) => ({ employeeId: e.employeeId, name: e.name })),
      notInRoster: report.notInRoster.length,
      nameMismatches: report.nameMismatches.map((m) => ({
        employeeId: m.employeeId,
        rosterName: m.rosterName,
        listName: m.listName,
        symbol: m.symbol,
        number: m.number,
      })),
    };
    const lines = [`社員名簿: ${imported.entries}人を取り込みました。`, `退職者の封筒 ${flagged}通を返送対象にしました。`];
    for (const p of imported.problems) lines.push(`  ${p.row}行目: ${p.reason}`);
    if (imported.ignoredColumns.length > 0) lines.push(`個人番号の列（${imported.ignoredColumns.join('、')}）は読み込んでいません。`);
    if (json.notOnList.length > 0) {
      lines.push(`どのリストにもいない在籍者 ${json.notOnList.length}人（マイナンバーが保険者に登録されていない可能性があります）:`);
      for (const e of json.notOnList) lines.push(`  ${e.employeeId} ${e.name}`);
    }
    if (json.notInRoster > 0) lines.push(`名簿にいない被保険者の封筒: ${json.notInRoster}通`);
    if (json.nameMismatches.length > 0) {
      lines.push(`名簿とリストで氏名が異なる人 ${json.nameMismatches.length}件:`);
      for (const m of json.nameMismatches) lines.push(`  ${m.employeeId} 名簿「${m.rosterName}」 リスト「${m.listName}」（${m.symbol}-${m.number}）`);
    }
    return { json, text: lines.join('\n') };
  },
};
