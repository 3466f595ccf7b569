import { UNIT_LABELS } from '../../../shared/domain';
import { useImportStore } from './store';

/** The lists imported so far: what came when, from whom. */
export function ShipmentHistory({ onBoxCheck }: { onBoxCheck: (shipmentId: number) => void }) {
  const shipments = useImportStore((s) => s.shipments);
  if (shipments.length === 0) return null;
  return (
    <div className="panel wide" aria-label="取込済みのリスト">
      <h3>取込済みのリスト</h3>
      <table className="grid">
        <thead>
          <tr>
            <th>保険者</th>
            <th>ファイル</th>
            <th>受領日</th>
            <th className="num">箱</th>
            <th>単位</th>
            <th className="num">封筒</th>
            <th className="num">対象者</th>
            <th>取込</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {shipments.map((s) => (
            <tr key={s.id}>
              <td>
                {s.insurerName}
                {s.insurerNumber && <span className="muted">（{s.insurerNumber}）</span>}
              </td>
              <td>{s.fileName}</td>
              <td>{s.receivedOn ?? '—'}</td>
              <td className="num">{s.boxCount ?? '—'}</td>
              <td>{UNIT_LABELS[s.unit].replace(/（.*/, '')}</td>
              <td className="num">{s.envelopes}</td>
              <td className="num">{s.members}</td>
              <td>
                {new Date(s.importedAt).toLocaleString('ja-JP')} {s.importedBy}
              </td>
              <td>
                <button type="button" className="small" onClick={() => onBoxCheck(s.id)} aria-label={`${s.fileName}の受入チェック`}>
                  受入チェック
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
