import { useSyncStore } from './store';

const when = (iso: string) => new Date(iso).toLocaleString('ja-JP', { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });

/** 二重配付の可能性: the same envelope handed over at two desks while they were apart. Both records are kept. */
export function ConflictList({ onClose }: { onClose?: () => void }) {
  const conflicts = useSyncStore((s) => s.conflicts);
  return (
    <div className="panel sync-conflict-list" role="dialog" aria-label="二重配付の可能性">
      <h3>二重配付の可能性</h3>
      <p className="field-hint">
        同じ封筒が、つながっていない間に2つの窓口で配付されました。配付済として1通に数えています。本人に受け取った通数を確認してください。
      </p>
      <table>
        <thead>
          <tr>
            <th>記号・番号</th>
            <th>被保険者</th>
            <th>1回目</th>
            <th>2回目</th>
          </tr>
        </thead>
        <tbody>
          {conflicts.map((c) => (
            <tr key={`${c.envelopeId}-${c.first.at}-${c.second.at}`}>
              <td>
                {c.symbol}-{c.number}
              </td>
              <td>{c.holderName}</td>
              <td>
                {c.first.desk}・{c.first.operator}・{when(c.first.at)}
              </td>
              <td>
                {c.second.desk}・{c.second.operator}・{when(c.second.at)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {onClose && (
        <div className="actions">
          <button type="button" onClick={onClose}>
            閉じる
          </button>
        </div>
      )}
    </div>
  );
}
