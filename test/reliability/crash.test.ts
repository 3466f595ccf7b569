/**
 * Issue #7: killing the app at any moment loses no scan that showed green and leaves no partial import.
 * A child process (crashChild.ts) imports lists or scans codes through the real services and is killed
 * with SIGKILL at a random moment, dozens of times; after each kill the database is reopened as the app
 * would reopen it and every invariant is checked.
 *
 * The kill moments come from a seeded generator: set KUBARU_CRASH_SEED to replay a failure (the seed and
 * the iteration are in every failure message).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/services/db/open';
import { createContext } from '../../electron/services/context';
import { importFile } from '../../electron/services/lists/importList';
import { saveSettings } from '../../electron/services/settings';
import { generateRows, toShiftJisCsv, toXlsx } from '../../bench/generate';
import { repoRoot } from '../fixtures';
import { tempDir } from '../e2e/harness';
import { checkInvariants } from './invariants';

const SEED = Number(process.env.KUBARU_CRASH_SEED ?? 20241125);
const IMPORT_KILLS = 30;
const SCAN_KILLS = 30;
const CHILD = path.join(__dirname, 'crashChild.ts');

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface ChildRun {
  lines: string[];
  /** ms after `ready` at which each line arrived (same index as lines). */
  times: number[];
  killed: boolean;
  code: number | null;
  stderr: string;
}

interface KillPlan {
  /** Kill this many ms after the child said `ready`. */
  afterMs?: number;
  /** Kill once this many lines starting with `prefix` have arrived (and `thenMs` more have passed). */
  afterLines?: { prefix: string; count: number; thenMs?: number };
}

/** Runs crashChild.ts the way bench/main.ts runs bench/task.ts, and SIGKILLs it as planned. */
function runChild(args: string[], plan: KillPlan = {}): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    const run: ChildRun = { lines: [], times: [], killed: false, code: null, stderr: '' };
    let readyAt = 0;
    let partial = '';
    let matching = 0;
    const kill = () => {
      if (run.killed || child.exitCode !== null) return;
      run.killed = child.kill('SIGKILL');
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop()!;
      for (const line of parts) {
        if (line === 'ready') {
          readyAt = performance.now();
          if (plan.afterMs !== undefined) setTimeout(kill, plan.afterMs);
        }
        run.lines.push(line);
        run.times.push(performance.now() - readyAt);
        if (plan.afterLines && line.startsWith(plan.afterLines.prefix) && ++matching === plan.afterLines.count) {
          if (plan.afterLines.thenMs) setTimeout(kill, plan.afterLines.thenMs);
          else kill();
        }
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (run.stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      run.code = code;
      // Only our SIGKILL counts as a kill; anything else that ended the child is a failure of the child.
      if (signal && !(run.killed && signal === 'SIGKILL')) reject(new Error(`child ended by ${signal}: ${run.stderr}`));
      else if (!run.killed && code !== 0) reject(new Error(`child failed (${code}): ${run.stderr}`));
      else resolve(run);
    });
  });
}

/** A fresh database with the settings a clerk gives at first start, closed so its WAL is folded in. */
function newDatabase(file: string): void {
  const db = openDatabase(file);
  saveSettings(createContext(db), { companyName: 'クラッシュ試験株式会社', operatorName: '試験 太郎' });
  db.close();
}

/** A generated list whose codes do not clash with the other lists' (each list its own 記号). */
function list(members: number, seed: number, symbol: string): string[][] {
  return generateRows(members, seed).map((r) => {
    const row = [...r];
    row[0] = symbol;
    row[10] = row[10]!.replace(/^0101/, symbol.slice(0, 4));
    return row;
  });
}

const walSize = (file: string) => (fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0);

describe('kill -9 at random moments (issue #7)', () => {
  it(`import: ${IMPORT_KILLS} kills leave every list wholly there or wholly absent`, { timeout: 180_000 }, async () => {
    const dir = tempDir();
    // Three lists in a row, as at the start of the season: household xlsx, person Shift_JIS CSV, household xlsx.
    const files = [
      ['クラッシュ健保組合A.xlsx', toXlsx(list(1500, SEED, '01010101'))],
      ['協会けんぽB.csv', toShiftJisCsv(list(1000, SEED + 1, '02020202'))],
      ['クラッシュ健保組合C.xlsx', toXlsx(list(600, SEED + 2, '03030303'))],
    ] as const;
    const paths = files.map(([name, bytes]) => {
      const p = path.join(dir, name);
      fs.writeFileSync(p, bytes);
      return p;
    });

    // One run without a kill: what each list stores, and when its commit runs.
    const calibrationDb = path.join(dir, 'calibration.sqlite3');
    newDatabase(calibrationDb);
    const calibration = await runChild(['import', calibrationDb, ...paths]);
    const expected = new Map<string, { envelopes: number; members: number }>();
    const commits: [number, number][] = []; // ms after ready: from `previewed` to `imported`
    calibration.lines.forEach((line, n) => {
      const [word, name, , envelopes, members] = line.split(' ');
      if (word === 'previewed') commits.push([calibration.times[n]!, 0]);
      if (word === 'imported') {
        expected.set(name!, { envelopes: Number(envelopes), members: Number(members) });
        commits[commits.length - 1]![1] = calibration.times[n]!;
      }
    });
    expect([...expected.keys()]).toEqual(files.map(([name]) => name));
    expect(commits).toHaveLength(files.length);
    const duration = calibration.times[calibration.lines.indexOf('done')]!;

    const r = rng(SEED);
    let dbFile = '';
    let stored = new Set<string>(); // lists in the database after the previous kill
    const stats = { kills: 0, duringCommit: 0, walLeftBehind: 0, retries: 0, listsPresent: [0, 0, 0, 0] };
    for (let i = 0; i < IMPORT_KILLS; i++) {
      // A fresh database, or (after a kill that left a list out) the killed one reopened and the lists
      // imported again, as a clerk would after a crash.
      if (stored.size === files.length || i % 3 === 0) {
        dbFile = path.join(dir, `import-${i}.sqlite3`);
        newDatabase(dbFile);
        stored = new Set();
      } else stats.retries++;
      // The lists this run will commit (the others it finds already there and skips).
      const toCommit = files.map(([name], n) => n).filter((n) => !stored.has(files[n]![0]));
      // Half the kills anywhere in the run, half inside a commit (the child says when one starts; the
      // calibration run says how long it lasts).
      const k = Math.floor(r() * toCommit.length);
      const [commitStart, commitEnd] = commits[toCommit[k]!]!;
      const runEnd = commits[toCommit.at(-1)!]![1];
      const plan: KillPlan =
        i % 2 === 0
          ? { afterMs: Math.round(r() * runEnd * 0.9) }
          : { afterLines: { prefix: 'previewed ', count: k + 1, thenMs: Math.round(r() * (commitEnd - commitStart)) } };
      const where = `iteration ${i}, seed ${SEED}, ${JSON.stringify(plan)}`;
      const run = await runChild(['import', dbFile, ...paths], plan);
      if (run.killed) stats.kills++;
      if (run.killed && run.lines.at(-1)?.startsWith('previewed ')) stats.duringCommit++;
      if (walSize(dbFile) > 0) stats.walLeftBehind++;

      const db = openDatabase(dbFile);
      try {
        expect(checkInvariants(db), where).toEqual([]);
        const before = stored;
        stored = new Set();
        for (const [name] of files) {
          const shipment = db
            .prepare(
              `SELECT s.id, (SELECT COUNT(*) FROM envelopes e WHERE e.shipment_id = s.id) AS envelopes,
                      (SELECT COUNT(*) FROM members m WHERE m.shipment_id = s.id) AS members
                 FROM shipments s WHERE s.file_name = ?`,
            )
            .all(name) as { id: number; envelopes: number; members: number }[];
          // Wholly there (once, with every envelope and member) or wholly absent.
          expect(shipment.length, `${where}: ${name}`).toBeLessThanOrEqual(1);
          if (shipment.length === 1) {
            stored.add(name);
            expect({ envelopes: shipment[0]!.envelopes, members: shipment[0]!.members }, `${where}: ${name}`).toEqual(expected.get(name));
          }
          const insurer = db.prepare('SELECT COUNT(*) FROM insurers WHERE name = ?').pluck().get(name.replace(/\.[^.]+$/, ''));
          expect(insurer, `${where}: insurer of ${name}`).toBe(shipment.length);
        }
        // An import the child reported as done survived the kill.
        for (const line of run.lines.filter((l) => l.startsWith('imported '))) {
          const [, name, id] = line.split(' ');
          const shipmentId = db.prepare('SELECT id FROM shipments WHERE file_name = ?').pluck().get(name) as number | undefined;
          expect(shipmentId, `${where}: reported ${line}`).toBeDefined();
          if (id !== 'skip') expect(shipmentId, `${where}: reported ${line}`).toBe(Number(id));
        }
        // A list stored before this run is still there.
        for (const name of before) expect(stored.has(name), `${where}: ${name} was stored before the run`).toBe(true);
        stats.listsPresent[stored.size]!++;
      } finally {
        db.close();
      }
    }
    console.log(`import kills: ${JSON.stringify({ ...stats, seed: SEED, calibratedMs: Math.round(duration) })}`);
    // Nearly every run must really have been killed, and many inside a commit, or the test proves nothing.
    expect(stats.kills).toBeGreaterThanOrEqual(IMPORT_KILLS * 0.8);
    expect(stats.duringCommit).toBeGreaterThanOrEqual(3);
    fs.rmSync(dir, { recursive: true, force: true }); // kept when a check fails, to look into
  });

  it(`scan: ${SCAN_KILLS} kills lose no hand-over that showed green`, { timeout: 180_000 }, async () => {
    const dir = tempDir();
    const dbFile = path.join(dir, 'scan.sqlite3');
    newDatabase(dbFile);
    {
      const db = openDatabase(dbFile);
      const ctx = createContext(db);
      importFile(ctx, toXlsx(list(2500, SEED, '01010101')), 'クラッシュ健保組合A.xlsx', {});
      importFile(ctx, toShiftJisCsv(list(1000, SEED + 1, '02020202')), '協会けんぽB.csv', {});
      db.close();
    }

    const r = rng(SEED + 7);
    const acked = new Map<string, number[]>(); // actionUid → envelopes handed over, as the screen said
    const stats = { kills: 0, greens: 0, ambers: 0, unknowns: 0, unacknowledgedCommits: 0 }; // the last: committed, killed before its line
    for (let i = 0; i < SCAN_KILLS; i++) {
      // Two thirds: killed right after a random number of scans showed their colour (the kill then lands
      // in whatever the next scan is doing); one third: killed a random number of ms after start.
      const plan: KillPlan =
        i % 3 === 2 ? { afterMs: Math.round(r() * 150) } : { afterLines: { prefix: 'scan ', count: 1 + Math.floor(r() * 120) } };
      const where = `iteration ${i}, seed ${SEED}, ${JSON.stringify(plan)}`;
      const run = await runChild(['scan', dbFile, String(SEED + i)], plan);
      expect(run.killed, `${where}: the child must be killed, not finish`).toBe(true);
      stats.kills++;

      const db = openDatabase(dbFile);
      try {
        expect(checkInvariants(db), where).toEqual([]);
        const statusOf = db.prepare('SELECT status FROM envelopes WHERE id = ?').pluck();
        const eventsOf = db.prepare('SELECT envelope_id FROM events WHERE action_uid = ? AND kind = ? ORDER BY envelope_id').pluck();
        for (const line of run.lines.filter((l) => l.startsWith('scan '))) {
          const [, result, actionUid, idList] = line.split(' ');
          const ids = idList === '-' ? [] : idList!.split(',').map(Number);
          if (result === 'handed_over') {
            stats.greens++;
            acked.set(actionUid!, ids);
            // The green the clerk saw is in the database: the action with every envelope it named.
            expect(eventsOf.all(actionUid, 'handover'), `${where}: ${line}`).toEqual([...ids].sort((a, b) => a - b));
          } else if (result === 'already_handed_over') stats.ambers++;
          else stats.unknowns++;
          if (result === 'handed_over' || result === 'already_handed_over') {
            for (const id of ids) expect(statusOf.get(id), `${where}: envelope ${id} of ${line}`).toBe('handed_over');
          }
        }
        // Every green of every earlier run is still there after this kill and reopen.
        for (const [actionUid, ids] of acked) {
          expect(eventsOf.all(actionUid, 'handover').length, `${where}: earlier ${actionUid}`).toBe(ids.length);
        }
        // At most the one scan in flight per kill may have committed without showing green.
        const actions = db.prepare(`SELECT COUNT(DISTINCT action_uid) FROM events`).pluck().get() as number;
        stats.unacknowledgedCommits = actions - acked.size;
        expect(stats.unacknowledgedCommits, where).toBeGreaterThanOrEqual(0);
        expect(stats.unacknowledgedCommits, where).toBeLessThanOrEqual(i + 1);
      } finally {
        db.close();
      }
    }
    console.log(`scan kills: ${JSON.stringify({ ...stats, seed: SEED })}`);
    expect(stats.greens).toBeGreaterThan(SCAN_KILLS * 10);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
