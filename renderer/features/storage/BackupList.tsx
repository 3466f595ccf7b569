import { useState } from 'react';
import { BACKUP_REASON_LABELS, type BackupInfo } from '../../../shared/storage';
import { JobProgressBar } from '../../ui/JobProgressBar';
import { useStorageStore } from './store';

const when = (iso: string) => iso.replace('T', ' ').slice(0, 16);
const RESTORING = ['restoreBackup'] as const;
const size = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

/** The backups with a two-step restore: the clerk sees what the copy holds before anything is replaced. */
export function BackupList({ onRestored }: { onRestored: () => void }) {
  const backups = useStorageStore((s) => s.backups);
  const busy = useStorageStore((s) => s.busy);
  const restore = useStorageStore((s) => s.restore);
  const [asked, setAsked] = useState<BackupInfo | null>(null);

  if (!backups) return <p className="muted">読み込み中…</p>;
  if (backups.length === 0) return <p className="muted">バックアップはまだありません。リストを取り込むと、次の取込の前と毎日1回、自動で作られます。</p>;
  return (
    <>
      <table className="grid small" aria-label="バックアップ一覧">
        <thead>
          <tr>
            <th>日時</th>
            <th>種類</th>
            <th className="num">封筒</th>
            <th className="num">配付済</th>
            <th className="num">大きさ</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {backups.map((b) => (
            <tr key={b.name}>
              <td>{when(b.createdAt)}</td>
              <td>{BACKUP_REASON_LABELS[b.reason]}</td>
              <td className="num">{b.envelopes ?? '読めません'}</td>
              <td className="num">{b.handedOver ?? ''}</td>
              <td className="num">{size(b.sizeBytes)}</td>
              <td>
                <button type="button" className="small" disabled={busy || b.envelopes === null} onClick={() => setAsked(b)} aria-label={`${when(b.createdAt)}のバックアップから復元`}>
                  復元…
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {asked && (
        <div className="message error" role="alertdialog" aria-label="復元の確認">
          <p>
            {when(asked.createdAt)}のバックアップ（封筒{asked.envelopes}通、配付済{asked.handedOver}通）に戻します。
            それより後の記録はこの画面からは見えなくなりますが、今のデータは復元の前にバックアップとして残します。
          </p>
          <div className="action-row">
            <button
              type="button"
              className="primary"
              disabled={busy}
              onClick={async () => {
                if (await restore(asked.name)) onRestored();
                setAsked(null);
              }}
            >
              このバックアップに戻す
            </button>
            <button type="button" onClick={() => setAsked(null)}>
              やめる
            </button>
          </div>
        </div>
      )}
      <JobProgressBar kinds={RESTORING} active={busy} />
    </>
  );
}
