/**
 * A レターパック tracking number is 12 digits too, with its own check digit (mod 7). The My Number rule masks
 * 12-digit numbers in text the clerk types (notes, names), but never in the tracking-number field: whatever
 * valid tracking number the clerk types, in whatever spelling, the batch stores exactly its digits — even
 * when it happens to carry a valid My Number check digit as well.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openDatabase } from '../services/db/open';
import { createContext, type ServiceContext } from '../services/context';
import { dispatch } from '../services/handlers';
import { isValidMyNumber } from '../../shared/myNumber';
import { parseTrackingNumber } from './tracking';
import { fullWidth } from '../../test/myNumberSpellings';

const RUNS = { numRuns: 150, seed: 0x7ac };
const withMod7 = (first11: string) => `${first11}${[...first11].reduce((r, d) => (r * 10 + Number(d)) % 7, 0)}`;
const spelled = fc.tuple(
  fc.stringMatching(/^[0-9]{11}$/).map(withMod7),
  fc.constantFrom('', '-', ' ', '－', '　', 'ー'),
  fc.boolean(),
).map(([n, sep, wide]) => {
  const s = `${n.slice(0, 4)}${sep}${n.slice(4, 8)}${sep}${n.slice(8)}`;
  return { digits: n, typed: wide ? fullWidth(s) : s };
});

let dir: string;
let ctx: ServiceContext;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubaru-tracking-'));
  ctx = createContext(openDatabase(path.join(dir, 'k.sqlite3')));
});
afterAll(() => {
  ctx.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the tracking-number field and the My Number rule', () => {
  it('a valid tracking number, however typed, is checked and stored as its 12 digits', async () => {
    await fc.assert(
      fc.asyncProperty(spelled, async ({ digits, typed }) => {
        const check = await dispatch(ctx, 'checkTrackingNumber', { trackingNumber: typed });
        expect(check).toEqual({ ok: true, value: { display: `${digits.slice(0, 4)}-${digits.slice(4, 8)}-${digits.slice(8)}`, checkDigitOk: true } });
        const made = await dispatch(ctx, 'createBatch', { kind: 'letterpack', trackingNumber: typed });
        expect(made.ok, JSON.stringify(made)).toBe(true);
        const id = (made as { value: { id: number } }).value.id;
        expect(ctx.db.prepare('SELECT tracking_number FROM return_batches WHERE id = ?').pluck().get(id)).toBe(digits);
      }),
      RUNS,
    );
  });

  it('also one that is a valid My Number', async () => {
    // the first such number from 1000-0000-000x upwards: both check digits fit
    let n = '';
    for (let i = 10_000_000_000; !n; i++) if (isValidMyNumber(withMod7(String(i)))) n = withMod7(String(i));
    expect(parseTrackingNumber(n)).toMatchObject({ ok: true, checkDigitOk: true });
    const made = await dispatch(ctx, 'createBatch', { kind: 'letterpack', trackingNumber: `${n.slice(0, 4)}-${n.slice(4, 8)}-${n.slice(8)}` });
    expect(made).toMatchObject({ ok: true, value: { trackingNumber: n } });
  });
});
