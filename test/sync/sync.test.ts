/**
 * 複数の窓口 against a real PostgreSQL server (started here, stopped after): lists and events travel,
 * a list imported at two desks is one list, a double hand-over is kept and recorded, an undo that another
 * desk built on is refused, and a server that cannot be reached or refuses the login changes nothing.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { freePort } from '../pgServer';
import { tempDir } from '../e2e/harness';
import { repoRoot } from '../fixtures';
import { checkInvariants } from '../reliability/invariants';
import { scan } from '../../electron/services/handover/scan';
import { undoAction } from '../../electron/services/handover/undo';
import { flagEnvelopes, holdEnvelopes, releaseEnvelopes } from '../../electron/services/returns/flags';
import { runSyncCli } from '../../electron/cli/sync';
import { syncStatus } from '../../electron/services/sync/state';
import { deviceId } from '../../electron/services/settings';
import { openDatabase } from '../../electron/services/db/open';
import { deskView, freshCampaign, importKyokai, openDesk, syncDesk, useServer } from './desks';
import { writeReport } from '../../electron/services/report/write';
import * as XLSX from 'xlsx';

const server = useServer();

const freshServer = () => freshCampaign(server().url);

/** A fresh campaign whose first desk (窓口A) imported the list and synced it. */
async function campaignWithList() {
  await freshServer();
  const dir = tempDir();
  const a = openDesk(dir, '窓口A');
  importKyokai(a);
  await syncDesk(a, server().url);
  return { dir, a };
}

async function cliSync(db: string, url = server().url) {
  const out: string[] = [];
  const code = await runSyncCli(['--db', db, '--server', url, '--json'], { out: (s) => out.push(s), err: () => {} });
  return { code, json: JSON.parse(out.join('\n')) };
}

const envelopeOf = (db: import('../../electron/services/db/open').DB, number: string) =>
  db.prepare(`SELECT e.id, e.status FROM envelopes e JOIN members m ON m.envelope_id = e.id WHERE m.number = ?`).get(number) as {
    id: number;
    status: string;
  };

describe('sync through PostgreSQL', () => {
  it('a desk with an empty database joins and pulls everything; scans travel both ways', async () => {
    await freshServer();
    const dir = tempDir();
    const a = openDesk(dir, '佐藤');
    importKyokai(a);
    expect(scan(a.ctx, '01010101 0000002').result).toBe('handed_over');
    expect(syncStatus(a.db, deviceId(a.ctx)).pending).toBeGreaterThan(150);

    const first = await cliSync(a.file);
    expect(first).toEqual({ code: 0, json: { ok: true, pushed: expect.any(Number), pulled: 0, conflicts: 0 } });
    const rows = (sql: string) => a.db.prepare(sql).pluck().get() as number;
    const everything = 1 + rows('SELECT COUNT(*) FROM envelopes') + rows('SELECT COUNT(*) FROM members') + rows('SELECT COUNT(*) FROM events');
    expect(first.json.pushed).toBe(everything); // the shipment, its envelopes and members, the hand-over's events
    expect(syncStatus(a.db, deviceId(a.ctx))).toMatchObject({ pending: 0, conflicts: 0, lastSyncAt: expect.any(String) });

    const emptyFile = path.join(dir, 'new-desk.sqlite3');
    const joined = await cliSync(emptyFile);
    expect(joined).toEqual({ code: 0, json: { ok: true, pushed: 0, pulled: everything, conflicts: 0 } });
    const b = openDesk(dir, 'new-desk');
    expect(deskView(b.db)).toEqual(deskView(a.db));
    expect(envelopeOf(b.db, '0000002').status).toBe('handed_over');

    const handed = scan(b.ctx, '01010101 0000003');
    expect(handed.result).toBe('handed_over');
    await syncDesk(b, server().url);
    expect((await syncDesk(a, server().url)).pulled).toBe(handed.handedOverIds.length);
    expect(envelopeOf(a.db, '0000003').status).toBe('handed_over');
    expect(deskView(a.db)).toEqual(deskView(b.db));
    expect(checkInvariants(a.db)).toEqual([]);
    expect(checkInvariants(b.db)).toEqual([]);
  }, 60_000);

  it('a list imported at two desks while apart is one list; a household handed over at both is 二重配付の可能性 on every desk', async () => {
    await freshServer();
    const dir = tempDir();
    const a = openDesk(dir, '窓口A');
    const b = openDesk(dir, '窓口B');
    importKyokai(a);
    importKyokai(b);
    const both = scan(a.ctx, '01010101 0000001').handedOverIds.length;
    scan(b.ctx, '01010101 0000001');
    const onlyB = scan(b.ctx, '01010101 0000005').handedOverIds.length;
    const total = a.db.prepare('SELECT COUNT(*) FROM envelopes').pluck().get();
    await syncDesk(a, server().url);
    const rb = await syncDesk(b, server().url);
    const ra = await syncDesk(a, server().url);
    expect(rb.conflicts).toBe(both); // one per envelope handed over twice
    expect(ra.conflicts).toBe(both);
    for (const d of [a, b]) {
      const v = deskView(d.db);
      expect(v.shipments).toBe(1);
      expect(v.status.envelopes).toMatchObject({ total, handed_over: both + onlyB }); // counted once
      expect(checkInvariants(d.db)).toEqual([]);
    }
    expect(deskView(a.db)).toEqual(deskView(b.db));

    // A third desk that joins later learns the same conflict, naming both desks, operators and times.
    const c = openDesk(dir, '窓口C');
    expect((await syncDesk(c, server().url)).conflicts).toBe(both);
    const conflictRow = (d: typeof a) =>
      d.db.prepare('SELECT first_uid, first_operator, first_device, second_uid, second_operator, second_device FROM sync_conflicts ORDER BY first_uid').get();
    expect(conflictRow(c)).toEqual(conflictRow(a));
    expect(conflictRow(b)).toEqual(conflictRow(a));
    expect(new Set([(conflictRow(a) as { first_operator: string }).first_operator, (conflictRow(a) as { second_operator: string }).second_operator])).toEqual(
      new Set(['窓口A', '窓口B']),
    );
    // …and in the completion report, on a sheet of their own.
    const report = path.join(dir, 'report.xlsx');
    await writeReport(c.ctx, report, { era: 'seireki' });
    const sheet = XLSX.read(fs.readFileSync(report)).Sheets['二重配付の可能性']!;
    const cells = XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1 });
    expect(cells).toHaveLength(1 + both);
    expect(cells[1]).toEqual(expect.arrayContaining(['窓口A', '窓口B', '01010101', '0000001']));
    // Both hand-overs are kept on the server.
    const pgc = new pg.Client({ connectionString: server().url });
    await pgc.connect();
    const kept = await pgc.query(`SELECT count(*)::int AS n FROM kubaru.events WHERE kind = 'handover'
                                    AND campaign_id = (SELECT id FROM kubaru.campaigns WHERE finished_at IS NULL)`);
    await pgc.end();
    expect(kept.rows[0].n).toBe(2 * both + onlyB);
  }, 60_000);

  it('text with tabs, line breaks, backslashes or a literal \\N reaches the other desk as it was written (COPY escaping)', async () => {
    await freshServer();
    const dir = tempDir();
    const a = openDesk(dir, '窓口A');
    importKyokai(a);
    const odd = { name: '山田\t太郎\\様', kana: '\\N', insured_name: '一行目\r\n二行目' };
    const id = a.db.prepare('SELECT MIN(id) FROM members').pluck().get() as number;
    a.db.prepare('UPDATE members SET name = ?, kana = ?, insured_name = ? WHERE id = ?').run(odd.name, odd.kana, odd.insured_name, id);
    const number = a.db.prepare('SELECT number FROM members WHERE id = ?').pluck().get(id);
    await syncDesk(a, server().url);
    const b = openDesk(dir, '窓口B');
    await syncDesk(b, server().url);
    expect(b.db.prepare('SELECT name, kana, insured_name FROM members WHERE number = ?').get(number)).toEqual(odd);
    expect(deskView(b.db)).toEqual(deskView(a.db));
  }, 60_000);

  it('an undo of an event another desk has built on is refused with a message', async () => {
    await freshServer();
    const dir = tempDir();
    const a = openDesk(dir, '窓口A');
    importKyokai(a);
    const env = envelopeOf(a.db, '0000007');
    const hold = holdEnvelopes(a.ctx, { envelopeIds: [env.id], reason: '休職' });
    await syncDesk(a, server().url);
    const b = openDesk(dir, '窓口B');
    await syncDesk(b, server().url);
    releaseEnvelopes(b.ctx, { envelopeIds: [envelopeOf(b.db, '0000007').id] });
    expect(scan(b.ctx, '01010101 0000007').result).toBe('handed_over');
    await syncDesk(b, server().url);
    await syncDesk(a, server().url);
    expect(envelopeOf(a.db, '0000007').status).toBe('handed_over');
    expect(() => undoAction(a.ctx, hold.actionUid)).toThrow(/別の窓口（窓口B）/);
    expect(envelopeOf(a.db, '0000007').status).toBe('handed_over');
  }, 60_000);

  it('one envelope changed differently at two desks while apart: every desk settles on the same status, a hand-over winning', async () => {
    const { dir, a } = await campaignWithList();
    const b = openDesk(dir, '窓口B');
    await syncDesk(b, server().url);
    const idOf = (d: typeof a, n: string) => envelopeOf(d.db, n).id;
    // 0000007: held at A, handed over at B. 0000008: held at A, then (later) flagged at B.
    holdEnvelopes(a.ctx, { envelopeIds: [idOf(a, '0000007')], reason: '休職' });
    expect(scan(b.ctx, '01010101 0000007').result).toBe('handed_over');
    holdEnvelopes(a.ctx, { envelopeIds: [idOf(a, '0000008')], reason: '長期不在' });
    b.ctx.now = () => new Date(Date.now() + 60_000);
    flagEnvelopes(b.ctx, { envelopeIds: [idOf(b, '0000008')], reason: '退職' });
    await syncDesk(a, server().url);
    await syncDesk(b, server().url);
    await syncDesk(a, server().url);
    for (const d of [a, b]) {
      expect(envelopeOf(d.db, '0000007').status).toBe('handed_over');
      expect(envelopeOf(d.db, '0000008').status).toBe('to_return');
      expect(checkInvariants(d.db)).toEqual([]);
    }
    expect(deskView(a.db)).toEqual(deskView(b.db));
    // A third desk that receives both changes in the server's order reaches the same.
    const c = openDesk(dir, '窓口C');
    await syncDesk(c, server().url);
    expect(deskView(c.db)).toEqual(deskView(a.db));
    // Following another desk is not an action this clerk can undo.
    const merge = a.db.prepare(`SELECT action_uid FROM events WHERE kind = 'sync_merge' LIMIT 1`).pluck().get() as string;
    expect(() => undoAction(a.ctx, merge)).toThrow(/合わせた変更は取り消せません/);
  }, 60_000);

  it('a desk restored from an older backup gets its own later hand-overs back from the server', async () => {
    const campaign = await campaignWithList();
    const dir = campaign.dir;
    let a = campaign.a;
    const backup = path.join(dir, 'backup.sqlite3');
    await a.db.backup(backup);
    expect(scan(a.ctx, '01010101 0000002').result).toBe('handed_over');
    await syncDesk(a, server().url);
    const before = deskView(a.db);
    a.db.close();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(a.file + suffix, { force: true });
    fs.copyFileSync(backup, a.file);
    a = openDesk(dir, '窓口A');
    expect(envelopeOf(a.db, '0000002').status).toBe('pending');
    await syncDesk(a, server().url);
    expect(envelopeOf(a.db, '0000002').status).toBe('handed_over');
    expect(deskView(a.db)).toEqual(before);
    expect(checkInvariants(a.db)).toEqual([]);
  }, 60_000);

  it('a server that cannot be reached or refuses the login: exit 1, a Japanese error, the database unchanged', async () => {
    const dir = tempDir();
    const a = openDesk(dir, '窓口A');
    importKyokai(a);
    scan(a.ctx, '01010101 0000002');
    a.db.close();
    const hash = () => crypto.createHash('sha256').update(fs.readFileSync(a.file)).digest('hex');
    const before = hash();

    const closedPort = await freePort();
    const unreachable = await cliSync(a.file, `postgresql://kubaru_desk:x@127.0.0.1:${closedPort}/kubaru`);
    expect(unreachable).toEqual({ code: 1, json: { ok: false, error: expect.stringMatching(/サーバーに接続できません/) } });
    const refused = await cliSync(a.file, server().url.replace(server().password, 'wrong-password'));
    expect(refused).toEqual({ code: 1, json: { ok: false, error: expect.stringMatching(/ログインを拒否しました/) } });
    expect(JSON.stringify(refused.json)).not.toContain('wrong-password');
    expect(hash()).toBe(before);
    const db = openDatabase(a.file);
    expect(db.prepare('SELECT COUNT(*) FROM sync_state').pluck().get()).toBe(0);
    db.close();
  }, 60_000);

  it('the documented npm command takes the password from PGPASSWORD and prints only the contract JSON', async () => {
    await freshServer();
    const file = path.join(tempDir(), 'desk.sqlite3');
    const url = server().url.replace(`:${server().password}@`, '@');
    const out = execFileSync('npm', ['run', '--silent', 'cli', '--', 'sync', '--db', file, '--server', url, '--json'], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, PGPASSWORD: server().password },
    });
    expect(JSON.parse(out)).toEqual({ ok: true, pushed: 0, pulled: 0, conflicts: 0 });
    const bad = spawnSync('npm', ['run', '--silent', 'cli', '--', 'sync', '--db', file, '--server', url, '--json'], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, PGPASSWORD: 'nope' },
    });
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stdout)).toEqual({ ok: false, error: expect.stringMatching(/ログイン/) });
  }, 60_000);
});
