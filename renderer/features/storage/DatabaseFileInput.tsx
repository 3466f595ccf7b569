import { useState } from 'react';
import { FileButton } from '../../ui/FileButton';
import { useStorageStore } from './store';

/** Reads in a database written on another PC; asks first, because it replaces what is here. */
export function DatabaseFileInput({ onLoaded, replacesData }: { onLoaded: () => void; replacesData: boolean }) {
  const busy = useStorageStore((s) => s.busy);
  const importDatabase = useStorageStore((s) => s.importDatabase);
  const [file, setFile] = useState<File | null>(null);
  const load = async (f: File) => {
    setFile(null);
    if (await importDatabase(f)) onLoaded();
  };
  return (
    <>
      <FileButton
        disabled={busy}
        label="Kubaruのデータファイル"
        accept=".sqlite3,.sqlite,.db"
        onFile={(f) => (replacesData ? setFile(f) : void load(f))}
      >
        データファイルを読み込む…
      </FileButton>
      {file && (
        <div className="message error" role="alertdialog" aria-label="読み込みの確認">
          <p>
            「{file.name}」の内容で、このPCのデータを置き換えます。今のデータは読み込みの前にバックアップとして残します。
          </p>
          <div className="action-row">
            <button type="button" className="primary" disabled={busy} onClick={() => void load(file)}>
              置き換えて読み込む
            </button>
            <button type="button" onClick={() => setFile(null)}>
              やめる
            </button>
          </div>
        </div>
      )}
    </>
  );
}
