import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../fixtures';

/**
 * scripts/electronegativity.mjs guards `npm test` (pretest). These runs prove it can fail: on an insecure
 * sample it exits 1 and names the checks, and the project's own justifications do not excuse a window that
 * switches the isolation off.
 */
const script = path.join(repoRoot, 'scripts', 'electronegativity.mjs');
const roots: string[] = [];
afterAll(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

const CSP = "default-src 'none'; script-src 'self'; object-src 'none'; base-uri 'none'";

function sample(main: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kubaru-eng-test-'));
  roots.push(root);
  fs.mkdirSync(path.join(root, 'electron'), { recursive: true });
  fs.mkdirSync(path.join(root, 'dist', 'renderer'), { recursive: true });
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'sample', devDependencies: { electron: '40.10.2' } }));
  fs.writeFileSync(path.join(root, 'electron', 'main.ts'), main);
  fs.writeFileSync(
    path.join(root, 'dist', 'renderer', 'index.html'),
    `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${CSP}" /></head><body></body></html>`,
  );
  return root;
}

function check(root: string, justified: string = path.join(root, 'none.json')) {
  const r = spawnSync(process.execPath, [script, '--root', root, '--justified', justified], { encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

const INSECURE = `import { app, BrowserWindow } from 'electron';
app.whenReady().then(() => {
  const win = new BrowserWindow({
    webPreferences: { nodeIntegration: true, contextIsolation: false, webSecurity: false },
  });
  win.loadURL('http://example.com/');
});
`;

describe('scripts/electronegativity.mjs', () => {
  const insecure = sample(INSECURE);
  let first: ReturnType<typeof check> | undefined;

  it('fails on a window with nodeIntegration on and contextIsolation off', () => {
    first = check(insecure);
    const { status, out } = first;
    expect(status).toBe(1);
    expect(out).toContain('NODE_INTEGRATION_JS_CHECK');
    expect(out).toContain('CONTEXT_ISOLATION_JS_CHECK');
    expect(out).toContain('WEB_SECURITY_JS_CHECK');
    expect(out).toContain('electron/main.ts');
    expect(out).toMatch(/unjustified finding/);
  });

  it("is not silenced by the project's justifications, which cover only the hardened windowOptions() call", () => {
    const { status, out } = check(insecure, path.join(repoRoot, 'electronegativity-justified.json'));
    expect(status).toBe(1);
    expect(out).toContain('NODE_INTEGRATION_JS_CHECK');
    expect(out).toContain('CONTEXT_ISOLATION_JS_CHECK');
  });

  it('passes once every finding is justified, and only then', () => {
    const root = insecure;
    first ??= check(root);
    const listed = [...first.out.matchAll(/^ {2}([A-Z_]+) \[[A-Z]+\/[A-Z]+\] ([^:\s]+):/gm)].map((m) => ({
      check: m[1],
      file: m[2],
      reason: 'test',
    }));
    expect(listed.length).toBeGreaterThan(3);
    const all = path.join(os.tmpdir(), `kubaru-eng-justified-${process.pid}.json`);
    roots.push(all);
    fs.writeFileSync(all, JSON.stringify(listed));
    expect(check(root, all).status).toBe(0);
    fs.writeFileSync(all, JSON.stringify(listed.filter((j) => j.check !== 'NODE_INTEGRATION_JS_CHECK')));
    const partial = check(root, all);
    expect(partial.status).toBe(1);
    expect(partial.out).toContain('NODE_INTEGRATION_JS_CHECK');
  });

  it('fails when a source file cannot be parsed (an unparsed file is an unchecked one)', () => {
    const root = sample('export const broken = {{{ ;\n');
    const { status, out } = check(root);
    expect(status).toBe(1);
    expect(out).toContain('PARSE ERROR');
  });
});
