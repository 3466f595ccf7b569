import { useHandoverStore } from './store';
import { api, call } from '../../api';
import { usePrintStore } from '../print/store';

/** What remains per 所属: where the clerk still has to go or whom to call. */
export function DeptPanel() {
  const progress = useHandoverStore((s) => s.progress);
  const openPrint = usePrintStore((s) => s.open);
  if (progress.length === 0) return null;
  const printReceipts = async (deptCode: string) => {
    await call(
      api().receiptBookSheet({ deptCode }),
      (sheet) => openPrint({ kind: 'receiptBook', sheet, fileName: `受領簿_${deptCode || '所属なし'}` }),
      (message) => useHandoverStore.setState({ message }),
    );
  };
  return (
    <div className="panel" aria-label="所属ごとの残り">
      <h3>所属ごとの残り</h3>
      <table className="grid small">
        <thead>
          <tr>
            <th>所属</th>
            <th className="num">配付済</th>
            <th className="num">残り</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {progress.map((d) => (
            <tr key={d.deptCode}>
              <td>
                {d.deptCode || '（なし）'} {d.deptName}
              </td>
              <td className="num">
                {d.handedOver}/{d.total}
              </td>
              <td className={`num ${d.remaining > 0 ? 'strong' : 'muted'}`}>{d.remaining}</td>
              <td className="num">
                <button type="button" className="small" onClick={() => void printReceipts(d.deptCode)} aria-label={`${d.deptCode}の受領簿を印刷`}>
                  受領簿
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
