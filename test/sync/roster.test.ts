/**
 * The 社員名簿 across desks, against a real PostgreSQL server (started here, stopped after): a roster
 * imported at one desk is in force at another (an employee ID card finds the household there), and desks
 * that imported different rosters while apart agree on which one is in force after syncing.
 */
import { describe, expect, it } from 'vitest';
import { tempDir } from '../e2e/harness';
import { readFixture } from '../fixtures';
import { checkInvariants } from '../reliability/invariants';
import { importFile } from '../../electron/services/lists/importList';
import { importRosterAndFlag } from '../../electron/services/roster/rosterCheck';
import { currentRoster } from '../../electron/services/roster/rosterStore';
import { scan } from '../../electron/services/handover/scan';
import { syncStatus } from '../../electron/services/sync/state';
import { deviceId } from '../../electron/services/settings';
import { deskView, freshCampaign, openDesk, syncDesk, useServer, type Desk } from './desks';

const server = useServer();

const freshServer = () => freshCampaign(server().url);

const importList = (d: Desk) => importFile(d.ctx, readFixture('kenpo-household.xlsx'), 'kenpo-household.xlsx', {});

/** roster.csv without its last `drop` employees: another roster of the same company. */
function shorterRoster(drop: number): Uint8Array {
  const lines = Buffer.from(readFixture('roster.csv')).toString('latin1').split('\n');
  while (lines[lines.length - 1] === '') lines.pop();
  return Buffer.from(lines.slice(0, lines.length - drop).join('\n') + '\n', 'latin1');
}

const inForce = (d: Desk) => {
  const r = currentRoster(d.db);
  return r && { fileName: r.fileName, entries: r.entries, importedAt: r.importedAt, insurerName: r.insurerName };
};

describe('the 社員名簿 through PostgreSQL', () => {
  it('a roster imported at one desk is in force at another: its retirees are 返送対象 there and an ID card finds the household', async () => {
    await freshServer();
    const dir = tempDir();
    const a = openDesk(dir, '窓口A');
    importList(a);
    importRosterAndFlag(a.ctx, { bytes: readFixture('roster.csv'), fileName: 'roster.csv', operator: '窓口A' });
    expect(syncStatus(a.db, deviceId(a.ctx)).pending).toBeGreaterThan(0);
    await syncDesk(a, server().url);
    expect(syncStatus(a.db, deviceId(a.ctx)).pending).toBe(0);

    const b = openDesk(dir, '窓口B');
    await syncDesk(b, server().url);
    expect(inForce(b)).toEqual(inForce(a));
    expect(deskView(b.db)).toEqual(deskView(a.db)); // the 5 retirees' envelopes are 返送対象 on B too
    expect(deskView(b.db).status.envelopes.to_return).toBe(5);
    expect(scan(b.ctx, 'E10002')).toMatchObject({ result: 'handed_over', envelope: { number: '12345601' } });
    expect(scan(b.ctx, 'E10004').result).toBe('blocked');
    await syncDesk(b, server().url);
    await syncDesk(a, server().url);
    expect(deskView(a.db)).toEqual(deskView(b.db));
    for (const d of [a, b]) expect(checkInvariants(d.db)).toEqual([]);
  }, 60_000);

  it('two desks that imported different rosters while apart agree on the one in force: the later on the server', async () => {
    await freshServer();
    const dir = tempDir();
    const a = openDesk(dir, '窓口A');
    importList(a);
    await syncDesk(a, server().url);
    const b = openDesk(dir, '窓口B');
    await syncDesk(b, server().url);

    importRosterAndFlag(a.ctx, { bytes: shorterRoster(2), fileName: 'roster-a.csv', operator: '窓口A' });
    importRosterAndFlag(b.ctx, { bytes: shorterRoster(4), fileName: 'roster-b.csv', operator: '窓口B' });
    expect(inForce(a)?.fileName).toBe('roster-a.csv');
    await syncDesk(a, server().url);
    await syncDesk(b, server().url); // B's roster reaches the server after A's
    await syncDesk(a, server().url);
    expect(inForce(a)).toEqual(inForce(b));
    expect(inForce(a)?.fileName).toBe('roster-b.csv');
    expect(deskView(a.db)).toEqual(deskView(b.db));
  }, 60_000);
});
