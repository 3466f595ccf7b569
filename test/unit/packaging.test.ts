import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../fixtures';

/**
 * What ships: the packaged Electron's fuses, a supported Electron major, and a lockfile that installs on
 * Windows and macOS as well as here (issue #11).
 */
const read = (f: string) => fs.readFileSync(path.join(repoRoot, f), 'utf8');

/** The `key: value` lines indented under a top-level key of electron-builder.yml. */
function yamlBlock(text: string, key: string): Record<string, string> {
  const out: Record<string, string> = {};
  let inside = false;
  for (const line of text.split(/\r?\n/)) {
    if (/^\S/.test(line)) inside = line.startsWith(`${key}:`);
    else if (inside) {
      const m = /^\s+([A-Za-z]+):\s*(\S+)/.exec(line);
      if (m) out[m[1]!] = m[2]!;
    }
  }
  return out;
}

describe('electron-builder.yml', () => {
  const yml = read('electron-builder.yml');

  it('sets every Electron fuse the app relies on', () => {
    expect(yamlBlock(yml, 'electronFuses')).toMatchObject({
      runAsNode: 'false',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      enableEmbeddedAsarIntegrityValidation: 'true',
      onlyLoadAppFromAsar: 'true',
      enableCookieEncryption: 'true',
    });
  });

  it('packages the prebuilt SQLite binary instead of compiling one', () => {
    expect(yml).toMatch(/^npmRebuild:\s*false/m);
    expect(yml).not.toMatch(/buildDependenciesFromSource:\s*true/);
  });
});

describe('Electron version', () => {
  // Electron ships a major every eight weeks and patches the newest three. Offline, the newest major is
  // estimated from the calendar (45 came out on 2026-10-20); a pinned major that has fallen out of the
  // window fails here, as electronegativity's online version check would.
  const newestMajor = (today: Date) =>
    45 + Math.floor((today.getTime() - Date.UTC(2026, 9, 20)) / (56 * 24 * 3600 * 1000));
  const supported = (major: number, today: Date) => major >= newestMajor(today) - 2;

  it('the pinned Electron is a supported major', () => {
    const pinned = JSON.parse(read('package.json')).devDependencies.electron as string;
    const major = Number(/^(\d+)\./.exec(pinned)?.[1]);
    expect(supported(major, new Date()), `Electron ${pinned} is out of support; move to a newer major`).toBe(true);
  });

  it('the estimate would have caught Electron 40 today', () => {
    expect(supported(40, new Date(Date.UTC(2026, 10, 29)))).toBe(false);
    expect(supported(43, new Date(Date.UTC(2026, 10, 29)))).toBe(true);
  });
});

describe('package-lock.json', () => {
  const lock = JSON.parse(read('package-lock.json')) as {
    packages: Record<string, { optionalDependencies?: Record<string, string>; os?: string[] }>;
  };
  const entries = Object.keys(lock.packages);

  it('records every optional platform package of every dependency (npm ci on any OS)', () => {
    const missing: string[] = [];
    for (const [where, pkg] of Object.entries(lock.packages)) {
      for (const dep of Object.keys(pkg.optionalDependencies ?? {})) {
        const found = entries.some((e) => e === `node_modules/${dep}` || e.endsWith(`/node_modules/${dep}`));
        if (!found) missing.push(`${where || '(root)'} → ${dep}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('holds the Windows and macOS builds of rollup and esbuild', () => {
    for (const name of [
      '@rollup/rollup-win32-x64-msvc',
      '@rollup/rollup-darwin-arm64',
      '@rollup/rollup-darwin-x64',
      '@esbuild/win32-x64',
      '@esbuild/darwin-arm64',
      '@esbuild/darwin-x64',
    ]) {
      expect(entries, name).toContain(`node_modules/${name}`);
    }
  });
});
