import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/services/db/open';
import { createContext } from '../../electron/services/context';
import { importFile } from '../../electron/services/lists/importList';
import { boxCheckScan, boxCheckStatus, finishBoxCheck, recordNotOnList } from '../../electron/services/lists/boxCheck';
import { readFixture } from '../fixtures';
import { tempDir } from '../e2e/harness';

describe('受入チェック', () => {
  it('scans count once, foreign and unknown codes are said, the rest becomes 箱に無い at the end', () => {
    const ctx = createContext(openDatabase(path.join(tempDir(), 'k.sqlite3')));
    const kenpo = importFile(ctx, readFixture('kenpo-household.xlsx'), 'kenpo.xlsx', {}).shipmentId!;
    importFile(ctx, readFixture('kyokai-person.csv'), 'kyokai.csv', {});

    expect(boxCheckScan(ctx, kenpo, '1234-12345601-02')).toMatchObject({ result: 'checked', envelope: { number: '12345601' }, status: { checked: 1, total: 48 } });
    expect(boxCheckScan(ctx, kenpo, '1234 12345601').result).toBe('already');
    expect(boxCheckScan(ctx, kenpo, '01010101 0000001').result).toBe('other_shipment');
    expect(boxCheckScan(ctx, kenpo, '9999 1').result).toBe('unknown');
    expect(boxCheckStatus(ctx, kenpo).unseen).toHaveLength(47);

    recordNotOnList(ctx, kenpo, '1234 12399999 山田 一郎', '2箱目');
    const done = finishBoxCheck(ctx, kenpo);
    expect(done).toMatchObject({ checked: 1, missingRecorded: 47, finished: true, notOnList: [{ windowText: '1234 12399999 山田 一郎', note: '2箱目' }] });
    // Found later after all: no longer 箱に無い.
    boxCheckScan(ctx, kenpo, '1234 12345602');
    expect(boxCheckStatus(ctx, kenpo).missingRecorded).toBe(46);
    // A 箱に無い record never changes what happens at the desk.
    expect(ctx.db.prepare(`SELECT COUNT(*) FROM envelopes WHERE status <> 'pending'`).pluck().get()).toBe(0);
  });
});
