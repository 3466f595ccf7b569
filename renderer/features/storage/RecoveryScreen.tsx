import { useEffect, useState } from 'react';
import { useAppStore } from '../../app/store';
import { BackupList } from './BackupList';
import { DatabaseFileInput } from './DatabaseFileInput';
import { StorageMessage } from './StorageMessage';
import { useStorageStore } from './store';

/** Shown instead of the app when the database failed its check at start: only the ways out. */
export function RecoveryScreen({ problem, dataDir }: { problem: string; dataDir: string }) {
  const loadBackups = useStorageStore((s) => s.loadBackups);
  const startFresh = useStorageStore((s) => s.startFresh);
  const busy = useStorageStore((s) => s.busy);
  const reload = useAppStore((s) => s.load);
  const [askFresh, setAskFresh] = useState(false);
  useEffect(() => {
    void loadBackups();
  }, [loadBackups]);

  return (
    <main className="setup">
      <div className="setup-card wide" aria-label="データベースの復旧">
        <h1>データベースを開けませんでした</h1>
        <p className="message error" role="alert">
          {problem}
        </p>
        <p>
          次のどれかを選んでください。問題のあるファイルは削除せず、データフォルダ（{dataDir}）に「kubaru-damaged-…」として残します。
        </p>
        <StorageMessage />
        <h2>1. バックアップから復元する（おすすめ）</h2>
        <BackupList onRestored={() => void reload()} />
        <h2>2. 別のPCで書き出したデータファイルを読み込む</h2>
        <DatabaseFileInput replacesData={false} onLoaded={() => void reload()} />
        <h2>3. 空のデータベースで始める</h2>
        {askFresh ? (
          <div className="action-row">
            <button
              type="button"
              className="primary"
              disabled={busy}
              onClick={async () => {
                if (await startFresh()) void reload();
              }}
            >
              空のデータベースで始める（リストの取込からやり直し）
            </button>
            <button type="button" onClick={() => setAskFresh(false)}>
              やめる
            </button>
          </div>
        ) : (
          <button type="button" onClick={() => setAskFresh(true)}>
            新しく始める…
          </button>
        )}
      </div>
    </main>
  );
}
