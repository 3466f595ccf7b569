import { useHandoverStore } from './store';

/** What remains per 所属: where the clerk still has to go or whom to call. */
export function DeptPanel() {
  const progress = useHandoverStore((s) => s.progress);
  if (progress.length === 0) return null;
  return (
    <div className="panel" aria-label="所属ごとの残り">
      <h3>所属ごとの残り</h3>
      <table className="grid small">
        <thead>
          <tr>
            <th>所属</th>
            <th className="num">配付済</th>
            <th className="num">残り</th>
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
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
