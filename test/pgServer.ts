/**
 * A real PostgreSQL server for the multi-desk tests and the bench: Debian's binaries (initdb, pg_ctl),
 * a data folder in a temporary directory, listening on 127.0.0.1 at a free port, with a login role that
 * is not a superuser and owns one database, as a company's DBA would set it up. As root (CI) the server
 * runs as the `postgres` user through runuser; otherwise as the current user.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const BIN_CANDIDATES = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'];

export function pgBinDir(): string {
  const dir = process.env.PG_BIN ?? BIN_CANDIDATES.find((d) => fs.existsSync(path.join(d, 'initdb')));
  if (!dir) throw new Error('PostgreSQL binaries not found: apt-get install postgresql (see .ci/run), or set PG_BIN');
  return dir;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a server binary, as the postgres user when we are root (initdb refuses to run as root). */
function runPg(tool: string, args: string[]): string {
  const exe = path.join(pgBinDir(), tool);
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', exe, ...args]] : [exe, args];
  return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface PgServer {
  /** Connection URL for the non-superuser role (password included), as a clerk would type it. */
  url: string;
  /** The same server as the bootstrap superuser (for the tests' own checks and the bench's bare COPY). */
  superUrl: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** The data folder; the log is `server.log` beside it. */
  dataDir: string;
  start(): void;
  stop(): void;
  /** Stops the server and deletes its folder. */
  destroy(): void;
}

/** initdb + start + CREATE ROLE/DATABASE; about 2–3 s. Call destroy() after (afterAll). */
export async function startPgServer(): Promise<PgServer> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kubaru-pg-'));
  fs.chmodSync(root, 0o755);
  const dataDir = path.join(root, 'data');
  const log = path.join(root, 'server.log');
  const superPassword = 'super-' + Math.random().toString(36).slice(2);
  const pwFile = path.join(root, 'pw');
  fs.writeFileSync(pwFile, superPassword);
  if (isRoot()) execFileSync('chown', ['-R', 'postgres:postgres', root]);
  runPg('initdb', ['-D', dataDir, '-A', 'scram-sha-256', `--pwfile=${pwFile}`, '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
  fs.rmSync(pwFile);
  const port = await freePort();
  const start = () => {
    // fsync stays on: the tests kill and restart this server and expect committed rows to survive.
    runPg('pg_ctl', ['-D', dataDir, '-o', `-p ${port} -k ${root} -c listen_addresses=127.0.0.1`, '-l', log, '-w', 'start']);
  };
  const stop = () => {
    try {
      runPg('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
    } catch {
      /* already stopped */
    }
  };
  start();
  const superUrl = `postgresql://postgres:${encodeURIComponent(superPassword)}@127.0.0.1:${port}/postgres`;
  const user = 'kubaru_desk';
  const password = 'desk-' + Math.random().toString(36).slice(2);
  const database = 'kubaru';
  const admin = new pg.Client({ connectionString: superUrl });
  await admin.connect();
  try {
    // Exactly what the README tells the DBA to run: a plain login role that owns its database.
    await admin.query(`CREATE ROLE ${user} LOGIN PASSWORD '${password}' NOSUPERUSER NOCREATEDB NOCREATEROLE`);
    await admin.query(`CREATE DATABASE ${database} OWNER ${user}`);
  } finally {
    await admin.end();
  }
  return {
    url: `postgresql://${user}:${password}@127.0.0.1:${port}/${database}`,
    superUrl: superUrl.replace(/\/postgres$/, `/${database}`),
    port,
    user,
    password,
    database,
    dataDir,
    start,
    stop,
    destroy() {
      stop();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
