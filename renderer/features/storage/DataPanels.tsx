import { useEffect } from 'react';
import { useAppStore } from '../../app/store';
import { forgetScreenData } from '../../app/forgetData';
import { BackupList } from './BackupList';
import { DatabaseFileInput } from './DatabaseFileInput';
import { StorageMessage } from './StorageMessage';
import { JobProgressBar } from '../../ui/JobProgressBar';
import { useStorageStore } from './store';

const BACKING_UP = ['createBackup'] as const;
const WRITING_COPY = ['exportDatabase'] as const;

/** 設定's data section: backups and restore, and moving everything to another PC. */
export function DataPanels() {
  const loadBackups = useStorageStore((s) => s.loadBackups);
  const backupNow = useStorageStore((s) => s.backupNow);
  const exportDatabase = useStorageStore((s) => s.exportDatabase);
  const busy = useStorageStore((s) => s.busy);
  const load = useAppStore((s) => s.load);
  // The whole app reloads its state from the new database; the clerk stays on 設定 (a page switch would
  // remount this panel and wipe the message saying where the previous data was kept).
  const reload = async () => {
    forgetScreenData();
    await load({ keepPage: true });
  };
  useEffect(() => {
    useStorageStore.setState({ message: null });
    void loadBackups();
  }, [loadBackups]);

  return (
    <>
      <div className="panel wide" aria-label="バックアップ">
        <h3>バックアップ</h3>
        <p className="field-hint">リストの取込の前と毎日1回、自動でバックアップを作ります（種類ごとに新しいものから数個を残します）。</p>
        <StorageMessage area="backups" />
        <BackupList onRestored={() => void reload()} />
        <div className="action-row">
          <button type="button" disabled={busy} onClick={() => void backupNow()}>
            今すぐバックアップ
          </button>
        </div>
        <JobProgressBar kinds={BACKING_UP} active={busy} />
      </div>
      <div className="panel wide" aria-label="別のPCへ移す">
        <h3>別のPCへ移す</h3>
        <p className="field-hint">
          すべての記録を1つのファイルに書き出し、別のPCのKubaruで読み込めます。ファイルには氏名と記号・番号が含まれます。USBメモリなどで運んだ後は削除してください。
        </p>
        <div className="action-row">
          <button type="button" disabled={busy} onClick={() => void exportDatabase()}>
            データファイルに書き出す…
          </button>
          <DatabaseFileInput replacesData onLoaded={() => void reload()} />
        </div>
        <JobProgressBar kinds={WRITING_COPY} active={busy} />
        <StorageMessage area="transfer" />
      </div>
    </>
  );
}
