import { STATUS_LABELS } from '../../../shared/domain';
import { useHandoverStore } from './store';

const time = (iso: string) => new Date(iso).toLocaleTimeString('ja-JP', { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** The latest actions with their own undo: any earlier one can be taken back, not only the last. */
export function HistoryPanel() {
  const actions = useHandoverStore((s) => s.actions);
  const undo = useHandoverStore((s) => s.undo);
  const message = useHandoverStore((s) => s.message);
  return (
    <div className="panel history" aria-label="操作の履歴">
      <h3>
        操作の履歴
        <button type="button" className="small" onClick={() => void undo()} title="Ctrl+Z">
          最後の操作を取り消す
        </button>
      </h3>
      {message && (
        <p className="message success" role="status">
          {message}
        </p>
      )}
      {actions.length === 0 ? (
        <p className="muted">まだ操作はありません。</p>
      ) : (
        <ul className="history-list">
          {actions.map((a) => (
            <li key={a.actionUid} className={a.undone ? 'undone' : ''}>
              <span className="history-time">{time(a.at)}</span>
              <span className="history-what">
                {a.isUndo ? '取消' : STATUS_LABELS[a.toStatus]} {a.names.join('、')}（{a.envelopes}通）
              </span>
              <span className="history-who">{a.operator}</span>
              {!a.isUndo && !a.undone && (
                <button type="button" className="small" onClick={() => void undo(a.actionUid)}>
                  取消
                </button>
              )}
              {a.undone && <span className="muted">取消済</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
