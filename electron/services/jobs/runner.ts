/**
 * Runs long services in the job worker (worker.ts) and keeps what the screens poll: each job's phase,
 * counts and time left. The handler table, the CLI, the bench and the Chromium harness all come through
 * here, so every one of them runs the same worker path as the app. No `electron` here.
 *
 * A hostile file must not take the app with it: the worker has a heap cap, and a list that takes longer
 * than the time limit to read is stopped. Either way the clerk gets a Japanese message, the worker is
 * replaced by a fresh one, and the desk goes on.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CANCELLABLE_KINDS, JOB_LABELS, type JobKind, type JobProgress } from '../../../shared/jobs';
import type { ServiceContext } from '../context';
import type { DB } from '../db/open';
import { UserError } from '../errors';
import type { JobArg, JobResult } from './tasks';
import { deskCounter } from './deskFirst';
import type { RunMessage, WorkerMessage } from './worker';

export interface JobLimits {
  /** Reading a list (previewImport) longer than this is stopped. */
  readTimeLimitMs: number;
  /** The worker's V8 heap cap. A 100k-member xlsx needs about 500 MB. */
  maxHeapMb: number;
}

/** How long the desk's connection waits for the worker's write lock. */
const WRITER_WAIT_MS = 120_000;

const limits: JobLimits = { readTimeLimitMs: 120_000, maxHeapMb: 2048 };

/** Tests tighten the limits to see them hit; the app keeps the defaults. */
export function setJobLimits(next: Partial<JobLimits>): JobLimits {
  const before = { ...limits };
  Object.assign(limits, next);
  return before;
}

const TOO_SLOW = 'ファイルの読み込みに時間がかかりすぎたため中止しました。ファイルの中身を確認してください（他の作業はそのまま続けられます）。';
const TOO_BIG = 'ファイルが大きすぎるか複雑すぎて読み込めませんでした。ファイルの中身を確認してください（他の作業はそのまま続けられます）。';
const STOPPED = '処理を中止しました。何も変更していません。';
const CRASHED = '処理が途中で止まりました。何も変更していません。もう一度お試しください。';
const BUSY = 'ほかの処理（リストの取込・報告書の作成・バックアップ・復元など）の最中です。終わってから、もう一度お試しください。';

interface Running {
  progress: JobProgress;
  /** When the current phase started, and its count then: the pace for the estimate. */
  phaseStart: number;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout | null;
}

class JobHost {
  private readonly worker: Worker;
  readonly jobs = new Map<number, Running>();
  dead = false;

  constructor(readonly db: DB) {
    const { file, execArgv } = workerScript();
    this.worker = new Worker(file, { execArgv, workerData: { desk: deskCounter() }, resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb } });
    // An idle worker must not keep the CLI, a test or the bench from exiting.
    this.worker.unref();
    this.worker.on('message', (m: WorkerMessage) => this.onMessage(m));
    this.worker.on('error', (e: Error & { code?: string }) => this.stop(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? TOO_BIG : CRASHED));
    this.worker.on('exit', () => this.stop(CRASHED));
    // The database closed (the app quits, a test ends): the worker and its connection go too.
    this.watch = setInterval(() => this.db.open || this.stop(STOPPED), 2000).unref();
  }

  private readonly watch: NodeJS.Timeout;

  post(m: RunMessage): void {
    this.worker.postMessage(m, movedBytes(m.arg));
  }

  private onMessage(m: WorkerMessage): void {
    const job = this.jobs.get(m.id);
    if (!job) return;
    if (m.type === 'progress') {
      const p = job.progress;
      const now = Date.now();
      if (p.phase !== m.phase) job.phaseStart = now;
      p.phase = m.phase;
      p.done = m.done;
      p.total = m.total;
      p.cancellable = CANCELLABLE_KINDS.includes(p.kind) && (m.phase === '読み込み' || m.phase === '確認' || m.phase === '待機');
      const elapsed = now - job.phaseStart;
      p.remainingMs = m.total > 0 && m.done > 0 && elapsed > 200 ? Math.round((elapsed / m.done) * (m.total - m.done)) : null;
      return;
    }
    this.finish(m.id);
    if (m.type === 'done') job.resolve(m.value);
    else job.reject(m.userMessage !== null ? new UserError(m.userMessage) : new Error(`job failed in the worker: ${m.message}`));
  }

  finish(id: number): void {
    const job = this.jobs.get(id);
    if (job?.timer) clearTimeout(job.timer);
    this.jobs.delete(id);
    if (this.jobs.size === 0) this.worker.unref();
  }

  /** Ends the worker; every job in it fails with `message` (nothing they did was committed). */
  stop(message: string): Promise<unknown> {
    if (this.dead) return this.ended;
    this.dead = true;
    clearInterval(this.watch);
    for (const [id, job] of [...this.jobs]) {
      this.finish(id);
      job.reject(new UserError(message));
    }
    this.ended = this.worker.terminate();
    return this.ended;
  }

  private ended: Promise<unknown> = Promise.resolve();

  ref(): void {
    this.worker.ref();
  }
}

/** The worker's script: built next to main.js for the app, the TypeScript source (through tsx) otherwise. */
function workerScript(): { file: string; execArgv: string[] } {
  const built = path.join(__dirname, 'jobWorker.js');
  if (fs.existsSync(built)) return { file: built, execArgv: [] };
  const tsx = pathToFileURL(require.resolve('tsx')).href;
  return { file: path.join(__dirname, 'worker.ts'), execArgv: ['--import', tsx] };
}

const hosts = new WeakMap<ServiceContext, JobHost>();
let nextId = 1;

function hostOf(ctx: ServiceContext): JobHost {
  let host = hosts.get(ctx);
  // A restored or replaced database is another file: the old worker's connection and previews go with it.
  if (host && (host.dead || host.db !== ctx.db)) {
    void host.stop(STOPPED);
    host = undefined;
  }
  if (!host) {
    // SQLite has one writer: a scan arriving while the worker writes a 100k list waits for it, and must
    // not fail after the usual 5 s (it did not fail when the import ran on this thread either).
    ctx.db.pragma(`busy_timeout = ${WRITER_WAIT_MS}`);
    host = new JobHost(ctx.db);
    hosts.set(ctx, host);
  }
  return host;
}

/** Contexts whose database a job is replacing or purging right now: no other job may start meanwhile. */
const alone = new WeakSet<ServiceContext>();

/** Runs a long service in the worker and resolves with what it returns (a UserError stays one). */
export function runJob<K extends JobKind>(ctx: ServiceContext, kind: K, arg: JobArg<K>): Promise<JobResult<K>> {
  if (alone.has(ctx)) return Promise.reject(new UserError(BUSY));
  return post(ctx, kind, arg, false);
}

/**
 * Runs a job that replaces or purges the database (restore, reading in a copy, 配付業務の完了) with no other
 * job before it or beside it, then `after` on this thread with its result (the desk's side: swapping
 * ctx.db in). The worker lets go of the file before it answers and is ended before `after` runs: on
 * Windows an open handle blocks replacing the file, and a preview read before must not be committable
 * into what comes after. The desk keeps answering scans through ctx.db the whole time.
 */
export async function runAlone<K extends JobKind, R>(
  ctx: ServiceContext,
  kind: K,
  arg: JobArg<K>,
  after: (result: JobResult<K>) => R,
): Promise<R> {
  assertNoJobs(ctx);
  alone.add(ctx);
  try {
    let result: JobResult<K>;
    try {
      result = await post(ctx, kind, arg, true);
    } finally {
      await hosts.get(ctx)?.stop(STOPPED);
    }
    return after(result);
  } finally {
    alone.delete(ctx);
  }
}

/** Refuses, with the clerk's message, while any job runs: before a step that runAlone must not then refuse. */
export function assertNoJobs(ctx: ServiceContext): void {
  const current = hosts.get(ctx);
  if (alone.has(ctx) || (current && !current.dead && current.jobs.size > 0)) throw new UserError(BUSY);
}

function post<K extends JobKind>(ctx: ServiceContext, kind: K, arg: JobArg<K>, release: boolean): Promise<JobResult<K>> {
  const host = hostOf(ctx);
  const id = nextId++;
  return new Promise<JobResult<K>>((resolve, reject) => {
    const now = Date.now();
    const running: Running = {
      progress: { id, kind, label: JOB_LABELS[kind], phase: '待機', done: 0, total: 0, startedAt: now, remainingMs: null, cancellable: CANCELLABLE_KINDS.includes(kind) },
      phaseStart: now,
      resolve: resolve as (v: unknown) => void,
      reject,
      timer: kind === 'previewImport' ? setTimeout(() => host.stop(TOO_SLOW), limits.readTimeLimitMs) : null,
    };
    host.jobs.set(id, running);
    host.ref();
    host.post({
      id,
      kind,
      arg,
      // A stand-in (recovery) has no file for the worker to open.
      dbFile: ctx.db.memory ? null : ctx.db.name,
      release,
      storage: ctx.storage ?? null,
      clockOffsetMs: ctx.now().getTime() - now,
      maxPageCount: ctx.db.pragma('max_page_count', { simple: true }) as number,
    });
  });
}

/** A file this big moves to the worker instead of being copied (a 48 MB copy blocked the desk ~80 ms). */
const MOVE_FROM_BYTES = 1 << 20;

/**
 * The ArrayBuffer of a job's file (`arg.bytes`) when it is worth moving and movable: big, and the whole
 * buffer (a Node Buffer may be a slice of a shared pool, which must never move). The caller's array is
 * empty afterwards; over IPC every call has its own copy anyway.
 */
function movedBytes(arg: unknown): ArrayBuffer[] {
  const bytes = (arg as { bytes?: unknown } | null)?.bytes;
  if (!(bytes instanceof Uint8Array) || bytes.byteLength < MOVE_FROM_BYTES) return [];
  const buffer = bytes.buffer;
  return buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength ? [buffer] : [];
}

/** Every job still running or waiting, oldest first: what the progress bars show. */
export function jobProgress(ctx: ServiceContext): JobProgress[] {
  const host = hosts.get(ctx);
  return host ? [...host.jobs.values()].map((j) => ({ ...j.progress })) : [];
}

/** Stops a job that has written nothing yet (reading or checking a list); refused once writing began. */
export function cancelJob(ctx: ServiceContext, id: number): { cancelled: boolean } {
  const host = hosts.get(ctx);
  const job = host?.jobs.get(id);
  if (!host || !job) return { cancelled: false };
  if (!job.progress.cancellable) throw new UserError('書き込みが始まったため中止できません。終わるまでお待ちください。');
  // The worker is busy inside a synchronous parse: ending the thread is the only way to stop it.
  void host.stop(STOPPED);
  return { cancelled: true };
}
