import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/run';
import { repoRoot } from '../fixtures';
import { tempDir } from '../e2e/harness';

function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('cli status', () => {
  it('creates a new database and prints zero counts as JSON', () => {
    const db = path.join(tempDir(), 'new.db');
    const r = cli(['status', '--db', db, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      envelopes: { total: 0, pending: 0, handed_over: 0, to_return: 0, returned: 0, on_hold: 0 },
      members: 0,
    });
    expect(fs.existsSync(db)).toBe(true);
  });

  it('a database in a missing folder: exit 1 and a JSON error', () => {
    const r = cli(['status', '--db', path.join(tempDir(), 'no', 'such', 'dir', 'x.db'), '--json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.ok).toBe(false);
    expect(j.error).toMatch(/フォルダがありません/);
  });

  it('usage errors are JSON too', () => {
    expect(JSON.parse(cli(['status', '--json']).out)).toEqual({ ok: false, error: '--db FILE を指定してください' });
    const unknown = cli(['frobnicate', '--db', 'x', '--json']);
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.out).error).toMatch(/不明なコマンドです: frobnicate/);
    const badFlag = cli(['status', '--db', path.join(tempDir(), 'a.db'), '--json', '--bogus']);
    expect(badFlag.code).toBe(1);
  });

  it('prints Japanese text without --json', () => {
    const r = cli(['status', '--db', path.join(tempDir(), 'a.db')]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('封筒 0通');
    expect(r.out).toContain('配付済: 0');
  });

  it('the documented npm command prints only JSON on stdout', () => {
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
