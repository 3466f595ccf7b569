/**
 * Background sync as the app runs it: every few seconds while a server is configured, one sync at a time,
 * never on the scan's path (the scan writes SQLite and returns; this awaits the network). A failure is
 * kept in memory only (接続できません since …): the database records successes, not the weather.
 */
import type pg from 'pg';
import type { ServiceContext } from '../context';
import { deviceId } from '../settings';
import { serverErrorMessage } from './connection';
import { syncOnce, type SyncOutcome } from './engine';
import { readSync, syncStatus } from './state';
import type { SyncView } from '../../../shared/sync';

export const SYNC_INTERVAL_MS = 3_000;


export class SyncService {
  private timer: ReturnType<typeof setInterval> | null = null;
  private inFlight: Promise<SyncOutcome | null> | null = null;
  private offlineSince: string | null = null;
  private error: string | null = null;

  constructor(
    private readonly ctx: ServiceContext,
    /** The server to use now, or null when this desk works alone (read anew for every sync). */
    private readonly config: () => pg.ClientConfig | null,
    private readonly intervalMs = SYNC_INTERVAL_MS,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.syncNow(), this.intervalMs);
    void this.syncNow();
  }

  /** Waits for a sync in progress to end; after this nothing touches the database. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.inFlight;
  }

  /** 今すぐ同期: joins a sync in progress rather than starting a second one. Never throws. */
  syncNow(): Promise<SyncOutcome | null> {
    if (this.inFlight) return this.inFlight;
    const config = this.config();
    if (!config || this.ctx.recovery || readSync(this.ctx.db, 'campaign_finished')) return Promise.resolve(null);
    this.inFlight = syncOnce(this.ctx, config)
      .then((r) => {
        this.offlineSince = null;
        this.error = null;
        return r;
      })
      .catch((e: unknown) => {
        this.offlineSince ??= this.ctx.now().toISOString();
        this.error = serverErrorMessage(e);
        return null;
      })
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }

  /** Since when the server could not be reached, null while it can (cheap: no database read). */
  get offline(): string | null {
    return this.offlineSince;
  }

  view(): SyncView {
    return syncView(this.ctx, { configured: this.config() !== null, offlineSince: this.offlineSince, error: this.error, running: this.inFlight !== null });
  }
}

/** The header's state; a context without a running service (CLI, tests) is a desk that works alone. */
export function syncView(
  ctx: ServiceContext,
  live: Pick<SyncView, 'configured' | 'offlineSince' | 'error' | 'running'> = { configured: false, offlineSince: null, error: null, running: false },
): SyncView {
  const finished = readSync(ctx.db, 'campaign_finished');
  return {
    ...syncStatus(ctx.db, deviceId(ctx)),
    ...live,
    finished: finished ? (JSON.parse(finished) as SyncView['finished']) : null,
  };
}

/** What the header shows now: the running service's view, or the stored state where none runs. */
export const currentSyncView = (ctx: ServiceContext): SyncView => ctx.sync?.view() ?? syncView(ctx);
