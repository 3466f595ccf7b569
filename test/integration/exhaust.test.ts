/**
 * Files built to exhaust the app (issue #11 §4). Each is read by the importer's reader in a child process
 * (test/memory/readChild.ts) so its memory is measured on its own, not blurred by the test runner's heap.
 *
 * - An xlsx of 8,000 tiny parts (under 1 MB): zlib hands each inflated part back as a view of a 64 KB chunk, so
 *   before the fix the parts held about 500 MB of buffers while the 256 MB inflate limit, which counts only
 *   their lengths, saw under 1 MB. Now such a file is refused before anything is inflated.
 * - A CSV of one row with 30 million commas: before the fix every empty field became a string in an array
 *   (about 4–7 s and 620–660 MB here), and the file was then read as if it were a list. Now the row is refused
 *   once it passes Excel's 16,384 columns.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../fixtures';
import { zip } from '../zipWriter';
import { MSG_TOO_MANY_PARTS } from '../../electron/services/sheet/unzip';
import { tooManyFieldsMessage } from '../../electron/services/sheet/csv';
import { MAX_CSV_FIELDS } from '../../electron/services/sheet/limits';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubaru-exhaust-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface ChildReport {
  ok: boolean;
  error: string;
  ms: number;
  maxRssMb: number;
  /** growth of memory held in ArrayBuffers (zlib's output among them) while the reader ran */
  heldArrayBuffersMb: number;
}

function readInChild(file: string): ChildReport {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'test', 'memory', 'readChild.ts'), file], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(r.status, r.stderr).toBe(0);
  const report = JSON.parse(r.stdout) as ChildReport;
  console.log(`${path.basename(file)}: ${JSON.stringify(report)}`);
  return report;
}

describe('files that try to exhaust the app', () => {
  it('an xlsx of 8,000 tiny parts is refused with a message, without holding memory for them', () => {
    const text = new TextEncoder();
    const parts = [{ name: '[Content_Types].xml', data: text.encode('<Types/>') }];
    for (let i = 0; i < 8000; i++) parts.push({ name: `xl/media/part${i}.xml`, data: text.encode(`<a>${i}</a>`) });
    const file = path.join(dir, 'parts8000.xlsx');
    fs.writeFileSync(file, zip(parts));
    expect(fs.statSync(file).size).toBeLessThan(1024 * 1024);

    const r = readInChild(file);
    // Before the fix: about 500 MB of buffers for a file under 1 MB.
    expect(r.heldArrayBuffersMb).toBeLessThan(64);
    expect(r.ok).toBe(false);
    expect(r.error).toBe(MSG_TOO_MANY_PARTS);
  }, 120_000);

  it('a CSV of one row with 30 million commas is refused with a message', () => {
    const file = path.join(dir, 'commas.csv');
    fs.writeFileSync(file, `記号,番号,氏名\n${','.repeat(30_000_000)}\n`);
    const r = readInChild(file);
    expect(r.ok).toBe(false);
    expect(r.error).toBe(tooManyFieldsMessage(MAX_CSV_FIELDS));
  }, 120_000);

  it('a CSV saved by Excel with empty columns up to XFD is still read', () => {
    const file = path.join(dir, 'xfd.csv');
    const pad = ','.repeat(MAX_CSV_FIELDS - 4);
    fs.writeFileSync(file, `記号,番号,氏名,備考${pad}\n01010101,0000001,髙橋 大輔,${pad}\n`);
    const r = readInChild(file);
    expect(r.error).toBe('');
    expect(r.ok).toBe(true);
  }, 120_000);
});
