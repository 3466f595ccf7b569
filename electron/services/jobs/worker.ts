/**
 * The job worker: a thread of its own with its own connection to the database file, so a 100k import,
 * the completion report or a backup never holds the thread that answers scans. Jobs run one after the
 * other, as they arrive. A preview's parsed rows stay here until its commit (importList keys them by
 * the connection), so 100,000 members never cross between threads.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { throttleProgress, type JobKind, type JobPhase } from '../../../shared/jobs';
import Database from 'better-sqlite3';
import { openDatabase, type DB } from '../db/open';
import { createContext } from '../context';
import { clerkMessage } from '../errors';
import type { StoragePaths } from '../storage/paths';
import { TASKS } from './tasks';
import { waitForDesk } from './deskFirst';

/** The desk's calls in progress (deskFirst.ts), shared with the main thread. */
const desk = new Int32Array((workerData as { desk: SharedArrayBuffer }).desk);

export interface RunMessage {
  id: number;
  kind: JobKind;
  arg: unknown;
  /** The desk's database file; null while the desk is in recovery (there is none to open). */
  dbFile: string | null;
  /** Close this thread's connection before answering: the job replaced or purged the file (runAlone). */
  release: boolean;
  storage: StoragePaths | null;
  /** The main thread's clock at the start (tests move it), as an offset from this thread's. */
  clockOffsetMs: number;
  /** The desk connection's size limit (SQLite's max_page_count): a file that may not grow there may not here. */
  maxPageCount: number;
}

export type WorkerMessage =
  | { type: 'progress'; id: number; phase: JobPhase; done: number; total: number }
  | { type: 'done'; id: number; value: unknown }
  | { type: 'error'; id: number; userMessage: string | null; message: string };

// Progress is posted at most this often (and at every change of phase).
const PROGRESS_EVERY_MS = 50;

let connection: { file: string; db: DB } | null = null;

function database(file: string | null): DB {
  if (file === null) return new Database(':memory:');
  if (connection?.file !== file) {
    connection?.db.close();
    connection = { file, db: openDatabase(file) };
  }
  return connection.db;
}

function letGo(): void {
  connection?.db.close();
  connection = null;
}

const port = parentPort;
if (!port) throw new Error('jobs/worker.ts runs only as a worker thread');
// One job at a time: the report's xlsx is written by a stream (async), and the next job must not start on
// this connection while it is being written.
let queue: Promise<void> = Promise.resolve();
port.on('message', (m: RunMessage) => {
  queue = queue.then(() => runOne(m));
});

async function runOne(m: RunMessage): Promise<void> {
  const post = (msg: WorkerMessage) => port!.postMessage(msg);
  try {
    const db = database(m.dbFile);
    db.pragma(`max_page_count = ${Math.trunc(m.maxPageCount)}`);
    const ctx = createContext(db, () => new Date(Date.now() + m.clockOffsetMs));
    if (m.storage) ctx.storage = m.storage;
    ctx.yieldToDesk = () => waitForDesk(desk);
    ctx.progress = throttleProgress((phase, done, total) => post({ type: 'progress', id: m.id, phase, done, total }), PROGRESS_EVERY_MS);
    const task = TASKS[m.kind] as (c: typeof ctx, a: unknown) => unknown;
    const value = await task(ctx, m.arg);
    if (m.release) letGo();
    post({ type: 'done', id: m.id, value });
  } catch (e) {
    if (m.release) letGo();
    post({ type: 'error', id: m.id, userMessage: clerkMessage(e), message: String((e as Error)?.stack ?? e) });
  }
}
