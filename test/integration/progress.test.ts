import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/services/db/open';
import { createContext } from '../../electron/services/context';
import { importFile } from '../../electron/services/lists/importList';
import { scan } from '../../electron/services/handover/scan';
import { holdEnvelopes } from '../../electron/services/returns/flags';
import { followUpSheet, progressOverview } from '../../electron/services/progress';
import { readFixture } from '../fixtures';
import { tempDir } from '../e2e/harness';

describe('progress', () => {
  it('adds up per 所属, shipment and insurer, ages open envelopes from the box date, lists the late ones', () => {
    let now = new Date('2024-09-01T09:00:00Z');
    const ctx = createContext(openDatabase(path.join(tempDir(), 'k.sqlite3')), () => now);
    const p = importFile(ctx, readFixture('kenpo-household.xlsx'), 'kenpo.xlsx', {});
    // The box came on 2024-08-20 (the CLI path leaves 受領日 empty; the screen sets it).
    ctx.db.prepare(`UPDATE shipments SET received_on = '2024-08-20' WHERE id = ?`).run(p.shipmentId);
    scan(ctx, '1234 12345601');
    const held = ctx.db.prepare(`SELECT id FROM envelopes WHERE number = '12345602'`).pluck().get() as number;
    holdEnvelopes(ctx, { envelopeIds: [held], reason: '休職' });

    const o = progressOverview(ctx);
    for (const groups of [o.byDept, o.byShipment, o.byInsurer]) {
      expect(groups.reduce((s, g) => s + g.total, 0)).toBe(48);
      expect(groups.reduce((s, g) => s + g.handedOver, 0)).toBe(1);
      expect(groups.reduce((s, g) => s + g.onHold, 0)).toBe(1);
    }
    expect(o.byInsurer).toEqual([expect.objectContaining({ label: 'サンプル電機健康保険組合', total: 48, pending: 46 })]);
    expect(o.byDept.find((d) => d.key === '1001')!.label).toBe('1001 本社 総務部');
    expect(o.openAges).toEqual([
      { label: '7日以内', count: 0 },
      { label: '8〜14日', count: 47 },
      { label: '15〜30日', count: 0 },
      { label: '31日以上', count: 0 },
    ]);
    expect(o.oldestOpenDays).toBe(12);

    expect(followUpSheet(ctx, 14).depts).toEqual([]);
    now = new Date('2024-09-10T09:00:00Z');
    const sheet = followUpSheet(ctx, 14);
    expect(sheet.depts.reduce((s, d) => s + d.rows.length, 0)).toBe(47);
    const row = sheet.depts.flatMap((d) => d.rows).find((r) => r.envelopeId === held)!;
    expect(row).toMatchObject({ status: 'on_hold', reason: '休職', days: 21 });
  });
});
