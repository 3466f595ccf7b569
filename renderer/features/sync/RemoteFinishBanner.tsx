import { useState } from 'react';
import { FINISH_CONFIRM_PHRASE } from '../../../shared/storage';
import { api } from '../../api';
import { useAppStore } from '../../app/store';
import { JobProgressBar } from '../../ui/JobProgressBar';
import { useSyncStore } from './store';

const PURGING = ['confirmRemoteFinish'] as const;

/** Another desk finished the shared campaign: this desk deletes its copy once its clerk confirms. */
export function RemoteFinishBanner() {
  const finished = useSyncStore((s) => s.view?.finished ?? null);
  const refresh = useSyncStore((s) => s.refresh);
  const load = useAppStore((s) => s.load);
  const [phrase, setPhrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!finished) return null;
  const confirm = async () => {
    setBusy(true);
    const r = await api().confirmRemoteFinish({ confirmation: phrase });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    await refresh();
    await load({ keepPage: true });
  };
  return (
    <div className="message warn" role="alertdialog" aria-label="ほかの窓口で完了">
      <p>
        配付業務は {finished.by || 'ほかの窓口'} が {new Date(finished.at).toLocaleString('ja-JP')} に完了しました。サーバーの個人情報は削除済みです。この窓口の個人情報も削除します（件数は残ります）。
      </p>
      <label className="field">
        <span className="field-label">確認のため「{FINISH_CONFIRM_PHRASE}」と入力</span>
        <input value={phrase} onChange={(e) => setPhrase(e.target.value)} />
      </label>
      {error && <p className="message error">{error}</p>}
      <button type="button" className="primary danger" disabled={busy} onClick={confirm}>
        この窓口のデータを削除する
      </button>
      <JobProgressBar kinds={PURGING} active={busy} />
    </div>
  );
}
