/**
 * 受入チェック records across desks, against a real PostgreSQL server (started here, stopped after): scans and
 * リストに無い records made at one desk show in another desk's box check; the same envelope scanned at two
 * desks counts once; a late find at one desk takes back 箱に無い recorded at another. (配付業務の完了 removing
 * them from the server: finish.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { tempDir } from '../e2e/harness';
import { readFixture } from '../fixtures';
import { importFile } from '../../electron/services/lists/importList';
import { boxCheckScan, boxCheckStatus, finishBoxCheck, recordNotOnList } from '../../electron/services/lists/boxCheck';
import { syncStatus } from '../../electron/services/sync/state';
import { deviceId } from '../../electron/services/settings';
import { freshCampaign, openDesk, syncDesk, useServer, type Desk } from './desks';

const server = useServer();

const kenpoOf = (d: Desk) => d.db.prepare(`SELECT id FROM shipments WHERE file_name = 'kenpo-household.xlsx'`).pluck().get() as number;

/** The box check as the clerk sees it, without local row ids. */
function checkView(d: Desk) {
  const s = boxCheckStatus(d.ctx, kenpoOf(d));
  return {
    total: s.total,
    checked: s.checked,
    finished: s.finished,
    missingRecorded: s.missingRecorded,
    unseen: s.unseen.map((e) => `${e.symbol}-${e.number}-${e.branch}`),
    notOnList: s.notOnList.map((n) => ({ windowText: n.windowText, note: n.note, recordedAt: n.recordedAt })),
  };
}

async function twoDesksWithTheList(): Promise<[Desk, Desk]> {
  await freshCampaign(server().url);
  const dir = tempDir();
  const a = openDesk(dir, '窓口A');
  importFile(a.ctx, readFixture('kenpo-household.xlsx'), 'kenpo-household.xlsx', {});
  await syncDesk(a, server().url);
  const b = openDesk(dir, '窓口B');
  await syncDesk(b, server().url);
  return [a, b];
}

describe('受入チェック through PostgreSQL', () => {
  it("one desk's scans and リストに無い records show in the other desk's box check; an envelope scanned at both counts once", async () => {
    const [a, b] = await twoDesksWithTheList();
    boxCheckScan(a.ctx, kenpoOf(a), '1234 12345601');
    boxCheckScan(a.ctx, kenpoOf(a), '1234 12345602');
    recordNotOnList(a.ctx, kenpoOf(a), '1234 12399999 山田\t一郎', '2箱目');
    boxCheckScan(b.ctx, kenpoOf(b), '1234 12345602'); // the same envelope, at B too
    boxCheckScan(b.ctx, kenpoOf(b), '1234 12345603');
    expect(syncStatus(a.db, deviceId(a.ctx)).pending).toBe(3);

    await syncDesk(a, server().url);
    expect(syncStatus(a.db, deviceId(a.ctx)).pending).toBe(0);
    await syncDesk(b, server().url);
    await syncDesk(a, server().url);

    const seen = checkView(a);
    expect(seen).toMatchObject({ total: 48, checked: 3, finished: false, missingRecorded: 0 });
    expect(seen.unseen).not.toContain('1234-12345603-00');
    expect(seen.notOnList).toEqual([{ windowText: '1234 12399999 山田\t一郎', note: '2箱目', recordedAt: expect.any(String) }]);
    expect(checkView(b)).toEqual(seen);
    expect(boxCheckScan(b.ctx, kenpoOf(b), '1234 12345601').result).toBe('already'); // A's scan, seen at B
    // Once more changes nothing: every record is on the server once.
    expect((await syncDesk(a, server().url)).pushed + (await syncDesk(b, server().url)).pulled).toBe(0);
    const c = new pg.Client({ connectionString: server().url });
    await c.connect();
    expect((await c.query(`SELECT kind, COUNT(*)::int AS n FROM kubaru.box_checks GROUP BY kind ORDER BY kind`)).rows).toEqual([
      { kind: 'not_on_list', n: 1 },
      { kind: 'scan', n: 3 },
    ]);
    await c.end();
  }, 60_000);

  it('箱に無い recorded at one desk is taken back on every desk by a late find at another', async () => {
    const [a, b] = await twoDesksWithTheList();
    boxCheckScan(a.ctx, kenpoOf(a), '1234 12345601');
    expect(finishBoxCheck(a.ctx, kenpoOf(a)).missingRecorded).toBe(47);
    await syncDesk(a, server().url);
    await syncDesk(b, server().url);
    expect(checkView(b)).toEqual(checkView(a));
    expect(checkView(b)).toMatchObject({ finished: true, missingRecorded: 47 });

    boxCheckScan(b.ctx, kenpoOf(b), '1234 12345602'); // found after all, at B
    await syncDesk(b, server().url);
    await syncDesk(a, server().url);
    expect(checkView(a)).toMatchObject({ checked: 2, missingRecorded: 46 });
    expect(checkView(a)).toEqual(checkView(b));

  }, 60_000);
});
