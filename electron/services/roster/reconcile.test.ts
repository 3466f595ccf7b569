import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EnvelopeUnit } from '../../../shared/domain';
import { createContext, type ServiceContext } from '../context';
import { openDatabase } from '../db/open';
import { handOverEnvelopes } from '../handover/scan';
import { writeTransitions } from '../handover/transitions';
import { importFile } from '../lists/importList';
import { applyRetireeFlags, findByEmployeeId, reconcile } from './reconcile';
import { storeRosterFile } from './rosterStore';

const NOW = new Date('2024-10-01T09:00:00+09:00');
const utf8 = (s: string) => new TextEncoder().encode(s);

function newCtx(now: Date = NOW): ServiceContext {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubaru-roster-'));
  return createContext(openDatabase(path.join(dir, 'k.sqlite3')), () => now);
}

/** 記号,番号,枝番,被保険者氏名,対象者氏名,続柄 */
function list(ctx: ServiceContext, rows: string[], unit: EnvelopeUnit = 'household'): void {
  const text = ['記号,番号,枝番,被保険者氏名,対象者氏名,続柄', ...rows].join('\n');
  importFile(ctx, utf8(text), 'list.csv', { insurerName: 'テスト健康保険組合', unit, operator: '山田' });
}

/** 社員番号,氏名,所属コード,在籍区分,退職日,健保記号,健保番号 */
function roster(ctx: ServiceContext, rows: string[]): void {
  storeRosterFile(ctx, utf8(['社員番号,氏名,所属コード,在籍区分,退職日,健保記号,健保番号', ...rows].join('\n')), 'roster.csv');
}

const envelopeOf = (ctx: ServiceContext, number: string, branch = '00') =>
  ctx.db.prepare(`SELECT envelope_id FROM members WHERE number = ? AND branch = ?`).pluck().get(number, branch) as number;
const statusOf = (ctx: ServiceContext, id: number) => ctx.db.prepare('SELECT status FROM envelopes WHERE id = ?').pluck().get(id);

describe('without a roster', () => {
  it('reports nothing and finds nobody', () => {
    const ctx = newCtx();
    list(ctx, ['77,1,00,山田 太郎,山田 太郎,本人']);
    expect(reconcile(ctx)).toEqual({ proposals: [], notOnList: [], notInRoster: [], nameMismatches: [] });
    expect(findByEmployeeId(ctx, 'E1')).toEqual([]);
    expect(applyRetireeFlags(ctx, [1])).toEqual({ flagged: 0 });
  });
});

describe('retirees', () => {
  function family() {
    const ctx = newCtx();
    // one envelope per person: the retiree's wife and child have their own
    list(ctx, ['77,1,00,山田 太郎,山田 太郎,本人', '77,1,01,山田 太郎,山田 花子,妻', '77,1,02,山田 太郎,山田 一郎,子', '77,2,00,佐藤 健,佐藤 健,本人'], 'person');
    return ctx;
  }

  it('proposes the envelopes of the whole household, and nothing changes until confirmed', () => {
    const ctx = family();
    roster(ctx, ['E1,山田 太郎,1001,退職,2024-09-30,77,1', 'E2,佐藤 健,1001,在籍,,77,2']);
    const { proposals } = reconcile(ctx);
    expect(proposals).toEqual([
      { envelopeId: envelopeOf(ctx, '1'), employeeId: 'E1', employeeName: '山田 太郎', leftOn: '2024-09-30', members: ['山田 太郎'], relation: '本人', matchedBy: 'insurance' },
      { envelopeId: envelopeOf(ctx, '1', '01'), employeeId: 'E1', employeeName: '山田 太郎', leftOn: '2024-09-30', members: ['山田 花子'], relation: '妻', matchedBy: 'insurance' },
      { envelopeId: envelopeOf(ctx, '1', '02'), employeeId: 'E1', employeeName: '山田 太郎', leftOn: '2024-09-30', members: ['山田 一郎'], relation: '子', matchedBy: 'insurance' },
    ]);
    expect(ctx.db.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(0);
  });

  it('flags pending and held envelopes as one action with 退職 and the date; handed-over ones are left alone', () => {
    const ctx = family();
    const [self, wife, child, other] = [envelopeOf(ctx, '1'), envelopeOf(ctx, '1', '01'), envelopeOf(ctx, '1', '02'), envelopeOf(ctx, '2')];
    handOverEnvelopes(ctx, [child], { operator: '山田' });
    ctx.db.transaction(() =>
      writeTransitions(ctx, { operator: '山田' }, [{ envelopeId: wife, from: 'pending', to: 'on_hold', kind: 'hold', reason: '長期不在' }]),
    )();
    roster(ctx, ['E1,山田 太郎,1001,退職,2024-09-30,77,1', 'E2,佐藤 健,1001,在籍,,77,2']);
    expect(reconcile(ctx).proposals.map((p) => p.envelopeId)).toEqual([self, wife]);

    // the clerk's confirmation may include envelopes that are not (or no longer) proposed
    expect(applyRetireeFlags(ctx, [self, wife, child, other, 9999], '人事')).toEqual({ flagged: 2 });
    expect([self, wife, child, other].map((id) => statusOf(ctx, id))).toEqual(['to_return', 'to_return', 'handed_over', 'pending']);
    const flags = ctx.db.prepare(`SELECT envelope_id, from_status, reason, operator, action_uid FROM events WHERE kind = 'flag' ORDER BY envelope_id`).all() as {
      envelope_id: number;
      from_status: string;
      reason: string;
      operator: string;
      action_uid: string;
    }[];
    expect(flags.map((f) => [f.envelope_id, f.from_status, f.reason, f.operator])).toEqual([
      [self, 'pending', '退職（2024-09-30）', '人事'],
      [wife, 'on_hold', '退職（2024-09-30）', '人事'],
    ]);
    expect(new Set(flags.map((f) => f.action_uid)).size).toBe(1);

    // done: nothing left to propose, and confirming again changes nothing
    expect(reconcile(ctx).proposals).toEqual([]);
    expect(applyRetireeFlags(ctx, [self, wife])).toEqual({ flagged: 0 });
    expect(ctx.db.prepare(`SELECT COUNT(*) FROM events WHERE kind = 'flag'`).pluck().get()).toBe(2);
  });

  it('without a 退職日 the reason is just 退職', () => {
    const ctx = family();
    roster(ctx, ['E1,山田 太郎,1001,退職,,77,1']);
    expect(applyRetireeFlags(ctx, [envelopeOf(ctx, '1')])).toEqual({ flagged: 1 });
    expect(ctx.db.prepare(`SELECT reason FROM events`).pluck().get()).toBe('退職');
  });

  it('a 退職日 still ahead is proposed only once the day has come', () => {
    const ctx = family();
    roster(ctx, ['E1,山田 太郎,1001,在籍,2024-12-31,77,1']);
    expect(reconcile(ctx).proposals).toEqual([]);
    expect(reconcile(ctx).notOnList).toEqual([]);
    const later = createContext(ctx.db, () => new Date('2025-01-06T09:00:00+09:00'));
    expect(reconcile(later).proposals.map((p) => [p.employeeId, p.leftOn])).toEqual([
      ['E1', '2024-12-31'],
      ['E1', '2024-12-31'],
      ['E1', '2024-12-31'],
    ]);
  });

  it('a 健保番号 now held by an employee of the roster is theirs: the old holder’s departure flags nothing', () => {
    const ctx = family();
    roster(ctx, ['E0,鈴木 一,1001,退職,2019-03-31,77,1', 'E1,山田 太郎,1001,在籍,,77,1']);
    expect(reconcile(ctx).proposals).toEqual([]);
  });
});

describe('the follow-up list', () => {
  it('employees on no list, envelopes of nobody in the roster, and names that really differ', () => {
    const ctx = newCtx();
    list(ctx, [
      '77,2,00,髙橋 誠,髙橋 誠,本人',
      '77,3,00,佐藤 健,佐藤 健,本人',
      '77,4,00,鈴木 一,鈴木 一,本人',
      '77,5,00,ﾜﾀﾅﾍﾞ ﾀﾛｳ,ﾜﾀﾅﾍﾞ ﾀﾛｳ,本人',
      '77,6,00,渡辺　太郎,渡辺　太郎,本人',
      '77,6,01,渡辺　太郎,渡辺　花子,妻',
    ]);
    roster(ctx, [
      'E2,高橋 誠,1001,在籍,,77,2', // 髙/高: the same name
      'E3,佐藤 建,1001,在籍,,77,3', // 健/建: a different name
      'E5,ワタナベ タロウ,1001,在籍,,77,5', // half-width kana in the list
      'E6,渡邉 太郎,1001,在籍,,0077,0006', // 邉/辺, zeros and spaces
      'E8,木村 拓,2001,在籍,,77,99', // no envelope anywhere
      'E9,井上 恵,2001,退職,2024-08-15,77,98', // left: nobody expects an envelope
    ]);
    const r = reconcile(ctx);
    expect(r.notOnList).toEqual([{ employeeId: 'E8', name: '木村 拓', deptCode: '2001' }]);
    expect(r.notInRoster).toEqual([{ envelopeId: envelopeOf(ctx, '4'), holderName: '鈴木 一', symbol: '77', number: '4' }]);
    expect(r.nameMismatches).toEqual([{ employeeId: 'E3', rosterName: '佐藤 建', listName: '佐藤 健', symbol: '77', number: '3' }]);
  });

  it('without 記号・番号 in the roster, names are used, and only when they point at one household', () => {
    const ctx = newCtx();
    list(ctx, [
      '77,6,00,中村 洋,中村 洋,本人',
      '77,6,01,中村 洋,中村 光,子',
      '77,7,00,小林 誠,小林 誠,本人',
      '77,8,00,小林 誠,小林 誠,本人',
      '77,9,00,森 聡,森 聡,本人',
    ]);
    storeRosterFile(
      ctx,
      utf8(['社員番号,氏名,在籍区分,退職日', 'E7,中村　洋,退職,2024-09-30', 'E8,小林 誠,退職,2024-09-30', 'E10,加藤 光,在籍,', 'E11,中村 光,在籍,'].join('\n')),
      'roster.csv',
    );
    const r = reconcile(ctx);
    // two households of a 小林 誠: which one left cannot be told by the name
    expect(r.proposals).toEqual([
      expect.objectContaining({ envelopeId: envelopeOf(ctx, '6'), employeeId: 'E7', members: ['中村 洋', '中村 光'], relation: '本人・子', matchedBy: 'name' }),
    ]);
    expect(r.notOnList).toEqual([{ employeeId: 'E10', name: '加藤 光', deptCode: '' }]);
    expect(r.notInRoster).toEqual([{ envelopeId: envelopeOf(ctx, '9'), holderName: '森 聡', symbol: '77', number: '9' }]);
    expect(r.nameMismatches).toEqual([]);
    expect(findByEmployeeId(ctx, 'e7')).toEqual([envelopeOf(ctx, '6')]);
    expect(findByEmployeeId(ctx, 'E8')).toEqual([]);
  });
});

describe('findByEmployeeId', () => {
  it('finds every envelope of the household however the ID is typed, in the roster in force', () => {
    const ctx = newCtx();
    list(ctx, ['77,1,00,山田 太郎,山田 太郎,本人', '77,1,01,山田 太郎,山田 花子,妻', '77,2,00,佐藤 健,佐藤 健,本人'], 'person');
    roster(ctx, ['E0001,山田 太郎,1001,在籍,,77,1']);
    const family = [envelopeOf(ctx, '1'), envelopeOf(ctx, '1', '01')];
    for (const typed of ['E0001', 'e0001', 'Ｅ０００１', 'ｅ０００１ ']) expect(findByEmployeeId(ctx, typed)).toEqual(family);
    expect(findByEmployeeId(ctx, 'E0002')).toEqual([]);
    expect(findByEmployeeId(ctx, '')).toEqual([]);
    roster(ctx, ['E0002,佐藤 健,1001,在籍,,77,2']);
    expect(findByEmployeeId(ctx, 'E0001')).toEqual([]);
    expect(findByEmployeeId(ctx, 'E0002')).toEqual([envelopeOf(ctx, '2')]);
  });
});
