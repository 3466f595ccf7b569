/**
 * Three desks as separate SQLite files and processes, one real PostgreSQL server: a desk killed with
 * kill -9 while pushing a 20,000-member list, desks scanning concurrently while the server is stopped and
 * restarted under them. After the next syncs every desk holds every list once, all show the same counts
 * and statuses, and every hand-over that showed green on any desk is 配付済 everywhere.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startPgServer, type PgServer } from '../pgServer';
import { tempDir } from '../e2e/harness';
import { repoRoot } from '../fixtures';
import { checkInvariants } from '../reliability/invariants';
import { importFile } from '../../electron/services/lists/importList';
import { generateRows, toShiftJisCsv } from '../../bench/generate';
import { deskView, importKyokai, openDesk, syncDesk, type Desk } from './desks';

const CHILD = path.join(__dirname, 'deskChild.ts');

let server: PgServer;
beforeAll(async () => {
  server = await startPgServer();
}, 60_000);
afterAll(() => server?.destroy());

interface Child {
  lines: string[];
  done: Promise<number | null>;
  kill(): void;
}

function runDesk(args: string[]): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let partial = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => {
    const parts = (partial + b.toString('utf8')).split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
  });
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
  const done = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      if (code !== 0 && code !== null) lines.push(`stderr ${stderr}`);
      resolve(code);
    }),
  );
  return { lines, done, kill: () => child.kill('SIGKILL') };
}

async function serverCount(sql: string): Promise<number> {
  const c = new pg.Client({ connectionString: server.url });
  await c.connect();
  try {
    return Number((await c.query(sql)).rows[0].n);
  } catch {
    return 0; // schema not made yet
  } finally {
    await c.end();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('three desks, one server', () => {
  it('converge after kill -9 mid-push and a server restart mid-scan', { timeout: 240_000 }, async () => {
    const dir = tempDir();
    const desks: Desk[] = ['窓口1', '窓口2', '窓口3'].map((n) => openDesk(dir, n));
    const [d1, d2, d3] = desks as [Desk, Desk, Desk];
    importFile(d1.ctx, toShiftJisCsv(generateRows(20_000, 7)), '大口リスト.csv', { insurerName: '大口健康保険組合' });
    importKyokai(d2);
    importKyokai(d3); // the same list at a second desk: one list after sync
    const members = d1.db.prepare('SELECT COUNT(*) FROM members').pluck().get() as number;
    expect(members).toBe(20_000);

    // kill -9 while desk 1 pushes its 20,000 members: some members are on the server, the list row is not.
    const victim = runDesk(['sync', d1.file, server.url]);
    let onServer = 0;
    for (let i = 0; i < 2000 && onServer === 0; i++) {
      onServer = await serverCount(`SELECT count(*) AS n FROM kubaru.members`);
      if (onServer === 0) await sleep(5);
    }
    victim.kill();
    await victim.done;
    expect(victim.lines.some((l) => l.startsWith('synced'))).toBe(false);
    expect(onServer).toBeGreaterThan(0);
    expect(await serverCount(`SELECT count(*) AS n FROM kubaru.shipments`)).toBe(0); // no desk can pull half a list

    // Everyone scans at once while the server goes away and comes back.
    const scanners = desks.map((d, i) => runDesk(['scan', d.file, server.url, String(100 + i), '400']));
    while (scanners.some((s) => !s.lines.some((l) => l.startsWith('green')))) await sleep(50);
    server.stop();
    await sleep(1500);
    server.start();
    const codes = await Promise.all(scanners.map((s) => s.done));
    for (const s of scanners) expect(s.lines.filter((l) => l.startsWith('stderr'))).toEqual([]);
    // The server really went away under them, and scans went on turning green meanwhile.
    const wentOffline = scanners.filter((s) => s.lines.includes('offline'));
    expect(wentOffline.length).toBeGreaterThan(0);
    const greenAfterOffline = wentOffline.map((s) => s.lines.slice(s.lines.indexOf('offline') + 1).filter((l) => l.startsWith('green')).length);
    expect(Math.max(...greenAfterOffline)).toBeGreaterThan(0);
    expect(codes).toEqual([0, 0, 0]);

    // The next syncs (twice round, as the background sync would) make every desk the same.
    for (let round = 0; round < 2; round++) for (const d of desks) await syncDesk(d, server.url);
    const views = desks.map((d) => deskView(d.db));
    expect(views[0]!.shipments).toBe(2);
    expect(views[0]!.status.members).toBe(20_000 + (d2.db.prepare('SELECT COUNT(*) FROM members WHERE insurer_id IN (SELECT id FROM insurers WHERE name = ?)').pluck().get('全国健康保険協会') as number));
    expect(views[1]).toEqual(views[0]);
    expect(views[2]).toEqual(views[0]);
    const status = new Map((views[0]!.statuses as [string, string][]).map(([k, s]) => [k, s]));
    const green = scanners.flatMap((s) => s.lines.filter((l) => l.startsWith('green ')).flatMap((l) => l.slice(6).split(',')));
    expect(green.length).toBeGreaterThan(100);
    expect(green.filter((k) => status.get(k) !== 'handed_over')).toEqual([]);
    for (const d of desks) expect(checkInvariants(d.db)).toEqual([]);
    // Double hand-overs happened (the desks drew from the same households): every desk knows the same ones.
    const conflicts = desks.map((d) => d.db.prepare('SELECT first_uid, second_uid FROM sync_conflicts ORDER BY 1, 2').raw().all());
    expect(conflicts[1]).toEqual(conflicts[0]);
    expect(conflicts[2]).toEqual(conflicts[0]);
    for (const d of desks) d.db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
