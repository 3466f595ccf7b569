import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/services/db/open';
import { createContext, type ServiceContext } from '../../electron/services/context';
import { importFile } from '../../electron/services/lists/importList';
import { scan } from '../../electron/services/handover/scan';
import { saveSettings } from '../../electron/services/settings';
import { getStatus } from '../../electron/services/status';
import { ImportError } from '../../electron/services/sheet/errors';
import { UserError } from '../../electron/services/errors';
import { storeRosterFile, currentRoster, storedOrThrow } from '../../electron/services/roster/rosterStore';
import { applyRetireeFlags, findByEmployeeId, reconcile } from '../../electron/services/roster/reconcile';
import { rosterCommand } from '../../electron/cli/roster';
import { fixturePath, readFixture } from '../fixtures';
import { tempDir } from '../e2e/harness';

/** The 社員名簿 fixture dates its 退職 2024-08-15; the boxes arrive in the autumn. */
const NOW = new Date('2024-10-01T09:00:00+09:00');

function kenpo(): ServiceContext {
  const ctx = createContext(openDatabase(path.join(tempDir(), 'k.sqlite3')), () => NOW);
  saveSettings(ctx, { companyName: 'テスト', operatorName: '人事 花子' });
  importFile(ctx, readFixture('kenpo-household.xlsx'), 'kenpo-household.xlsx', {});
  return ctx;
}

const envelopeOfNumber = (ctx: ServiceContext, number: string) =>
  ctx.db.prepare(`SELECT id FROM envelopes WHERE number = ?`).pluck().get(number) as number;

/** The roster fixture with some lines changed, as a clerk's edited copy would be. */
function editedRoster(edit: (lines: string[]) => string[]): Uint8Array {
  const text = Buffer.from(readFixture('roster.csv')).toString('utf8');
  return new Uint8Array(Buffer.from(edit(text.split(/\r?\n/)).join('\n'), 'utf8'));
}

const NOT_ON_LIST = [
  { employeeId: 'E10049', name: '吉田 拓也', deptCode: '1001' },
  { employeeId: 'E10050', name: '山﨑 大輔', deptCode: '1001' },
  { employeeId: 'E10051', name: '渡邉 太郎', deptCode: '1001' },
  { employeeId: 'E10052', name: '齋藤 健一', deptCode: '1001' },
];

// The five who left (all 2024-08-15) and their households in kenpo-household.xlsx.
const RETIREES = [
  { employeeId: 'E10004', employeeName: '斎藤 花子', number: '12345603', members: ['斎藤　花子'], relation: '本人' },
  { employeeId: 'E10015', employeeName: '鈴木 由美', number: '12345614', members: ['鈴木　由美', '鈴木　大輔', '鈴木　湊'], relation: '本人・夫・子' },
  {
    employeeId: 'E10026',
    employeeName: '髙橋 大輔',
    number: '12345625',
    members: ['髙橋　大輔', '髙橋　愛', '髙橋　陽翔', '髙橋　芽依'],
    relation: '本人・妻・子・子',
  },
  { employeeId: 'E10037', employeeName: '井上 大輔', number: '12345636', members: ['井上　大輔'], relation: '本人' },
  { employeeId: 'E10048', employeeName: '渡辺 恵', number: '12345647', members: ['渡辺　恵', '渡辺　太郎', '渡辺　芽依'], relation: '本人・夫・子' },
];

describe('the employer roster against kenpo-household.xlsx', () => {
  it('lists the 4 employees who are on no list', () => {
    const ctx = kenpo();
    const r = storedOrThrow(storeRosterFile(ctx, readFixture('roster.csv'), 'roster.csv'));
    expect(r).toMatchObject({ entries: 52, problems: [], ignoredColumns: [] });
    expect(reconcile(ctx).notOnList).toEqual(NOT_ON_LIST);
  });

  it('proposes the household envelopes of the 5 who left, and nothing changes until the clerk confirms', () => {
    const ctx = kenpo();
    storeRosterFile(ctx, readFixture('roster.csv'), 'roster.csv');
    const { proposals } = reconcile(ctx);
    expect(proposals).toEqual(
      RETIREES.map((x) => ({
        envelopeId: envelopeOfNumber(ctx, x.number),
        employeeId: x.employeeId,
        employeeName: x.employeeName,
        leftOn: '2024-08-15',
        members: x.members,
        relation: x.relation,
        matchedBy: 'insurance',
      })),
    );
    // E10025 高橋 大輔 (12345624) is still employed: the same name as the retiree E10026 must not pull his family in
    expect(proposals.map((p) => p.envelopeId)).not.toContain(envelopeOfNumber(ctx, '12345624'));
    expect(getStatus(ctx).envelopes).toMatchObject({ pending: 48, to_return: 0 });
  });

  it('after confirming, the envelopes are 返送対象 with the reason, one event each, and a scan says not to hand them over', () => {
    const ctx = kenpo();
    storeRosterFile(ctx, readFixture('roster.csv'), 'roster.csv');
    const ids = reconcile(ctx).proposals.map((p) => p.envelopeId);
    expect(applyRetireeFlags(ctx, ids)).toEqual({ flagged: 5 });
    expect(getStatus(ctx).envelopes).toMatchObject({ pending: 43, to_return: 5 });
    for (const x of RETIREES) {
      const id = envelopeOfNumber(ctx, x.number);
      expect(ctx.db.prepare('SELECT status FROM envelopes WHERE id = ?').pluck().get(id)).toBe('to_return');
      expect(ctx.db.prepare('SELECT kind, from_status, to_status, reason, operator FROM events WHERE envelope_id = ?').all(id)).toEqual([
        { kind: 'flag', from_status: 'pending', to_status: 'to_return', reason: '退職（2024-08-15）', operator: '人事 花子' },
      ]);
      const s = scan(ctx, `1234-${x.number}-00`);
      expect(s.result).toBe('blocked');
      expect(s.message).toContain('返送対象（退職（2024-08-15））');
    }
    // the employed 高橋 大輔 gets his envelope as usual
    expect(scan(ctx, '1234-12345624-00').result).toBe('handed_over');
    expect(reconcile(ctx).proposals).toEqual([]);
  });

  it('reports no name mismatch in the fixture: its names differ only in the width of the space', () => {
    const ctx = kenpo();
    storeRosterFile(ctx, readFixture('roster.csv'), 'roster.csv');
    const r = reconcile(ctx);
    expect(r.nameMismatches).toEqual([]);
    expect(r.notInRoster).toEqual([]);
  });

  it('髙/高 and 齋/斎 are the same name; a different kanji is a mismatch', () => {
    const ctx = kenpo();
    const bytes = editedRoster((lines) =>
      lines.map((l) =>
        l
          .replace('E10003,髙橋 恵', 'E10003,高橋 恵')
          .replace('E10001,齋藤 拓也', 'E10001,斎藤　拓也')
          .replace('E10005,渡辺 隆', 'E10005,渡部 隆'),
      ),
    );
    storeRosterFile(ctx, bytes, 'roster-edited.csv');
    expect(reconcile(ctx).nameMismatches).toEqual([
      { employeeId: 'E10005', rosterName: '渡部 隆', listName: '渡辺　隆', symbol: '1234', number: '12345604' },
    ]);
  });

  it('scanning a 社員番号 finds the whole household, however the ID card is read', () => {
    const ctx = kenpo();
    storeRosterFile(ctx, readFixture('roster.csv'), 'roster.csv');
    const matsumoto = [envelopeOfNumber(ctx, '12345601')];
    expect(findByEmployeeId(ctx, 'e10002')).toEqual(matsumoto);
    expect(findByEmployeeId(ctx, 'Ｅ１０００２')).toEqual(matsumoto);
    const members = ctx.db.prepare('SELECT name FROM members WHERE envelope_id = ? ORDER BY branch').pluck().all(matsumoto[0]);
    expect(members).toEqual(['松本　太郎', '松本　さくら', '松本　芽依', '松本　結菜']);
    expect(findByEmployeeId(ctx, 'E10049')).toEqual([]); // in the roster, on no list
    expect(findByEmployeeId(ctx, 'E99999')).toEqual([]);
  });

  it('a second roster replaces the one in force', () => {
    const ctx = kenpo();
    storeRosterFile(ctx, readFixture('roster.csv'), 'roster.csv');
    // the four were registered meanwhile and the HR system dropped them from this export
    const second = storedOrThrow(
      storeRosterFile(
        ctx,
        editedRoster((lines) => lines.filter((l) => !/^E1005[0-2]|^E10049/.test(l))),
        'roster-2.csv',
      ),
    );
    expect(second.entries).toBe(48);
    expect(currentRoster(ctx.db)).toMatchObject({ id: second.rosterImportId, fileName: 'roster-2.csv', entries: 48 });
    const r = reconcile(ctx);
    expect(r.notOnList).toEqual([]);
    expect(r.proposals).toHaveLength(5);
    expect(findByEmployeeId(ctx, 'E10049')).toEqual([]);
  });

  it('a broken file stores nothing and the roster in force stays', () => {
    const ctx = kenpo();
    const first = storedOrThrow(storeRosterFile(ctx, readFixture('roster.csv'), 'roster.csv'));
    const before = ctx.db.prepare('SELECT (SELECT COUNT(*) FROM roster_imports) || \'/\' || (SELECT COUNT(*) FROM roster_entries)').pluck().get();
    for (const name of ['bad/garbage.xlsx', 'bad/truncated.xlsx', 'bad/empty.csv', 'bad/unrelated-table.csv', 'kyokai-person.csv']) {
      expect(() => storedOrThrow(storeRosterFile(ctx, readFixture(name), path.basename(name))), name).toThrow(ImportError);
    }
    expect(ctx.db.prepare('SELECT (SELECT COUNT(*) FROM roster_imports) || \'/\' || (SELECT COUNT(*) FROM roster_entries)').pluck().get()).toBe(before);
    expect(currentRoster(ctx.db)?.id).toBe(first.rosterImportId);
    expect(reconcile(ctx).notOnList).toEqual(NOT_ON_LIST);
  });
});

describe('the roster CLI command', () => {
  it('imports, flags the retirees without asking and prints the contract JSON', () => {
    const ctx = kenpo();
    // 協会けんぽ's people are not employees of this roster's 健保: every one of their envelopes is "not in the roster"
    importFile(ctx, readFixture('kyokai-person.csv'), 'kyokai-person.csv', {});
    const r = rosterCommand.run(ctx, [fixturePath('roster.csv')], { json: true });
    const printed = JSON.parse(JSON.stringify(r.json)) as Record<string, unknown>;
    expect(Object.keys(printed)).toEqual(['ok', 'flaggedEnvelopes', 'notOnList', 'notInRoster', 'nameMismatches']);
    expect(printed).toEqual({
      ok: true,
      flaggedEnvelopes: 5,
      notOnList: NOT_ON_LIST.map(({ employeeId, name }) => ({ employeeId, name })),
      notInRoster: 152,
      nameMismatches: [],
    });
    expect(r.text).toContain('退職者の封筒 5通を返送対象にしました。');
    expect(getStatus(ctx).envelopes.to_return).toBe(5);

    // running it again changes nothing
    expect(rosterCommand.run(ctx, [fixturePath('roster.csv')], { json: true }).json).toMatchObject({ ok: true, flaggedEnvelopes: 0 });
    expect(ctx.db.prepare(`SELECT COUNT(*) FROM events WHERE kind = 'flag'`).pluck().get()).toBe(5);
  });

  it('prints name mismatches with 記号・番号 and records the operator', () => {
    const ctx = kenpo();
    const file = path.join(tempDir(), 'roster-edited.csv');
    fs.writeFileSync(file, editedRoster((lines) => lines.map((l) => l.replace('E10005,渡辺 隆', 'E10005,渡部 隆'))));
    const r = rosterCommand.run(ctx, [file], { json: true, operator: '総務 一郎' });
    expect((r.json as { nameMismatches: unknown }).nameMismatches).toEqual([
      { employeeId: 'E10005', rosterName: '渡部 隆', listName: '渡辺　隆', symbol: '1234', number: '12345604' },
    ]);
    expect(ctx.db.prepare(`SELECT DISTINCT operator FROM events`).pluck().all()).toEqual(['総務 一郎']);
    expect(currentRoster(ctx.db)?.importedBy).toBe('総務 一郎');
  });

  it('refuses a missing file or a non-roster in Japanese, changing nothing', () => {
    const ctx = kenpo();
    expect(() => rosterCommand.run(ctx, [], { json: true })).toThrow(UserError);
    expect(() => rosterCommand.run(ctx, [path.join(tempDir(), 'nope.csv')], { json: true })).toThrow(/ファイルが見つかりません/);
    expect(() => rosterCommand.run(ctx, [fixturePath('kenpo-household.xlsx')], { json: true })).toThrow(/社員番号/);
    expect(currentRoster(ctx.db)).toBeNull();
    expect(ctx.db.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(0);
  });
});
