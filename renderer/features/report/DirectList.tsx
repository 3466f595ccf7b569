import type { DirectEnvelopeRow } from '../../../shared/progress';

/**
 * 直送: envelopes the insurer sends straight to the home (自宅, 任意継続 …). They never come in the box, so
 * they are listed apart: the clerk can answer 「届いていない」 without searching the box for them.
 */
export function DirectList({ rows }: { rows: DirectEnvelopeRow[] }) {
  return (
    <div className="panel wide" aria-label="直送の封筒">
      <h3>
        直送の封筒 <span className="count">{rows.length}通</span>
      </h3>
      <p className="muted">保険者から自宅へ直接送られる封筒です。箱には入っていないため、配付・返送の対象にはなりません。</p>
      <table className="grid small">
        <thead>
          <tr>
            <th>保険者</th>
            <th>記号-番号</th>
            <th>被保険者</th>
            <th>対象者</th>
            <th>所属</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.envelopeId}>
              <td>{r.insurerName}</td>
              <td className="mono">
                {r.symbol}-{r.number}
                {r.branch && `-${r.branch}`}
              </td>
              <td>{r.holderName}</td>
              <td>{r.names.join('・')}</td>
              <td>{r.deptName}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
