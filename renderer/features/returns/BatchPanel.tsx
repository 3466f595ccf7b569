import { useState } from 'react';
import { BATCH_KINDS, BATCH_KIND_LABELS, formatTrackingNumber, type BatchKind, type ReturnBatch } from '../../../shared/returns';
import { api } from '../../api';
import { useReturnsStore } from './store';

const today = () => new Date().toISOString().slice(0, 10);

/** Making a batch: the way back and, for a レターパック, its お問い合わせ番号 checked as typed. */
export function NewBatchForm() {
  const run = useReturnsStore((s) => s.run);
  const [kind, setKind] = useState<BatchKind>('letterpack');
  const [tracking, setTracking] = useState('');
  const [check, setCheck] = useState<{ ok: boolean; text: string } | null>(null);
  const [accept, setAccept] = useState(false);

  const verify = async (value: string) => {
    setAccept(false);
    if (value.trim() === '') return setCheck(null);
    const r = await api().checkTrackingNumber({ trackingNumber: value });
    if (!r.ok) return setCheck({ ok: false, text: r.error });
    setCheck(
      r.value.checkDigitOk
        ? { ok: true, text: `${r.value.display}（確認用の数字も一致）` }
        : { ok: false, text: `${r.value.display} は確認用の数字が合いません。打ち間違いの可能性があります。` },
    );
  };

  const create = () =>
    void run(
      api().createBatch({ kind, trackingNumber: kind === 'letterpack' ? tracking : null, acceptUnverified: accept }),
      (b) => `返送の袋 No.${b.id}（${BATCH_KIND_LABELS[b.kind]}${b.trackingNumber ? ` ${formatTrackingNumber(b.trackingNumber)}` : ''}）を作りました。`,
    ).then((ok) => ok && (setTracking(''), setCheck(null), setAccept(false)));

  return (
    <div className="new-batch" aria-label="返送の袋を作る">
      <select aria-label="返送方法" value={kind} onChange={(e) => setKind(e.target.value as BatchKind)}>
        {BATCH_KINDS.map((k) => (
          <option key={k} value={k}>
            {BATCH_KIND_LABELS[k]}
          </option>
        ))}
      </select>
      {kind === 'letterpack' && (
        <input
          aria-label="お問い合わせ番号"
          placeholder="お問い合わせ番号（12桁）"
          inputMode="numeric"
          value={tracking}
          onChange={(e) => setTracking(e.target.value)}
          onBlur={() => void verify(tracking)}
        />
      )}
      <button type="button" className="primary" onClick={create} disabled={kind === 'letterpack' && check !== null && !check.ok && !accept}>
        袋を作る
      </button>
      {check && (
        <p className={`message ${check.ok ? 'success' : 'warn'}`} role="status">
          {check.text}
          {!check.ok && /確認用/.test(check.text) && (
            <label className="radio">
              <input type="checkbox" checked={accept} onChange={(e) => setAccept(e.target.checked)} />
              番号を確かめました。この番号で登録する
            </label>
          )}
        </p>
      )}
    </div>
  );
}

export function BatchCard({ batch, onPrint }: { batch: ReturnBatch; onPrint: (b: ReturnBatch) => void }) {
  const run = useReturnsStore((s) => s.run);
  const [sentOn, setSentOn] = useState(today());
  return (
    <div className={`batch ${batch.sentOn ? 'sent' : ''}`} aria-label={`袋 No.${batch.id}`}>
      <div className="batch-head">
        <strong>No.{batch.id}</strong> {BATCH_KIND_LABELS[batch.kind]}
        {batch.trackingNumber && <span className="mono"> {formatTrackingNumber(batch.trackingNumber)}</span>}
        <span className="count">{batch.items.length}通</span>
        {batch.sentOn ? <span className="badge status-returned">{batch.sentOn} 発送済</span> : <span className="badge">未発送</span>}
        {batch.ownerDesk && <span className="badge">{batch.ownerDesk}の袋（閲覧のみ）</span>}
        <button type="button" className="small" onClick={() => onPrint(batch)} disabled={batch.items.length === 0}>
          返送リストを印刷
        </button>
      </div>
      {batch.syncNote && <p className="message warn" style={{ whiteSpace: 'pre-line' }}>{batch.syncNote}</p>}
      {batch.items.length > 0 && (
        <table className="grid small">
          <tbody>
            {batch.items.map((i) => (
              <tr key={i.envelopeId}>
                <td className="mono">
                  {i.symbol}-{i.number}
                  {i.branch && `-${i.branch}`}
                </td>
                <td>{i.names.join('・')}</td>
                <td>{i.reason}</td>
                <td className="num">
                  {!batch.sentOn && !batch.ownerDesk && (
                    <button type="button" className="small" onClick={() => void run(api().removeFromBatch({ batchId: batch.id, envelopeIds: [i.envelopeId] }), () => '袋から出しました。')}>
                      出す
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!batch.sentOn && !batch.ownerDesk && batch.items.length > 0 && (
        <div className="action-row">
          <input type="date" aria-label={`No.${batch.id}の発送日`} value={sentOn} onChange={(e) => setSentOn(e.target.value)} />
          <button type="button" className="primary" onClick={() => void run(api().markBatchSent({ batchId: batch.id, sentOn }), (b) => `No.${b.id}の${b.items.length}通を返送済みにしました。`)}>
            発送済みにする
          </button>
        </div>
      )}
    </div>
  );
}
