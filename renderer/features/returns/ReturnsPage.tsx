import { useEffect, useState } from 'react';
import type { ReturnBatch } from '../../../shared/returns';
import { api, call } from '../../api';
import { useAppStore } from '../../app/store';
import { NeedsList } from '../../ui/NeedsList';
import { BatchCard, NewBatchForm } from './BatchPanel';
import { FlagPanel } from './FlagPanel';
import { RosterPanel } from './RosterPanel';
import { useReturnsStore } from './store';
import { usePrintStore } from '../print/store';
import { useScanner } from '../../ui/useScanner';
import { CameraPanel } from '../../ui/camera/CameraPanel';

/** 返送: flag, hold, pack into batches, mark sent. */
export function ReturnsPage() {
  const total = useAppStore((s) => s.status?.envelopes.total ?? 0);
  const { queue, queuePicked, toggleQueuePick, batches, holds, message, load, run } = useReturnsStore();
  const [target, setTarget] = useState<number | ''>('');
  const openBatches = batches.filter((b) => !b.sentOn);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (target === '' && openBatches[0]) setTarget(openBatches[0].id);
  }, [openBatches, target]);
  const openPrint = usePrintStore((s) => s.open);
  // With a batch chosen, scanning an envelope packs it (and the household's other 返送対象) into that batch.
  const packByCode = async (code: string) => {
    if (target === '') return;
    await run(api().addToBatchByCode({ batchId: Number(target), code }), (r) => r.message);
  };
  useScanner((code) => void packByCode(code), { enabled: total > 0 });
  const printBatch = async (b: ReturnBatch) => {
    await call(
      api().returnListSheet({ batchId: b.id }),
      (sheet) => openPrint({ kind: 'returnList', sheet, fileName: `返送リスト_No${b.id}` }),
      (text) => useReturnsStore.setState({ message: { kind: 'error', text } }),
    );
  };

  if (total === 0) {
    return (
      <section className="page">
        <h2>返送</h2>
        <NeedsList />
      </section>
    );
  }

  return (
    <section className="page returns" aria-label="返送">
      <h2>返送</h2>
      {message && (
        <p className={`message ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      <RosterPanel />
      <FlagPanel />

      <div className="panel wide" aria-label="返送待ち">
        <h3>
          返送待ち <span className="count">{queue.length}通</span>
        </h3>
        {queue.length === 0 ? (
          <p className="muted">袋に入れる封筒はありません。</p>
        ) : (
          <>
            <table className="grid small">
              <thead>
                <tr>
                  <th />
                  <th>記号-番号-枝番</th>
                  <th>保険者</th>
                  <th>対象者</th>
                  <th>理由</th>
                </tr>
              </thead>
              <tbody>
                {queue.map((r) => (
                  <tr key={r.envelopeId}>
                    <td>
                      <input type="checkbox" aria-label={`${r.names.join('・')}を選ぶ`} checked={queuePicked.has(r.envelopeId)} onChange={() => toggleQueuePick(r.envelopeId)} />
                    </td>
                    <td className="mono">
                      {r.symbol}-{r.number}
                      {r.branch && `-${r.branch}`}
                    </td>
                    <td>{r.insurerName}</td>
                    <td>{r.names.join('・')}</td>
                    <td>{r.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="action-row">
              <select aria-label="入れる袋" title="袋を選ぶと、封筒のバーコードを読み取って入れることもできます" value={target} onChange={(e) => setTarget(e.target.value ? Number(e.target.value) : '')}>
                <option value="">袋を選ぶ</option>
                {openBatches.map((b) => (
                  <option key={b.id} value={b.id}>
                    No.{b.id}（{b.items.length}通）
                  </option>
                ))}
              </select>
              <button
                type="button"
                className="primary"
                disabled={target === '' || queuePicked.size === 0}
                onClick={() => void run(api().addToBatch({ batchId: Number(target), envelopeIds: [...queuePicked] }), (b) => `No.${b.id}に入れました（${b.items.length}通）。`)}
              >
                選んだ{queuePicked.size}通を袋に入れる
              </button>
            </div>
            {/* The camera names the household (記号-番号 for a window read); the batch takes it like a scanned code. */}
            {target !== '' && <CameraPanel onAct={(read) => packByCode(read.identity.display)} onConfirm={packByCode} />}
          </>
        )}
      </div>

      <div className="panel wide" aria-label="返送の袋">
        <h3>返送の袋（レターパック・返信用封筒）</h3>
        <NewBatchForm />
        {batches.map((b) => (
          <BatchCard key={b.id} batch={b} onPrint={(x) => void printBatch(x)} />
        ))}
      </div>

      <div className="panel wide" aria-label="保留中">
        <h3>
          保留中 <span className="count">{holds.length}通</span>
        </h3>
        {holds.length === 0 ? (
          <p className="muted">保留中の封筒はありません。</p>
        ) : (
          <table className="grid small">
            <tbody>
              {holds.map((h) => (
                <tr key={h.envelopeId}>
                  <td className="mono">
                    {h.symbol}-{h.number}
                    {h.branch && `-${h.branch}`}
                  </td>
                  <td>{h.names.join('・')}</td>
                  <td>{h.holdReason}</td>
                  <td>{new Date(h.since).toLocaleDateString('ja-JP')}から</td>
                  <td className="num">
                    <button type="button" className="small" onClick={() => void run(api().releaseEnvelopes({ envelopeIds: [h.envelopeId] }), () => '保留を解除しました（未配付に戻しました）。')}>
                      解除
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
