import { MAX_LIST_MB } from '../../../shared/lists';
import { useImportStore } from './store';
import { FileButton } from '../../ui/FileButton';
import { JobProgressBar } from '../../ui/JobProgressBar';

const READING = ['previewImport'] as const;

/** Drop a list here or pick it with the file dialog. */
export function DropZone() {
  const openFile = useImportStore((s) => s.openFile);
  const busy = useImportStore((s) => s.busy);
  return (
    <div className="dropzone" data-testid="dropzone">
      <p className="empty-title">送付対象者リストのファイルをここにドロップしてください</p>
      <p className="empty-body">
        保険者から届いた箱に同封のリスト（Excel .xlsx / .xls、CSV）をそのまま取り込めます。ファイルを編集する必要はありません。
        <br />
        取り込む前に内容を確認でき、確認するまでは何も保存されません。（{MAX_LIST_MB}MBまで）
      </p>
      <FileButton className="primary" disabled={busy !== null} label="送付対象者リストのファイル" accept=".xlsx,.xlsm,.xls,.csv,.tsv,.txt" onFile={(f) => void openFile(f)}>
        {busy === 'reading' ? '読み込み中…' : 'ファイルを選ぶ'}
      </FileButton>
      <JobProgressBar kinds={READING} active={busy === 'reading'} />
    </div>
  );
}
