import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/run';
import { fixturePath, repoRoot } from '../fixtures';
import { tempDir } from '../e2e/harness';

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('cli status', () => {
  it('creates a new database and prints zero counts as JSON', async () => {
    const db = path.join(tempDir(), 'new.db');
    const r = await cli(['status', '--db', db, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      envelopes: { total: 0, pending: 0, handed_over: 0, to_return: 0, returned: 0, on_hold: 0, direct: 0 },
      members: 0,
      sync: { pending: 0, conflicts: 0, lastSyncAt: null },
    });
    expect(fs.existsSync(db)).toBe(true);
  });

  it('a database in a missing folder: exit 1 and a JSON error', async () => {
    const r = await cli(['status', '--db', path.join(tempDir(), 'no', 'such', 'dir', 'x.db'), '--json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.ok).toBe(false);
    expect(j.error).toMatch(/フォルダがありません/);
  });

  it('usage errors are JSON too', async () => {
    expect(JSON.parse((await cli(['status', '--json'])).out)).toEqual({ ok: false, error: '--db FILE を指定してください' });
    const unknown = await cli(['frobnicate', '--db', 'x', '--json']);
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.out).error).toMatch(/不明なコマンドです: frobnicate/);
    const badFlag = await cli(['status', '--db', path.join(tempDir(), 'a.db'), '--json', '--bogus']);
    expect(badFlag.code).toBe(1);
  });

  it('prints Japanese text without --json', async () => {
    const r = await cli(['status', '--db', path.join(tempDir(), 'a.db')]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('封筒 0通');
    expect(r.out).toContain('配付済: 0');
  });

  it('the documented npm command prints only JSON on stdout', async () => {
    const dir = tempDir();
    const out = execFileSync('npm', ['run', '--silent', 'cli', '--', 'status', '--db', path.join(dir, 'NEW.db'), '--json'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toMatchObject({ envelopes: { total: 0 }, members: 0 });
    const bad = spawnSync('npm', ['run', '--silent', 'cli', '--', 'status', '--db', path.join(dir, 'x', 'y.db'), '--json'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false });
  });
});

describe('cli import', () => {
  it('imports the good rows and prints the contract JSON', async () => {
    const db = path.join(tempDir(), 'k.db');
    const r = await cli(['import', fixturePath('bad/missing-number.csv'), '--db', db, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ ok: true, envelopes: 2, members: 2, households: 2, problems: [{ row: 3 }], ignoredColumns: [] });
    expect(typeof j.problems[0].reason).toBe('string');
    expect(JSON.parse((await cli(['status', '--db', db, '--json'])).out)).toMatchObject({ envelopes: { total: 2, pending: 2 }, members: 2 });
  });

  it('--unit and --insurer override the proposal; the same file again adds nothing', async () => {
    const db = path.join(tempDir(), 'k.db');
    const r = JSON.parse((await cli(['import', fixturePath('kyokai-person.csv'), '--db', db, '--json', '--unit', 'household', '--insurer', '全国健康保険協会'])).out);
    expect(r).toMatchObject({ ok: true, envelopes: 90, members: 152, households: 90, insurer: '全国健康保険協会', unit: 'household' });
    const again = JSON.parse((await cli(['import', fixturePath('kyokai-person.csv'), '--db', db, '--json', '--insurer', '全国健康保険協会'])).out);
    expect(again).toMatchObject({ ok: true, envelopes: 0, members: 0 });
    expect(again.notice).toMatch(/取込済み/);
    expect(JSON.parse((await cli(['status', '--db', db, '--json'])).out).envelopes.total).toBe(90);
  });

  it('reports ignored My Number columns', async () => {
    const r = JSON.parse((await cli(['import', fixturePath('bad/mynumber-column.csv'), '--db', path.join(tempDir(), 'k.db'), '--json'])).out);
    expect(r.ignoredColumns).toEqual(['個人番号']);
    expect(JSON.stringify(r)).not.toMatch(/\d{12}/);
  });

  it.each([
    ['bad/garbage.xlsx', /ファイルを読めません/],
    ['bad/unrelated-table.csv', /見つかりません/],
    ['bad/empty.csv', /取り込む行がありません/],
  ])('%s: exit 1, a JSON error, nothing stored', async (name, message) => {
    const db = path.join(tempDir(), 'k.db');
    const r = await cli(['import', fixturePath(name), '--db', db, '--json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.ok).toBe(false);
    expect(j.error).toMatch(message);
    expect(JSON.parse((await cli(['status', '--db', db, '--json'])).out).envelopes.total).toBe(0);
  });

  it('refuses a missing file, a bad --unit and a file too large to read', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'k.db');
    expect(JSON.parse((await cli(['import', path.join(dir, 'nope.csv'), '--db', db, '--json'])).out).error).toMatch(/見つかりません/);
    expect(JSON.parse((await cli(['import', fixturePath('kyokai-person.csv'), '--db', db, '--json', '--unit', 'box'])).out).error).toMatch(/--unit/);
    const huge = path.join(dir, 'huge.csv');
    fs.writeFileSync(huge, '');
    fs.truncateSync(huge, 65 * 1024 * 1024); // sparse: costs no disk, and must not be read
    const r = await cli(['import', huge, '--db', db, '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).error).toMatch(/大きすぎます/);
  });
});

describe('cli roster', () => {
  it('flags the retirees and prints the contract JSON', async () => {
    const db = path.join(tempDir(), 'k.db');
    await cli(['import', fixturePath('kenpo-household.xlsx'), '--db', db, '--json']);
    const r = await cli(['roster', fixturePath('roster.csv'), '--db', db, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j).sort()).toEqual(['flaggedEnvelopes', 'nameMismatches', 'notInRoster', 'notOnList', 'ok']);
    expect(j).toMatchObject({ ok: true, flaggedEnvelopes: 5, notInRoster: 0, nameMismatches: [] });
    expect(j.notOnList.map((e: { employeeId: string }) => e.employeeId)).toEqual(['E10049', 'E10050', 'E10051', 'E10052']);
    expect(JSON.parse((await cli(['status', '--db', db, '--json'])).out).envelopes.to_return).toBe(5);
    // An employee ID card now finds the household at the desk.
    expect(JSON.parse((await cli(['scan', 'E10002', '--db', db, '--json'])).out)).toMatchObject({ result: 'handed_over', envelope: { number: '12345601' } });
    expect(JSON.parse((await cli(['scan', 'E10004', '--db', db, '--json'])).out).result).toBe('blocked');
  });

  it('two insurers share the 記号・番号: without --insurer exit 1 naming both; with it, one insurer’s 5 envelopes', async () => {
    const db = path.join(tempDir(), 'k.db');
    for (const insurer of ['テスト健康保険組合', '協会けんぽ']) {
      await cli(['import', fixturePath('kenpo-household.xlsx'), '--db', db, '--json', '--unit', 'household', '--insurer', insurer]);
    }
    const refused = await cli(['roster', fixturePath('roster.csv'), '--db', db, '--json']);
    expect(refused.code).toBe(1);
    const err = JSON.parse(refused.out);
    expect(Object.keys(err)).toEqual(['ok', 'error']);
    expect(err.ok).toBe(false);
    expect(err.error).toContain('テスト健康保険組合');
    expect(err.error).toContain('協会けんぽ');
    expect(JSON.parse((await cli(['status', '--db', db, '--json'])).out).envelopes.to_return).toBe(0);

    const r = await cli(['roster', fixturePath('roster.csv'), '--db', db, '--json', '--insurer', '協会けんぽ']);
    expect(r.code).toBe(0);
    // the other insurer's 48 envelopes are nobody's in this roster
    expect(JSON.parse(r.out)).toMatchObject({ ok: true, flaggedEnvelopes: 5, notInRoster: 48 });
    expect(JSON.parse((await cli(['status', '--db', db, '--json'])).out).envelopes.to_return).toBe(5);
    // an employee ID card hands over the envelope of the roster's insurer only
    expect(JSON.parse((await cli(['scan', 'E10002', '--db', db, '--json'])).out)).toMatchObject({ result: 'handed_over', handedOverIds: [50] });
  });
});

describe('cli export report', () => {
  it('writes the xlsx the app writes, and refuses a path it cannot write with exit 1', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'k.db');
    await cli(['import', fixturePath('kenpo-household.xlsx'), '--db', db, '--json']);
    await cli(['scan', '1234 12345601', '--db', db, '--json']);
    const out = path.join(dir, '完了報告.xlsx');
    const r = await cli(['export', 'report', '--db', db, '--out', out, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ ok: true, path: out, rows: 48 });
    expect(fs.statSync(out).size).toBeGreaterThan(1000);
    const bad = await cli(['export', 'report', '--db', db, '--out', path.join(dir, 'no', 'such', 'r.xlsx'), '--json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out)).toMatchObject({ ok: false, error: expect.stringContaining(path.join(dir, 'no', 'such')) });
  });
});

describe('cli --operator', () => {
  it('is stored under the rule 設定 applies: a My Number typed into it is masked, an overlong name refused', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'k.db');
    await cli(['import', fixturePath('kenpo-household.xlsx'), '--db', db, '--json']);
    const r = await cli(['scan', '1234 12345601', '--db', db, '--json', '--operator', '山田 1234 5678-9018']);
    expect(JSON.parse(r.out)).toMatchObject({ result: 'handed_over' });
    const Database = (await import('better-sqlite3')).default;
    const conn = new Database(db, { readonly: true });
    const operators = conn.prepare('SELECT DISTINCT operator FROM events').pluck().all() as string[];
    conn.close();
    expect(operators).toEqual(['山田 ************']);

    const long = await cli(['scan', '1234 12345602', '--db', db, '--json', '--operator', 'あ'.repeat(51)]);
    expect(long.code).toBe(1);
    expect(JSON.parse(long.out)).toEqual({ ok: false, error: '担当者名は50文字以内で入力してください' });
  });
});
