import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../fixtures';

// The benchmark's JSON is a contract for checks outside the project: every key must be there and be a
// number. Its values are not asserted: speed is judged from `npm run bench`, never in tests.
describe('npm run bench -- --json', () => {
  it('prints one JSON object with every figure', { timeout: 300_000 }, () => {
    const out = execFileSync('npm', ['run', '--silent', 'bench', '--', '--members', '300', '--runs', '1', '--camera-photos', '4', '--json'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(1);
    const j = JSON.parse(lines[0]!);
    for (const key of ['importXlsxRatio', 'importCsvRatio', 'importPeakRssRatio', 'scanP50Ms', 'scanP99Ms', 'searchP50Ms', 'searchP99Ms', 'baselineP99Ms', 'reportRatio', 'soakScanP99Ms', 'soakHeapGrowthMb', 'postScanRefreshP99Ms', 'scanUnderLoadP99Ms', 'cameraReadP50Ms', 'cameraAccuracy', 'cameraWrong', 'syncPushRatio', 'syncConvergeMs']) {
      expect(typeof j[key], key).toBe('number');
      expect(Number.isFinite(j[key]), key).toBe(true);
    }
    expect(j.members).toBe(300);
    expect(j).not.toHaveProperty('uiScanP99Ms');
  });

  it('adds uiScanP99Ms with --ui (the real renderer in Chromium)', { timeout: 300_000 }, () => {
    const out = execFileSync('npm', ['run', '--silent', 'bench', '--', '--members', '300', '--runs', '1', '--camera-photos', '2', '--json', '--ui'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    const j = JSON.parse(out.trim());
    expect(typeof j.uiScanP99Ms).toBe('number');
    expect(j.uiScanP99Ms).toBeGreaterThan(0);
  });
});
