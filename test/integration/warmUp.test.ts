import fs from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { warmUpScan } from '../../electron/services/warmUp';

describe('scan warm-up', () => {
  it('hands over and re-scans an envelope of a scratch list once per process, and leaves no file behind', async () => {
    const before = fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('kubaru-warmup-'));
    const logged: string[] = [];
    // The scratch list must still import and scan: otherwise the warm-up silently stops warming.
    expect(await warmUpScan((m, e) => logged.push(`${m}: ${String(e)}`))).toEqual(['handed_over', 'already_handed_over']);
    expect(logged).toEqual([]);
    expect(await warmUpScan(() => undefined)).toEqual([]);
    expect(fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('kubaru-warmup-'))).toEqual(before);
  });
});
