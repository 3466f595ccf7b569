import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseScannedCode } from './scanCode';
import { codeKey } from './normalize';
import { openDatabase, type DB } from '../services/db/open';
import { createContext } from '../services/context';
import { importFile } from '../services/lists/importList';
import { findMembersByCode } from '../services/handover/scan';

// Seeded, so a failure is the same failure on every machine; the seed is printed by fast-check.
const RUNS = { numRuns: 300, seed: 0x5eed };

const digitString = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));
/** What clerks and scanners put between 記号, 番号 and 枝番 (the spaces and dashes normalize.ts knows too). */
const separator = fc
  .array(
    fc.constantFrom(' ', '　', '\t', '\u00a0', '\u200b', '\u2060', '-', '－', 'ー', 'ｰ', '‐', '‑', '–', '—', '―', '−', '─', '━', '﹣', '_', '/', '.'),
    { minLength: 1, maxLength: 3 },
  )
  .map((a) => a.join(''));
const space = fc.constantFrom('', ' ', '　', '\t', '\n', '\u00a0', '\ufeff');
const fullWidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
/** Each digit half- or full-width, as a mixed clipboard or an IME gives them. */
const mixedWidth = (s: string) =>
  fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length }).map((w) => [...s].map((d, i) => (w[i] ? fullWidth(d) : d)).join(''));

const member = fc.record({
  symbol: digitString(1, 8),
  number: digitString(1, 8),
  branch: fc.option(digitString(1, 3), { nil: null }),
});

describe('parseScannedCode (properties)', () => {
  it('never throws, whatever the text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => void parseScannedCode(s)), RUNS);
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => void parseScannedCode(s)), { ...RUNS, numRuns: 100 });
    // a very long run of digits is cut in a bounded number of ways
    expect(parseScannedCode('1'.repeat(100_000))!.candidates.length).toBeLessThanOrEqual(100);
  });

  it('gives one candidate with the stored keys, whatever the separators, widths and surrounding spaces', () => {
    fc.assert(
      fc.property(
        member,
        separator,
        separator,
        space,
        space,
        fc.boolean(),
        ({ symbol, number, branch }, sep1, sep2, before, after, wide) => {
          const written = [symbol, number, ...(branch === null ? [] : [branch])];
          const [a, b, c] = wide ? written.map(fullWidth) : written;
          const code = `${before}${a}${sep1}${b}${c === undefined ? '' : sep2 + c}${after}`;
          const p = parseScannedCode(code);
          expect(p, JSON.stringify(code)).not.toBeNull();
          expect(p!.candidates).toEqual([
            {
              // members.symbol_key etc. hold codeKey of the list's cell (services/lists/keys.ts)
              symbolKey: codeKey(symbol),
              numberKey: codeKey(number),
              branchKey: branch === null ? null : codeKey(branch),
              written: { symbol, number, branch },
            },
          ]);
          expect(p!.digits).toBe(written.join(''));
          expect(p!.digitsKey).toBe(codeKey(written.join('')));
        },
      ),
      RUNS,
    );
  });

  it('does not care which digits are full-width', () => {
    fc.assert(
      fc.property(
        digitString(1, 20).chain((d) => fc.tuple(fc.constant(d), mixedWidth(d))),
        ([ascii, mixed]) => JSON.stringify(parseScannedCode(mixed)) === JSON.stringify(parseScannedCode(ascii)),
      ),
      RUNS,
    );
  });

  it('offers the right cut of a joined 記号番号(枝番)', () => {
    fc.assert(
      fc.property(digitString(1, 10), digitString(1, 10), fc.option(digitString(1, 3), { nil: null }), (symbol, number, branch) => {
        const p = parseScannedCode(symbol + number + (branch ?? ''))!;
        expect(p.candidates).toContainEqual({
          symbolKey: codeKey(symbol),
          numberKey: codeKey(number),
          branchKey: branch === null ? null : codeKey(branch),
          written: { symbol, number, branch },
        });
        expect(p.candidates.length).toBeLessThanOrEqual(100);
      }),
      RUNS,
    );
  });

  it('reads its own echo back the same way, and the 整理番号 key is codeKey of the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const p = parseScannedCode(s);
        if (!p) return;
        expect(parseScannedCode(p.display)!.candidates).toEqual(p.candidates);
        expect(p.digitsKey).toBe(codeKey(s));
      }),
      RUNS,
    );
  });

  it('is no code when there is a letter or kana in it', () => {
    fc.assert(
      fc.property(digitString(0, 8), fc.constantFrom('A', 'ａ', 'E', 'や', 'ヤ', 'ﾔ', '山', '#', '+'), digitString(0, 8), (a, x, b) => {
        expect(parseScannedCode(a + x + b)).toBeNull();
      }),
      RUNS,
    );
  });
});

describe('findMembersByCode on an imported list (properties)', () => {
  let dir: string;
  let db: DB;
  const members: { symbol: string; number: string; branch: string; name: string }[] = [];

  beforeAll(() => {
    // 120 members with random codes (leading zeros, 1–8 digits), unique by their keys, imported for real.
    const rows = fc.sample(
      fc.record({ symbol: digitString(1, 8), number: digitString(1, 8), branch: digitString(2, 2) }),
      { numRuns: 400, seed: 7 },
    );
    const seen = new Set<string>();
    for (const r of rows) {
      const key = `${codeKey(r.symbol)}|${codeKey(r.number)}|${codeKey(r.branch)}`;
      if (seen.has(key) || members.length >= 120) continue;
      seen.add(key);
      members.push({ ...r, name: `試験 ${members.length + 1}` });
    }
    const csv = ['記号,番号,枝番,被保険者氏名,対象者氏名', ...members.map((m) => `${m.symbol},${m.number},${m.branch},${m.name},${m.name}`)].join('\r\n');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubaru-scan-prop-'));
    db = openDatabase(path.join(dir, 'k.sqlite3'));
    importFile(createContext(db), new Uint8Array(Buffer.from(`\ufeff${csv}`, 'utf8')), 'list.csv', { unit: 'person', insurerName: '試験健保' });
  });
  afterAll(() => {
    db?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const nameOf = (id: number) => db.prepare('SELECT name FROM members WHERE id = ?').pluck().get(id);

  it('finds the member by any spelling of 記号 番号 枝番, and nobody else', () => {
    fc.assert(
      fc.property(fc.nat(1000), separator, space, fc.boolean(), fc.boolean(), (i, sep, pad, wide, dropZeros) => {
        const m = members[i % members.length]!;
        const parts = [m.symbol, m.number, m.branch].map((p) => (dropZeros ? codeKey(p) : p));
        const code = pad + (wide ? parts.map(fullWidth) : parts).join(sep) + pad;
        const { hits } = findMembersByCode(db, code);
        expect(hits.map((h) => nameOf(h.id))).toEqual([m.name]);
      }),
      { ...RUNS, numRuns: 200 },
    );
  });

  it('finds the member by the joined code as printed on the list', () => {
    fc.assert(
      fc.property(fc.nat(1000), (i) => {
        const m = members[i % members.length]!;
        const { hits } = findMembersByCode(db, m.symbol + m.number + m.branch);
        expect(hits.map((h) => nameOf(h.id))).toContain(m.name);
      }),
      { ...RUNS, numRuns: 120 },
    );
  });

  it('finds the household (the first member of it) by 記号 番号 alone', () => {
    fc.assert(
      fc.property(fc.nat(1000), separator, (i, sep) => {
        const m = members[i % members.length]!;
        const { hits } = findMembersByCode(db, `${m.symbol}${sep}${m.number}`);
        expect(hits.length).toBe(1);
        expect(codeKey(hits[0]!.symbol)).toBe(codeKey(m.symbol));
        expect(codeKey(hits[0]!.number)).toBe(codeKey(m.number));
      }),
      { ...RUNS, numRuns: 120 },
    );
  });
});
