/**
 * A list being copied in (issue #13, migration 8) reaches the other desks whole or not at all: a sync while it
 * stages pushes nothing of it, and the first sync after its last transaction pushes all of it.
 */
import { describe, expect, it } from 'vitest';
import { getStatus } from '../../electron/services/status';
import { syncStatus } from '../../electron/services/sync/state';
import { deviceId } from '../../electron/services/settings';
import { tempDir } from '../e2e/harness';
import { checkInvariants } from '../reliability/invariants';
import { B_ENVELOPES, B_MEMBERS, LIST_B, stagingDesk } from '../stagingFixture';
import { deskView, freshCampaign, openDesk, syncDesk, useServer, type Desk } from './desks';

const server = useServer();

describe('sync of a list being copied in', () => {
  it('pushes nothing of it while it stages, and all of it after its last transaction', async () => {
    await freshCampaign(server().url);
    const staging = await stagingDesk();
    const a: Desk = { file: staging.file, db: staging.ctx.db, ctx: staging.ctx };
    const b = openDesk(tempDir(), '窓口B');
    const listA = getStatus(a.ctx);

    const first = await syncDesk(a, server().url);
    expect(first.pushed).toBe(1 + listA.envelopes.total + listA.members);
    expect(syncStatus(a.db, deviceId(a.ctx)).pending).toBe(0);
    await syncDesk(b, server().url);
    expect(getStatus(b.ctx)).toEqual(listA);
    expect(deskView(b.db).shipments).toBe(1);
    // Nothing of B went, so nothing of it comes back either.
    expect((await syncDesk(a, server().url)).pulled).toBe(0);

    staging.finish();
    expect(syncStatus(a.db, deviceId(a.ctx)).pending).toBe(1 + B_ENVELOPES + B_MEMBERS);
    const second = await syncDesk(a, server().url);
    expect(second.pushed).toBe(1 + B_ENVELOPES + B_MEMBERS);
    await syncDesk(b, server().url);
    expect(getStatus(b.ctx)).toEqual(getStatus(a.ctx));
    expect(b.db.prepare('SELECT file_name FROM shipments ORDER BY file_name').pluck().all()).toEqual([LIST_B, 'kyokai-person.csv']);
    expect(deskView(b.db)).toEqual(deskView(a.db));
    for (const d of [a, b]) expect(checkInvariants(d.db)).toEqual([]);
  }, 60_000);
});
