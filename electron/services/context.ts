import type { DB } from './db/open';

/** What every service needs: the open database and who/where/when an action happens. */
export interface ServiceContext {
  db: DB;
  /** Injected so tests can move time; production passes `() => new Date()`. */
  now: () => Date;
}

export function createContext(db: DB, now: () => Date = () => new Date()): ServiceContext {
  return { db, now };
}
