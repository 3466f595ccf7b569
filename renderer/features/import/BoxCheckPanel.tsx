import { useEffect, useState } from 'react';
import type { BoxCheckScanResult, BoxCheckStatus } from '../../../shared/boxCheck';
import { api } from '../../api';
import { useScanner } from '../../ui/useScanner';
import { CameraPanel } from '../../ui/camera/CameraPanel';
import { playOutcome } from '../../ui/sound';

/**
 * 受入チェック while unpacking: scan every envelope of the shipment; what is left unseen is 箱に無い when
 * the check ends; an envelope the list does not have is recorded by what its window shows.
 */
export function BoxCheckPanel({ shipmentId, onClose }: { shipmentId: number; onClose: () => void }) {
  const [status, setStatus] = useState<BoxCheckStatus | null>(null);
  const [last, setLast] = useState<BoxCheckScanResult | null>(null);
  const [windowText, setWindowText] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void api()
      .boxCheckStatus({ shipmentId })
      .then((r) => (r.ok ? setStatus(r.value) : setError(r.error)));
  }, [shipmentId]);

  const check = async (code: string) => {
    const r = await api().boxCheckScan({ shipmentId, code });
    if (!r.ok) return setError(r.error);
    setError(null);
    setLast(r.value);
    setStatus(r.value.status);
    playOutcome(r.value.result === 'checked' ? 'handed_over' : r.value.result === 'already' ? 'already_handed_over' : 'unknown');
  };
  useScanner(check);

  const apply = async (call: Promise<{ ok: true; value: BoxCheckStatus } | { ok: false; error: string }>) => {
    const r = await call;
    if (!r.ok) return setError(r.error);
    setError(null);
    setStatus(r.value);
    return true;
  };

  if (!status) return error ? <p className="message error">{error}</p> : null;
  const tone = last ? { checked: 'handed_over', already: 'already_handed_over', other_shipment: 'unknown', unknown: 'unknown' }[last.result] : 'idle';

  return (
    <div className="panel wide box-check" aria-label="受入チェック">
      <h3>
        受入チェック: {status.insurerName}（{status.fileName}）
        <button type="button" className="small" onClick={onClose}>
          閉じる
        </button>
      </h3>
      <p className="box-progress">
        確認 <strong>{status.checked}</strong> / {status.total}通
        {status.missingRecorded > 0 && <span className="badge status-to_return">箱に無い {status.missingRecorded}通</span>}
        {status.notOnList.length > 0 && <span className="badge status-on_hold">リストに無い {status.notOnList.length}通</span>}
      </p>
      {/* The camera names the household (記号-番号 for a window read); the check takes it like a scanned code. */}
      <CameraPanel onAct={(read) => check(read.identity.display)} onConfirm={check} />
      <div className={`result ${tone}`} data-testid="box-check-result" data-result={last?.result ?? ''} aria-live="assertive">
        <p className="result-message">{last ? last.message : '箱から出した封筒を順に読み取ってください。'}</p>
      </div>
      {error && (
        <p className="message error" role="alert">
          {error}
        </p>
      )}
      <details className="unseen">
        <summary>まだ確認していない封筒 {status.unseen.length}通</summary>
        <ul>
          {status.unseen.map((e) => (
            <li key={e.envelopeId}>
              {e.symbol}-{e.number}
              {e.branch && `-${e.branch}`} {e.names.join('・')}
            </li>
          ))}
        </ul>
      </details>
      <div className="action-row" aria-label="リストに無い封筒">
        <input aria-label="封筒の窓に見える内容" placeholder="窓に見える内容（記号・番号・氏名）" value={windowText} onChange={(e) => setWindowText(e.target.value)} />
        <input aria-label="メモ（リストに無い封筒）" placeholder="メモ" value={note} onChange={(e) => setNote(e.target.value)} />
        <button
          type="button"
          onClick={() =>
            void apply(api().recordNotOnList({ shipmentId, windowText, note })).then((ok) => ok && (setWindowText(''), setNote('')))
          }
        >
          リストに無い封筒として記録
        </button>
      </div>
      {status.notOnList.length > 0 && (
        <ul aria-label="記録したリストに無い封筒">
          {status.notOnList.map((d) => (
            <li key={d.id}>
              {d.windowText} {d.note}
            </li>
          ))}
        </ul>
      )}
      <div className="actions">
        <button type="button" className="primary" onClick={() => void apply(api().finishBoxCheck({ shipmentId }))}>
          受入チェックを終える（未確認 {status.unseen.length}通を「箱に無い」として記録）
        </button>
      </div>
    </div>
  );
}
