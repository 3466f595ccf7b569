/**
 * A household is insurer + 記号 + 番号. An employer with a 健保組合 and a subsidiary in 協会けんぽ can hold
 * two lists whose 記号・番号 coincide: the same 記号・番号 are two different families there.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/services/db/open';
import { createContext, type ServiceContext } from '../../electron/services/context';
import { importFile } from '../../electron/services/lists/importList';
import { scan } from '../../electron/services/handover/scan';
import { search } from '../../electron/services/handover/search';
import { saveSettings } from '../../electron/services/settings';
import { storeRosterFile } from '../../electron/services/roster/rosterStore';
import { applyRetireeFlags, findByEmployeeId, reconcile } from '../../electron/services/roster/reconcile';
import { addToBatchByCode, createBatch } from '../../electron/services/returns/batches';
import { flagEnvelopes } from '../../electron/services/returns/flags';
import { readFixture } from '../fixtures';
import { tempDir } from '../e2e/harness';

const NOW = new Date('2024-10-01T09:00:00+09:00');
export const KENPO = 'テスト健康保険組合';
export const KYOKAI = '協会けんぽ 東京支部';

/** The same list under two insurers: every 記号・番号 coincides, 48 envelopes each. */
function twoInsurers(): ServiceContext {
  const ctx = createContext(openDatabase(path.join(tempDir(), 'two.sqlite3')), () => NOW);
  saveSettings(ctx, { companyName: 'テスト', operatorName: '人事 花子' });
  importFile(ctx, readFixture('kenpo-household.xlsx'), 'kenpo-household.xlsx', { insurerName: KENPO, unit: 'household' });
  importFile(ctx, readFixture('kenpo-household.xlsx'), 'kenpo-household.xlsx', { insurerName: KYOKAI, unit: 'household' });
  return ctx;
}

const envelopesOf = (ctx: ServiceContext, number: string) =>
  ctx.db
    .prepare(`SELECT e.id, i.name FROM envelopes e JOIN insurers i ON i.id = e.insurer_id WHERE e.number = ? ORDER BY e.id`)
    .all(number) as { id: number; name: string }[];
const insurerOf = (ctx: ServiceContext, envelopeId: number) =>
  ctx.db.prepare('SELECT i.name FROM envelopes e JOIN insurers i ON i.id = e.insurer_id WHERE e.id = ?').pluck().get(envelopeId);

describe('two insurers whose 記号・番号 coincide', () => {
  it('the roster asks which insurer it speaks of, naming both, and stores nothing', () => {
    const ctx = twoInsurers();
    const asked = storeRosterFile(ctx, readFixture('roster.csv'), 'roster.csv');
    expect(asked.needsInsurer?.insurers).toEqual([KENPO, KYOKAI]);
    expect(asked.needsInsurer?.message).toContain(`${KENPO}、${KYOKAI}`);
    expect(ctx.db.prepare('SELECT COUNT(*) FROM roster_imports').pluck().get()).toBe(0);
  });

  it('with the insurer chosen, the 5 retirees give 5 envelopes, all of that insurer', () => {
    const ctx = twoInsurers();
    storeRosterFile(ctx, readFixture('roster.csv'), 'roster.csv', { insurerName: KENPO });
    const { proposals, notOnList } = reconcile(ctx);
    expect(proposals).toHaveLength(5);
    expect(new Set(proposals.map((p) => insurerOf(ctx, p.envelopeId)))).toEqual(new Set([KENPO]));
    expect(notOnList).toHaveLength(4);
    expect(applyRetireeFlags(ctx, proposals.map((p) => p.envelopeId))).toEqual({ flagged: 5 });
    expect(ctx.db.prepare(`SELECT COUNT(*) FROM envelopes WHERE status = 'to_return'`).pluck().get()).toBe(5);
  });

  it('an insurer the database does not know is refused, naming the ones it knows', () => {
    const ctx = twoInsurers();
    expect(() => storeRosterFile(ctx, readFixture('roster.csv'), 'roster.csv', { insurerName: '存在しない健保' })).toThrow(
      new RegExp(`存在しない健保.*${KENPO}`),
    );
  });

  it('a 社員番号 scan hands over the envelope of the roster’s insurer only', () => {
    const ctx = twoInsurers();
    storeRosterFile(ctx, readFixture('roster.csv'), 'roster.csv', { insurerName: KYOKAI });
    const [kenpo, kyokai] = envelopesOf(ctx, '12345601');
    expect([kenpo!.name, kyokai!.name]).toEqual([KENPO, KYOKAI]);
    expect(findByEmployeeId(ctx, 'E10002')).toEqual([kyokai!.id]);
    const r = scan(ctx, 'E10002');
    expect(r.result).toBe('handed_over');
    expect(r.handedOverIds).toEqual([kyokai!.id]);
    expect(ctx.db.prepare('SELECT status FROM envelopes WHERE id = ?').pluck().get(kenpo!.id)).toBe('pending');
  });

  it('「世帯で配付」 from a search hit hands over that insurer’s household by ids', () => {
    const ctx = twoInsurers();
    const hits = search(ctx, '松本　太郎', 10);
    expect(hits).toHaveLength(2);
    const kyokaiHit = hits.find((h) => h.envelope.insurerName === KYOKAI)!;
    expect(kyokaiHit.householdEnvelopeIds).toEqual([kyokaiHit.envelope.id]);
    // the code alone is ambiguous: that is why the search hands over by ids
    expect(scan(ctx, `${kyokaiHit.envelope.symbol} ${kyokaiHit.envelope.number}`).ambiguous).toBe(true);
  });

  it('packing a return batch by scanning a code that two insurers share asks for the one in the batch', () => {
    const ctx = twoInsurers();
    const [kenpo, kyokai] = envelopesOf(ctx, '12345603');
    flagEnvelopes(ctx, { envelopeIds: [kenpo!.id, kyokai!.id], reason: '退職' });
    const batch = createBatch(ctx, { kind: 'reply_envelope', insurerName: KENPO });
    const r = addToBatchByCode(ctx, { batchId: batch.id, code: '1234-12345603' });
    expect(r.batch.items.map((i) => i.envelopeId)).toEqual([kenpo!.id]);
  });
});
