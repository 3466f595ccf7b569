/**
 * レターパック return batches across desks, against a real PostgreSQL server (started here, stopped after):
 * a batch made at one desk, with its tracking number and what is packed in it, shows at another desk,
 * read-only there; marking it sent shows there too. An envelope packed into batches at two desks while
 * apart stays in the batch whose push reached the server first, on both desks.
 */
import { describe, expect, it } from 'vitest';
import { tempDir } from '../e2e/harness';
import { readFixture } from '../fixtures';
import { importFile } from '../../electron/services/lists/importList';
import { importRosterAndFlag } from '../../electron/services/roster/rosterCheck';
import { addToBatch, createBatch, listBatches, markBatchSent, returnQueue } from '../../electron/services/returns/batches';
import { syncStatus } from '../../electron/services/sync/state';
import { deviceId } from '../../electron/services/settings';
import { checkInvariants } from '../reliability/invariants';
import { deskView, freshCampaign, openDesk, syncDesk, useServer, type Desk } from './desks';

const server = useServer();
const TRACKING = '123456789013'; // a valid check digit (as in test/integration/returns.test.ts)

/** Two desks with the list and its 5 retirees 返送対象 on both. */
async function twoDesks(): Promise<[Desk, Desk]> {
  await freshCampaign(server().url);
  const dir = tempDir();
  const a = openDesk(dir, '窓口A');
  importFile(a.ctx, readFixture('kenpo-household.xlsx'), 'kenpo-household.xlsx', {});
  importRosterAndFlag(a.ctx, { bytes: readFixture('roster.csv'), fileName: 'roster.csv', operator: '窓口A' });
  await syncDesk(a, server().url);
  const b = openDesk(dir, '窓口B');
  await syncDesk(b, server().url);
  return [a, b];
}

/** The batches as a clerk reads them, by content rather than local ids (each desk numbers them itself). */
const batchesView = (d: Desk) =>
  listBatches(d.ctx)
    .map((b) => ({
      kind: b.kind, trackingNumber: b.trackingNumber, createdBy: b.createdBy, sentOn: b.sentOn,
      items: b.items.map((i) => `${i.symbol}-${i.number}-${i.branch}:${i.status}`),
    }))
    .sort((x, y) => x.createdBy.localeCompare(y.createdBy));

const queueKey = (d: Desk, n: number) => returnQueue(d.ctx)[n]!;

describe('レターパック batches through PostgreSQL', () => {
  it('a batch made at one desk, its tracking number and envelopes, shows at another, read-only there; sending it shows too', async () => {
    const [a, b] = await twoDesks();
    const batch = createBatch(a.ctx, { kind: 'letterpack', trackingNumber: TRACKING });
    addToBatch(a.ctx, { batchId: batch.id, envelopeIds: [queueKey(a, 0).envelopeId, queueKey(a, 1).envelopeId] });
    expect(syncStatus(a.db, deviceId(a.ctx)).pending).toBe(1);
    await syncDesk(a, server().url);
    expect(syncStatus(a.db, deviceId(a.ctx)).pending).toBe(0);
    await syncDesk(b, server().url);
    expect(batchesView(b)).toEqual(batchesView(a));
    expect(batchesView(b)[0]).toMatchObject({ trackingNumber: TRACKING, items: [expect.stringMatching(/:to_return$/), expect.stringMatching(/:to_return$/)] });
    expect(returnQueue(b.ctx)).toHaveLength(3); // the packed ones are no longer waiting at B either
    const onB = listBatches(b.ctx)[0]!;
    expect(() => addToBatch(b.ctx, { batchId: onB.id, envelopeIds: [queueKey(b, 0).envelopeId] })).toThrow(/窓口Aの袋です/);
    expect(() => markBatchSent(b.ctx, { batchId: onB.id, sentOn: '2024-09-02' })).toThrow(/窓口Aの袋です/);

    markBatchSent(a.ctx, { batchId: batch.id, sentOn: '2024-09-02' });
    await syncDesk(a, server().url);
    await syncDesk(b, server().url);
    expect(batchesView(b)).toEqual(batchesView(a));
    expect(batchesView(b)[0]).toMatchObject({ sentOn: '2024-09-02', items: [expect.stringMatching(/:returned$/), expect.stringMatching(/:returned$/)] });
    expect(deskView(b.db)).toEqual(deskView(a.db));
    for (const d of [a, b]) expect(checkInvariants(d.db)).toEqual([]);
  }, 60_000);

  it('one envelope packed at two desks while apart stays in the batch that reached the server first, on both desks', async () => {
    const [a, b] = await twoDesks();
    const envelope = queueKey(a, 0);
    const onB = returnQueue(b.ctx).find((r) => r.number === envelope.number && r.branch === envelope.branch)!;
    const first = createBatch(a.ctx, { kind: 'letterpack', trackingNumber: TRACKING });
    addToBatch(a.ctx, { batchId: first.id, envelopeIds: [envelope.envelopeId] });
    const second = createBatch(b.ctx, { kind: 'reply_envelope' });
    addToBatch(b.ctx, { batchId: second.id, envelopeIds: [onB.envelopeId, queueKey(b, 1).envelopeId] });

    await syncDesk(a, server().url); // A's batch reaches the server first
    await syncDesk(b, server().url);
    await syncDesk(a, server().url);
    expect(batchesView(a)).toEqual(batchesView(b));
    const byKind = Object.fromEntries(batchesView(b).map((x) => [x.kind, x.items]));
    expect(byKind.letterpack).toEqual([`${envelope.symbol}-${envelope.number}-${envelope.branch}:to_return`]);
    expect(byKind.reply_envelope).toHaveLength(1);
    // B's clerk reads on B's own batch why it holds one envelope fewer; A's batch is read-only there.
    const onBView = listBatches(b.ctx);
    expect(onBView.find((x) => x.id === second.id)?.syncNote).toMatch(/ほかの窓口の袋に先に入っていたため、この袋から外しました/);
    expect(onBView.find((x) => x.kind === 'letterpack')).toMatchObject({ ownerDesk: '窓口A', syncNote: '' });
  }, 60_000);
});
