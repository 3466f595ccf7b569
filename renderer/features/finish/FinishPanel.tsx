import { useEffect, useState } from 'react';
import type { FinishPreview } from '../../../shared/storage';
import { api } from '../../api';
import { useAppStore } from '../../app/store';
import { forgetScreenData } from '../../app/forgetData';
import { JobProgressBar } from '../../ui/JobProgressBar';

const FINISHING = ['finishCampaign'] as const;

/**
 * 配付業務の完了: after the report is out, the personal data of the campaign is deleted. The confirmation names
 * every kind of record that goes, with its count, and the clerk types the phrase it asks for.
 */
export function FinishPanel() {
  const status = useAppStore((s) => s.status);
  const refreshStatus = useAppStore((s) => s.refreshStatus);
  const [preview, setPreview] = useState<FinishPreview | null>(null);
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (open) void api().finishPreview().then((r) => (r.ok ? setPreview(r.value) : setError(r.error)));
  }, [open, status]);

  const finish = async () => {
    setBusy(true);
    const r = await api().finishCampaign({ confirmation: typed });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setOpen(false);
    setTyped('');
    forgetScreenData();
    // The personal data is gone either way; a step after that which failed is said as it is.
    setError(r.value.unfinished);
    await refreshStatus();
  };

  return (
    <div className="panel wide" aria-label="配付業務の完了">
      <h3>配付業務の完了</h3>
      <p className="field-hint">
        完了報告を保険者に提出したら、この配付業務の個人情報（氏名・記号番号・生年月日・配付の記録・名簿）をこのPCから削除できます。件数の記録と、保存した報告書のファイルは残ります。
      </p>
      {!open ? (
        <button type="button" onClick={() => setOpen(true)}>
          配付業務を完了する…
        </button>
      ) : (
        preview && (
          <div aria-label="完了の確認">
            {preview.lastReport && (
              <p>
                最後に保存した報告書: {preview.lastReport.fileName}（{new Date(preview.lastReport.exportedAt).toLocaleString('ja-JP', { dateStyle: 'medium', timeStyle: 'short' })}）
              </p>
            )}
            {preview.blocker ? (
              <p className="message error" role="alert">
                {preview.blocker}
              </p>
            ) : (
              <>
                {status && status.envelopes.pending + status.envelopes.on_hold + status.envelopes.to_return > 0 && (
                  <p className="message warn" role="status">
                    まだ終わっていない封筒があります（未配付 {status.envelopes.pending}通・保留 {status.envelopes.on_hold}通・返送待ち{' '}
                    {status.envelopes.to_return}通）。保存した報告書にはこの状態のまま載っています。
                  </p>
                )}
                <p className="strong">次のものを削除します。元に戻せません。</p>
                <ul aria-label="削除されるもの">
                  <li>封筒 {preview.removes.envelopes}通と、対象者 {preview.removes.members}人の氏名・カナ・記号番号・生年月日・所属</li>
                  <li>配付・返送・保留の記録 {preview.removes.events}件</li>
                  <li>社員名簿 {preview.removes.rosterEntries}人分</li>
                  <li>返送の袋 {preview.removes.returnBatches}件と受入チェックの記録 {preview.removes.boxCheckRecords}件</li>
                  <li>バックアップ {preview.removes.backups}個（個人情報を含むため）</li>
                  {preview.removes.otherCopies > 0 && (
                    <li>壊れたデータベースの控えや、中断した読み込み・復元の一時ファイル {preview.removes.otherCopies}個</li>
                  )}
                </ul>
                <p>
                  残るもの: 保険者・リストごとの件数と状態別の件数、報告書を保存した日時とファイル名、設定。保存済みの報告書ファイルには手を付けません。
                </p>
                <label className="field">
                  <span className="field-label">確認のため「{preview.confirmPhrase}」と入力してください</span>
                  <input value={typed} onChange={(e) => setTyped(e.target.value)} aria-label="確認の言葉" autoComplete="off" />
                </label>
                <div className="action-row">
                  <button type="button" className="primary danger" disabled={busy || typed.trim() !== preview.confirmPhrase} onClick={() => void finish()}>
                    個人情報を削除して完了する
                  </button>
                  <button type="button" onClick={() => setOpen(false)}>
                    やめる
                  </button>
                </div>
              </>
            )}
          </div>
        )
      )}
      <JobProgressBar kinds={FINISHING} active={busy} />
      {error && (
        <p className="message error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
