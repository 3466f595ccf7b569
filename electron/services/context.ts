import type { DB } from './db/open';
import type { ProgressReport } from '../../shared/jobs';
import type { StoragePaths } from './storage/paths';
import type { SyncService } from './sync/service';

/** What only the desktop shell can do (dialogs, the window's PDF printer); the test harness stands in for it. */
export interface Platform {
  /** Asks where to save, prints the current page to an A4 PDF there; null when the clerk cancelled. */
  savePdf(defaultName: string): Promise<string | null>;
  /** Asks where to save a file the services then write; null when the clerk cancelled. */
  chooseSavePath(defaultName: string, filter: { name: string; extensions: string[] }): Promise<string | null>;
  /** Asks which Kubaru data file to read in (main's own open dialog); null when the clerk cancelled. */
  chooseDatabaseFile(): Promise<string | null>;
}

/** Keeps a secret (the server password) encrypted at rest: Electron safeStorage in the app, a stand-in in tests. */
export interface SecretBox {
  available(): boolean;
  encrypt(plain: string): string;
  decrypt(stored: string): string;
}

/** What every service needs: the open database and who/where/when an action happens. */
export interface ServiceContext {
  /** Replaced as a whole when a backup is restored or a copy from another PC is read in. */
  db: DB;
  /** Injected so tests can move time; production passes `() => new Date()`. */
  now: () => Date;
  platform?: Platform;
  /** The data folder (database, backups, log); absent for the CLI and unit tests, which have no backups. */
  storage?: StoragePaths;
  /** Why the database could not be used at start; while set, only the ways out are allowed. */
  recovery?: string | null;
  /** Set inside the job worker (jobs/worker.ts): long services report how far they are. */
  progress?: ProgressReport;
  /** Set inside the job worker: a long write calls it between its short transactions, to let the desk's waiting call go first. */
  yieldToDesk?: () => void;
  /** Encryption for stored secrets; absent where nothing may be stored encrypted (CLI: the password is in the URL or PGPASSWORD). */
  secrets?: SecretBox;
  /** The background sync with the shared server (複数の窓口), when the app runs one. */
  sync?: SyncService;
}

export function createContext(db: DB, now: () => Date = () => new Date()): ServiceContext {
  return { db, now };
}
