import path from 'node:path';

/** Where Kubaru keeps its files inside the user's data folder. */
export interface StoragePaths {
  dataDir: string;
  dbFile: string;
  backupDir: string;
  logFile: string;
}

export function storagePaths(dataDir: string): StoragePaths {
  return {
    dataDir,
    dbFile: path.join(dataDir, 'kubaru.sqlite3'),
    backupDir: path.join(dataDir, 'backups'),
    logFile: path.join(dataDir, 'kubaru.log'),
  };
}

/** Local time as 20261124-093005: sorts as it reads, and means the clerk's day, not UTC's. */
export function fileStamp(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}
