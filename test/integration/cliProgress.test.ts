/** The CLI's progress (issue #13): on a terminal it goes to stderr; stdout, and a piped stderr, never change. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/run';
import { generateRows, toXlsx } from '../../bench/generate';
import { tempDir } from '../e2e/harness';
import { repoRoot } from '../fixtures';

function listFile(): string {
  const file = path.join(tempDir(), 'list.xlsx');
  fs.writeFileSync(file, toXlsx(generateRows(3000, 4)));
  return file;
}

describe('cli progress', () => {
  it('shows the phases and growing counts of an import where a terminal asks for them, and the JSON is the same', async () => {
    const file = listFile();
    const run = async (progress: boolean) => {
      const out: string[] = [];
      const lines: string[] = [];
      const db = path.join(tempDir(), 'k.sqlite3');
      const code = await runCli(['import', file, '--db', db, '--json'], {
        out: (s) => out.push(s),
        err: () => {},
        ...(progress ? { progress: (s: string) => lines.push(s) } : {}),
      });
      return { code, out, lines };
    };
    const plain = await run(false);
    const shown = await run(true);
    expect(shown.code).toBe(0);
    expect(shown.out).toEqual(plain.out);
    expect(JSON.parse(shown.out[0]!)).toMatchObject({ ok: true, members: 3000 });
    expect(shown.lines[0]).toBe('読み込み…');
    expect(shown.lines).toContain('確認 0 / 3,000件');
    const writing = shown.lines.filter((l) => l.startsWith('書き込み'));
    expect(writing.at(-1)).toMatch(/^書き込み ([\d,]+) \/ \1件$/);
  });

  it('prints nothing but the JSON when stderr is not a terminal', { timeout: 60_000 }, () => {
    const file = listFile();
    const db = path.join(tempDir(), 'k.sqlite3');
    const r = execFileSync('npm', ['run', '--silent', 'cli', '--', 'import', file, '--db', db, '--json'], {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(JSON.parse(r.trim())).toMatchObject({ ok: true, members: 3000 });
  });
});
