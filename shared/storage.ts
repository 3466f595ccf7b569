/** The database file's life: backups, moving it to another PC, recovery, and 配付業務の完了. */

export const BACKUP_REASONS = ['import', 'daily', 'manual', 'before_restore', 'before_finish'] as const;
export type BackupReason = (typeof BACKUP_REASONS)[number];

export const BACKUP_REASON_LABELS: Record<BackupReason, string> = {
  import: '取込の前',
  daily: '毎日',
  manual: '手動',
  before_restore: '復元・読込の前',
  before_finish: '完了処理の前',
};

export interface BackupInfo {
  /** File name inside the backup folder: the handle the renderer passes back. */
  name: string;
  reason: BackupReason;
  createdAt: string;
  sizeBytes: number;
  /** Read from the copy itself; null when the copy cannot be opened. */
  envelopes: number | null;
  handedOver: number | null;
}

export interface StorageState {
  /** Set when the database failed its check at start: the app offers only the ways out. */
  problem: string | null;
  dataDir: string;
  backupDir: string;
}

export interface RestoreResult {
  /** Where the database was before it was replaced, so the clerk can go back. */
  safetyBackup: string | null;
  envelopes: number;
}

/** A copy from another PC read in: the name of the file the clerk chose in main's dialog. */
export interface ImportedDatabase extends RestoreResult {
  fileName: string;
}

/** Counts kept after the personal data of a campaign is purged: the proof of the work, no names. */
export interface CampaignSummary {
  envelopes: number;
  members: number;
  byStatus: Record<string, number>;
  insurers: { name: string; envelopes: number; handedOver: number; returned: number }[];
  shipments: { fileName: string; insurerName: string; importedAt: string; envelopes: number }[];
  returnBatches: number;
}

export interface FinishPreview {
  /** Null when the finish may go ahead; otherwise why not, in the clerk's words. */
  blocker: string | null;
  lastReport: { exportedAt: string; fileName: string } | null;
  /** Exactly what is deleted. */
  removes: {
    envelopes: number;
    members: number;
    events: number;
    rosterEntries: number;
    returnBatches: number;
    boxCheckRecords: number;
    backups: number;
    /** A damaged database kept aside, leftovers of an interrupted import, restore or copy. */
    otherCopies: number;
  };
  /** The phrase the clerk types to confirm. */
  confirmPhrase: string;
}

export interface FinishedCampaign {
  id: number;
  finishedAt: string;
  finishedBy: string;
  reportExportedAt: string;
  reportFile: string;
  summary: CampaignSummary;
}

/** The finish as it went: once the purge committed it stands; `unfinished` names a later step that failed. */
export interface FinishResult extends FinishedCampaign {
  unfinished: string | null;
}

export const FINISH_CONFIRM_PHRASE = '配付業務を完了';
