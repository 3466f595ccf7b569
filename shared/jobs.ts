/**
 * Long jobs (import, report, backup, restore, reading in a database, 配付業務の完了) run off the thread that
 * answers scans; the screens poll their progress.
 */

/** 読み込み → 確認 → 書き込み …, as the bar shows it. */
export type JobPhase = '待機' | '読み込み' | '確認' | '準備' | '書き込み' | '集計' | '保存' | 'バックアップ' | 'コピー' | '削除' | '整理';

export type JobKind =
  | 'previewImport'
  | 'commitImport'
  | 'importFile'
  | 'writeReport'
  | 'createBackup'
  | 'exportDatabase'
  | 'restoreBackup'
  | 'importDatabase'
  | 'finishCampaign'
  | 'confirmRemoteFinish';

export const JOB_LABELS: Record<JobKind, string> = {
  previewImport: 'リストの読み込み',
  commitImport: 'リストの取込',
  importFile: 'リストの取込',
  writeReport: '完了報告の作成',
  createBackup: 'バックアップ',
  exportDatabase: 'データファイルの書き出し',
  restoreBackup: 'バックアップからの復元',
  importDatabase: 'データファイルの読み込み',
  finishCampaign: '配付業務の完了',
  confirmRemoteFinish: '配付業務の完了',
};

/** Only reading a list can be stopped: the other jobs replace or delete data, or are over in seconds. */
export const CANCELLABLE_KINDS: readonly JobKind[] = ['previewImport', 'commitImport', 'importFile'];

export interface JobProgress {
  id: number;
  kind: JobKind;
  label: string;
  phase: JobPhase;
  /** Rows (or steps) done in this phase, and how many there are; total 0 when not known. */
  done: number;
  total: number;
  startedAt: number;
  /** Milliseconds left, estimated from the pace of the current phase; null when it cannot be told. */
  remainingMs: number | null;
  /** Nothing is written yet: stopping loses nothing. */
  cancellable: boolean;
}

/** 「書き込み 12,000 / 100,000件」: one line for the CLI's progress on a terminal. */
export function progressLine(phase: JobPhase, done: number, total: number): string {
  const n = (x: number) => x.toLocaleString('ja-JP');
  return total > 0 ? `${phase} ${n(done)} / ${n(total)}件` : `${phase}…`;
}

export type ProgressReport = (phase: JobPhase, done: number, total: number) => void;

/**
 * Passes on at most one report per `everyMs`, and always a change of phase and the last count of a
 * phase: a line or a message per row would cost more than the rows.
 */
export function throttleProgress(report: ProgressReport, everyMs: number): ProgressReport {
  let lastAt = -Infinity;
  let lastPhase: JobPhase | null = null;
  return (phase, done, total) => {
    const now = performance.now();
    if (phase === lastPhase && now - lastAt < everyMs && done < total) return;
    lastAt = now;
    lastPhase = phase;
    report(phase, done, total);
  };
}
