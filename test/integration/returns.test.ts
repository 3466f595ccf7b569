import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/services/db/open';
import { createContext, type ServiceContext } from '../../electron/services/context';
import { importFile } from '../../electron/services/lists/importList';
import { saveSettings } from '../../electron/services/settings';
import { scan } from '../../electron/services/handover/scan';
import { undoAction } from '../../electron/services/handover/undo';
import { eventsOfEnvelope } from '../../electron/services/handover/views';
import { flagEnvelopes, holdEnvelopes, releaseEnvelopes } from '../../electron/services/returns/flags';
import { addToBatch, addToBatchByCode, createBatch, holdList, listBatches, markBatchSent, removeFromBatch, returnQueue } from '../../electron/services/returns/batches';
import { getStatus } from '../../electron/services/status';
import { readFixture } from '../fixtures';
import { tempDir } from '../e2e/harness';

function kenpo(): ServiceContext {
  const ctx = createContext(openDatabase(path.join(tempDir(), 'k.sqlite3')));
  saveSettings(ctx, { companyName: 'サンプル電機', operatorName: '山田' });
  importFile(ctx, readFixture('kenpo-household.xlsx'), 'kenpo-household.xlsx', {});
  return ctx;
}

const envelopeOf = (ctx: ServiceContext, number: string) =>
  ctx.db.prepare('SELECT id FROM envelopes WHERE number = ?').pluck().get(number) as number;

// 12345678901 mod 7 = 3 → 123456789013 passes the check; …016 is a likely typo.
const GOOD = '1234-5678-9013';
const TYPO = '1234-5678-9016';

describe('flags and holds', () => {
  it('a flagged envelope is red at the desk, with its reason; release puts it back', () => {
    const ctx = kenpo();
    const id = envelopeOf(ctx, '12345603');
    flagEnvelopes(ctx, { envelopeIds: [id], reason: '退職', date: '2024-08-15', note: null });
    expect(getStatus(ctx).envelopes.to_return).toBe(1);
    const r = scan(ctx, '1234 12345603');
    expect(r.result).toBe('blocked');
    expect(r.message).toContain('返送対象（退職（2024-08-15））');
    releaseEnvelopes(ctx, { envelopeIds: [id] });
    expect(scan(ctx, '1234 12345603').result).toBe('handed_over');
  });

  it('a handed-over envelope cannot be flagged until the hand-over is undone', () => {
    const ctx = kenpo();
    const h = scan(ctx, '1234 12345604');
    expect(() => flagEnvelopes(ctx, { envelopeIds: [h.envelope!.id], reason: '死亡' })).toThrow(/配付済み/);
    undoAction(ctx, h.actionUid!);
    expect(flagEnvelopes(ctx, { envelopeIds: [h.envelope!.id], reason: '死亡' }).changed).toBe(1);
  });

  it('holds keep their reason and expected date, are listed, and are released', () => {
    const ctx = kenpo();
    const id = envelopeOf(ctx, '12345605');
    holdEnvelopes(ctx, { envelopeIds: [id], reason: '海外赴任', expectedOn: '2025-03-31', note: 'シンガポール' });
    const [h] = holdList(ctx);
    expect(h).toMatchObject({ envelopeId: id, holdReason: '海外赴任（2025-03-31まで） シンガポール' });
    expect(scan(ctx, '1234 12345605').result).toBe('blocked');
    releaseEnvelopes(ctx, { envelopeIds: [id] });
    expect(holdList(ctx)).toEqual([]);
    expect(eventsOfEnvelope(ctx.db, id).map((e) => e.kind)).toEqual(['hold', 'release']);
  });
});

describe('return batches', () => {
  it('pack, unpack, send: envelopes become 返送済 with the tracking number on record', () => {
    const ctx = kenpo();
    const a = envelopeOf(ctx, '12345603');
    const b = envelopeOf(ctx, '12345614');
    flagEnvelopes(ctx, { envelopeIds: [a, b], reason: '退職', date: '2024-08-15' });
    expect(returnQueue(ctx).map((r) => r.envelopeId).sort()).toEqual([a, b].sort());

    const batch = createBatch(ctx, { kind: 'letterpack', trackingNumber: GOOD, insurerName: 'サンプル電機健康保険組合' });
    expect(batch).toMatchObject({ trackingNumber: '123456789013', insurerName: 'サンプル電機健康保険組合', items: [] });
    addToBatch(ctx, { batchId: batch.id, envelopeIds: [a, b] });
    expect(returnQueue(ctx)).toEqual([]);
    removeFromBatch(ctx, { batchId: batch.id, envelopeIds: [b] });
    expect(returnQueue(ctx).map((r) => r.envelopeId)).toEqual([b]);
    // A pending envelope cannot go into a batch.
    expect(() => addToBatch(ctx, { batchId: batch.id, envelopeIds: [envelopeOf(ctx, '12345601')] })).toThrow(/返送対象の封筒だけ/);

    const sent = markBatchSent(ctx, { batchId: batch.id, sentOn: '2024-09-02' });
    expect(sent.sentOn).toBe('2024-09-02');
    expect(getStatus(ctx).envelopes).toMatchObject({ returned: 1, to_return: 1 });
    const last = eventsOfEnvelope(ctx.db, a).at(-1)!;
    expect(last).toMatchObject({ kind: 'return_sent', toStatus: 'returned' });
    expect(last.reason).toContain('レターパック 1234-5678-9013');
    // The post has it: no more changes, and no undo of the sending.
    expect(() => addToBatch(ctx, { batchId: batch.id, envelopeIds: [b] })).toThrow(/発送済み/);
    // The flag action covered a and b; a is in the post, so that flag cannot be taken back either.
    expect(() => undoAction(ctx, undefined)).toThrow(/別の操作/);
    expect(getStatus(ctx).envelopes.returned).toBe(1);
    expect(listBatches(ctx)[0]!.items.map((i) => i.envelopeId)).toEqual([a]);
  });

  it('a tracking number with a wrong check digit is refused until the clerk confirms it', () => {
    const ctx = kenpo();
    expect(() => createBatch(ctx, { kind: 'letterpack', trackingNumber: TYPO })).toThrow(/確認用の数字が合いません/);
    expect(createBatch(ctx, { kind: 'letterpack', trackingNumber: TYPO, acceptUnverified: true }).trackingNumber).toBe('123456789016');
    expect(() => createBatch(ctx, { kind: 'letterpack', trackingNumber: '1234' })).toThrow(/12桁/);
    expect(createBatch(ctx, { kind: 'reply_envelope' }).trackingNumber).toBeNull();
  });

  it('packing by scanning takes the household’s 返送対象 envelopes and says why it refuses others', () => {
    const ctx = kenpo();
    const id = envelopeOf(ctx, '12345614');
    flagEnvelopes(ctx, { envelopeIds: [id], reason: '退職' });
    const batch = createBatch(ctx, { kind: 'reply_envelope' });
    expect(addToBatchByCode(ctx, { batchId: batch.id, code: '1234-12345614-01' })).toMatchObject({ added: 1, batch: { items: [{ envelopeId: id }] } });
    expect(() => addToBatchByCode(ctx, { batchId: batch.id, code: '1234 12345614' })).toThrow(/すでに袋に入っています/);
    expect(() => addToBatchByCode(ctx, { batchId: batch.id, code: '1234 12345601' })).toThrow(/返送対象ではない封筒です/);
    expect(() => addToBatchByCode(ctx, { batchId: batch.id, code: '9999 9' })).toThrow(/該当する封筒がありません/);
  });
});
