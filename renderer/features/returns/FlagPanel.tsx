import { useState } from 'react';
import { STATUS_LABELS } from '../../../shared/domain';
import { FLAG_REASONS, HOLD_REASONS, type FlagReason, type HoldReason } from '../../../shared/returns';
import { api } from '../../api';
import { useReturnsStore } from './store';

/** Find envelopes and mark them 返送対象 or 保留 (or back to 未配付). */
export function FlagPanel() {
  const { query, hits, picked, search, togglePick, run } = useReturnsStore();
  const [flagReason, setFlagReason] = useState<FlagReason>('退職');
  const [date, setDate] = useState('');
  const [note, setNote] = useState('');
  const [holdReason, setHoldReason] = useState<HoldReason>('海外赴任');
  const [expectedOn, setExpectedOn] = useState('');
  const ids = [...picked];

  return (
    <div className="panel wide" aria-label="返送対象・保留にする">
      <h3>返送対象・保留にする</h3>
      <label className="field">
        <span className="field-label">封筒を探す（氏名・カナ・記号番号）</span>
        <input type="search" value={query} onChange={(e) => void search(e.target.value)} placeholder="例: さいとう、斎藤、12345603" />
      </label>
      {hits.length > 0 && (
        <ul className="hits pick" aria-label="見つかった封筒">
          {hits.map((h) => (
            <li key={h.envelope.id} className={`hit status-${h.envelope.status}`}>
              <label className="radio">
                <input type="checkbox" checked={picked.has(h.envelope.id)} onChange={() => togglePick(h.envelope.id)} />
                <span className="hit-main">
                  <span className="hit-names">{h.envelope.members.map((m) => m.name).join('・')}</span>
                  <span className="hit-code">
                    {h.envelope.symbol}-{h.envelope.number}
                    {h.envelope.branch && `-${h.envelope.branch}`} {h.envelope.insurerName}
                  </span>
                </span>
              </label>
              <span className={`badge status-${h.envelope.status}`}>{STATUS_LABELS[h.envelope.status]}</span>
            </li>
          ))}
        </ul>
      )}
      <div className="action-rows">
        <div className="action-row">
          <select aria-label="返送の理由" value={flagReason} onChange={(e) => setFlagReason(e.target.value as FlagReason)}>
            {FLAG_REASONS.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
          <input type="date" aria-label="退職日など" value={date} onChange={(e) => setDate(e.target.value)} />
          <input aria-label="メモ" placeholder="メモ" value={note} onChange={(e) => setNote(e.target.value)} />
          <button
            type="button"
            className="primary"
            disabled={ids.length === 0}
            onClick={() =>
              void run(api().flagEnvelopes({ envelopeIds: ids, reason: flagReason, date: date || null, note: note || null }), (v) => `${v.changed}通を返送対象にしました。`)
            }
          >
            返送対象にする（{ids.length}通）
          </button>
        </div>
        <div className="action-row">
          <select aria-label="保留の理由" value={holdReason} onChange={(e) => setHoldReason(e.target.value as HoldReason)}>
            {HOLD_REASONS.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
          <input type="date" aria-label="見込み日" value={expectedOn} onChange={(e) => setExpectedOn(e.target.value)} />
          <button
            type="button"
            disabled={ids.length === 0}
            onClick={() =>
              void run(api().holdEnvelopes({ envelopeIds: ids, reason: holdReason, expectedOn: expectedOn || null, note: note || null }), (v) => `${v.changed}通を保留にしました。`)
            }
          >
            保留にする
          </button>
          <button type="button" disabled={ids.length === 0} onClick={() => void run(api().releaseEnvelopes({ envelopeIds: ids }), (v) => `${v.changed}通を未配付に戻しました。`)}>
            未配付に戻す
          </button>
        </div>
      </div>
    </div>
  );
}
