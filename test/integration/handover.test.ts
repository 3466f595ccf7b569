import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/services/db/open';
import { createContext, type ServiceContext } from '../../electron/services/context';
import { importFile } from '../../electron/services/lists/importList';
import { handOverEnvelopes, scan } from '../../electron/services/handover/scan';
import { listActions, undoAction } from '../../electron/services/handover/undo';
import { search } from '../../electron/services/handover/search';
import { writeTransitions } from '../../electron/services/handover/transitions';
import { eventsOfEnvelope } from '../../electron/services/handover/views';
import { deptProgress, listEnvelopes } from '../../electron/services/handover/list';
import { getStatus } from '../../electron/services/status';
import { saveSettings } from '../../electron/services/settings';
import { runCli } from '../../electron/cli/run';
import { fixturePath, readFixture } from '../fixtures';
import { tempDir } from '../e2e/harness';

function kyokai(): ServiceContext {
  const ctx = createContext(openDatabase(path.join(tempDir(), 'k.sqlite3')));
  saveSettings(ctx, { companyName: 'テスト', operatorName: '山田' });
  importFile(ctx, readFixture('kyokai-person.csv'), 'kyokai-person.csv', {});
  return ctx;
}

/** Every status equals the target of its last event; untouched envelopes are pending. */
function assertInvariants(ctx: ServiceContext) {
  const bad = ctx.db
    .prepare(
      `SELECT e.id FROM envelopes e LEFT JOIN events v ON v.seq = e.last_event_seq
        WHERE (e.last_event_seq IS NULL AND e.status <> 'pending')
           OR (e.last_event_seq IS NOT NULL AND (v.to_status <> e.status OR v.seq <> (SELECT MAX(seq) FROM events x WHERE x.envelope_id = e.id)))`,
    )
    .all();
  expect(bad).toEqual([]);
}

describe('scan', () => {
  it('hands over the whole household at once and says what to hand over', () => {
    const ctx = kyokai();
    const r = scan(ctx, '01010101 0000002');
    expect(r.result).toBe('handed_over');
    expect(r.summary).toBe('本人・子・子・子 4通');
    expect(r.message).toBe('お渡しください。');
    expect(r.envelope?.members[0]?.name).toBe('田中 さくら');
    expect(getStatus(ctx).envelopes).toMatchObject({ handed_over: 4, pending: 148 });
    assertInvariants(ctx);
  });

  it('accepts the usual spellings of one code', () => {
    const ctx = kyokai();
    expect(scan(ctx, '０１０１０１０１　０００００１').result).toBe('handed_over'); // full-width, ideographic space
    expect(scan(ctx, '1010101-3').result).toBe('handed_over'); // no leading zeros
    expect(scan(ctx, '01010101000000401').result).toBe('handed_over'); // joined with 枝番 (the wife's envelope)
    expect(scan(ctx, '01010101-0000004-00').result).toBe('already_handed_over'); // same household
    expect(getStatus(ctx).envelopes.handed_over).toBe(1 + 1 + 2);
  });

  it('a joined code that two households could mean is not guessed', () => {
    const ctx = kyokai();
    // 01010101|0000005|0 or 01010101|00000050: neither written as in the list, both exist.
    const r = scan(ctx, '0101010100000050');
    expect(r).toMatchObject({ result: 'unknown', ambiguous: true });
    expect(r.message).toMatch(/複数の世帯が該当します/);
    expect(scan(ctx, '01010101000000500').envelope?.number).toBe('0000005'); // written as printed: no doubt
  });

  it('a second scan is amber with when and by whom, and changes nothing', () => {
    const ctx = kyokai();
    scan(ctx, '01010101 0000005');
    const events = ctx.db.prepare('SELECT COUNT(*) FROM events').pluck().get();
    const again = scan(ctx, '01010101 0000005 02', { operator: '佐藤' });
    expect(again.result).toBe('already_handed_over');
    expect(again.message).toMatch(/配付済みです（\d+\/\d+ \d\d:\d\d 山田）/);
    expect(ctx.db.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(events);
  });

  it('unknown codes are grey, with the code, and change nothing', () => {
    const ctx = kyokai();
    expect(scan(ctx, '99999999 1234567')).toMatchObject({ result: 'unknown', code: '99999999 1234567', envelopes: [] });
    expect(scan(ctx, 'ＡＢＣ')).toMatchObject({ result: 'unknown', message: '該当する封筒がありません: ABC' });
    expect(ctx.db.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(0);
  });

  it('returned or held envelopes are red with the reason; the rest of the household is still handed over', () => {
    const ctx = kyokai();
    const wife = ctx.db.prepare(`SELECT envelope_id FROM members WHERE number = '0000004' AND branch = '01'`).pluck().get() as number;
    ctx.db.transaction(() =>
      writeTransitions(ctx, { operator: '山田' }, [{ envelopeId: wife, from: 'pending', to: 'to_return', kind: 'flag', reason: '扶養削除' }]),
    )();
    const r = scan(ctx, '01010101 0000004');
    expect(r.result).toBe('handed_over');
    expect(r.summary).toBe('本人 1通');
    expect(r.message).toContain('妻: 返送対象（扶養削除）');
    const again = scan(ctx, '01010101 0000004 01');
    expect(again.result).toBe('blocked');
    expect(again.message).toMatch(/渡さないでください。妻: 返送対象（扶養削除）/);
    assertInvariants(ctx);
  });

  it('the CLI applies the same rules and prints the contract JSON', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'k.db');
    const run = async (args: string[]) => {
      const out: string[] = [];
      const code = await runCli(args, { out: (s) => out.push(s), err: () => {} });
      return { code, json: JSON.parse(out.join('\n')) };
    };
    await run(['import', fixturePath('kenpo-household.xlsx'), '--db', db, '--json']);
    const r = await run(['scan', '1234-12345601-00', '--db', db, '--json', '--operator', '受付A']);
    expect(r.code).toBe(0);
    expect(r.json.result).toBe('handed_over');
    expect(r.json.envelope).toMatchObject({ symbol: '1234', number: '12345601', holderName: '松本　太郎', status: 'handed_over' });
    expect(r.json.members.map((m: { name: string }) => m.name)).toEqual(['松本　太郎', '松本　さくら', '松本　芽依', '松本　結菜']);
    expect((await run(['scan', '1234-12345601-00', '--db', db, '--json'])).json.result).toBe('already_handed_over');
    expect((await run(['scan', '0000-0000', '--db', db, '--json'])).json).toMatchObject({ result: 'unknown', envelope: null, members: [] });
    expect((await run(['status', '--db', db, '--json'])).json.envelopes).toMatchObject({ total: 48, handed_over: 1, pending: 47 });
    const ev = openDatabase(db).prepare('SELECT operator FROM events').pluck().all();
    expect(ev).toEqual(['受付A']);
  });
});

describe('undo and history', () => {
  it('undo is a new event; the last action first, then any earlier one', () => {
    const ctx = kyokai();
    const a = scan(ctx, '01010101 0000002');
    const b = scan(ctx, '01010101 0000003');
    expect(undoAction(ctx, undefined)).toEqual({ undone: 1, actionUid: b.actionUid });
    expect(getStatus(ctx).envelopes.handed_over).toBe(4);
    expect(undoAction(ctx, a.actionUid!)).toEqual({ undone: 4, actionUid: a.actionUid });
    expect(getStatus(ctx).envelopes.handed_over).toBe(0);
    expect(() => undoAction(ctx, a.actionUid!)).toThrow(/すでに取り消されています/);
    const history = eventsOfEnvelope(ctx.db, a.envelope!.id);
    expect(history.map((e) => [e.kind, e.fromStatus, e.toStatus, e.undone])).toEqual([
      ['handover', 'pending', 'handed_over', true],
      ['undo', 'handed_over', 'pending', false],
    ]);
    const actions = listActions(ctx);
    expect(actions.map((x) => [x.kind, x.envelopes, x.undone])).toEqual([
      ['undo', 4, false],
      ['undo', 1, false],
      ['handover', 1, true],
      ['handover', 4, true],
    ]);
    // Scanning after undo hands it over again.
    expect(scan(ctx, '01010101 0000003').result).toBe('handed_over');
    assertInvariants(ctx);
  });

  it('refuses to undo an action when the envelope changed since', () => {
    const ctx = kyokai();
    const a = scan(ctx, '01010101 0000003');
    undoAction(ctx, a.actionUid!);
    scan(ctx, '01010101 0000003');
    // a is already undone; the newer hand-over must be undone first, and an undo cannot be undone.
    const undoOfA = listActions(ctx).find((x) => x.isUndo)!;
    expect(() => undoAction(ctx, undoOfA.actionUid)).toThrow(/取り消しの操作は取り消せません/);
    expect(() => undoAction(ctx, a.actionUid!)).toThrow(/すでに取り消されています|別の操作/);
  });

  it('nothing to undo is said plainly', () => {
    const ctx = kyokai();
    expect(() => undoAction(ctx, undefined)).toThrow('取り消せる操作はありません。');
  });
});

describe('tick off after a search', () => {
  it('finds by kanji, kana of any width, hiragana and 記号番号', () => {
    const ctx = kyokai();
    const names = (q: string) => search(ctx, q).map((h) => h.envelope.members[0]!.name);
    const kanji = names('田中');
    expect(kanji.length).toBeGreaterThan(0);
    expect(kanji.every((n) => n.startsWith('田中'))).toBe(true);
    expect(names('ﾀﾅｶ')).toEqual(kanji);
    expect(names('たなか')).toEqual(kanji);
    expect(names('タナカ')).toEqual(kanji);
    expect(names('0000002')[0]).toBe('田中 さくら');
    expect(names('高橋 大輔')).toEqual(['髙橋 大輔']); // 髙 found by 高
    expect(names('')).toEqual([]);
  });

  it('records a proxy recipient with a name', () => {
    const ctx = kyokai();
    const [hit] = search(ctx, '林 美咲');
    const r = handOverEnvelopes(ctx, [hit!.envelope.id], { recipient: { kind: 'proxy', name: '林 一郎（夫）' } });
    expect(r.result).toBe('handed_over');
    expect(eventsOfEnvelope(ctx.db, hit!.envelope.id)[0]!.recipient).toEqual({ kind: 'proxy', name: '林 一郎（夫）' });
  });

  it('the list filters, sorts and pages; progress per 所属 adds up', () => {
    const ctx = kyokai();
    scan(ctx, '01010101 0000002');
    const all = listEnvelopes(ctx, { filter: {}, sort: 'number', offset: 0, limit: 10 });
    expect(all.total).toBe(152);
    expect(all.rows[0]).toMatchObject({ number: '0000001', status: 'pending' });
    const done = listEnvelopes(ctx, { filter: { status: 'handed_over' }, sort: 'name', offset: 0, limit: 100 });
    expect(done.total).toBe(4);
    const dept = listEnvelopes(ctx, { filter: { deptCode: '3001' }, sort: 'dept', offset: 0, limit: 500 });
    expect(dept.rows.every((r) => r.deptCode === '3001')).toBe(true);
    const progress = deptProgress(ctx);
    expect(progress.reduce((s, d) => s + d.total, 0)).toBe(152);
    expect(progress.reduce((s, d) => s + d.handedOver, 0)).toBe(4);
    expect(progress.find((d) => d.deptCode === '3001')!.handedOver).toBe(4);
  });
});
