import path from 'node:path';
import fs from 'node:fs';

/** The repository root (this file lives in test/). */
export const repoRoot = path.resolve(__dirname, '..');

/** Read-only fixtures shipped beside the project in ../shared/fixtures. */
export function fixturePath(name: string): string {
  return path.resolve(repoRoot, '..', 'shared', 'fixtures', name);
}

export function readFixture(name: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(fixturePath(name)));
}
