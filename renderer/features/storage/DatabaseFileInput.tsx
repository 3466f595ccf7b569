import { useState } from 'react';
import { JobProgressBar } from '../../ui/JobProgressBar';
import { useStorageStore } from './store';

const READING_IN = ['importDatabase'] as const;

/**
 * Reads in a database written on another PC. The file is chosen in the app's own dialog and read by the
 * main process, never handed to the page; asks first, because it replaces what is here.
 */
export function DatabaseFileInput({ onLoaded, replacesData }: { onLoaded: () => void; replacesData: boolean }) {
  const busy = useStorageStore((s) => s.busy);
  const importDatabase = useStorageStore((s) => s.importDatabase);
  const [asking, setAsking] = useState(false);
  const load = async () => {
    setAsking(false);
    if (await importDatabase()) onLoaded();
  };
  return (
    <>
      <button type="button" disabled={busy} onClick={() => (replacesData ? setAsking(true) : void load())}>
        データファイルを読み込む…
      </button>
      {asking && (
        <div className="message error" role="alertdialog" aria-label="読み込みの確認">
          <p>選んだファイルの内容で、このPCのデータを置き換えます。今のデータは読み込みの前にバックアップとして残します。</p>
          <div className="action-row">
            <button type="button" className="primary" disabled={busy} onClick={() => void load()}>
              ファイルを選んで置き換える…
            </button>
            <button type="button" onClick={() => setAsking(false)}>
              やめる
            </button>
          </div>
        </div>
      )}
      <JobProgressBar kinds={READING_IN} active={busy} />
    </>
  );
}
