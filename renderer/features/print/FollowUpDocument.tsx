import { STATUS_LABELS } from '../../../shared/domain';
import type { FollowUpSheet } from '../../../shared/progress';
import { DeptCaption } from './DeptCaption';
import './print.css';

/** 未配付 after N days: one sheet per 所属, to hand to its manager. */
export function FollowUpDocument({ sheet }: { sheet: FollowUpSheet }) {
  if (sheet.depts.length === 0) {
    return (
      <article className="print-sheet" aria-label="フォローアップリスト">
        <h1 className="print-title">未配付フォローアップリスト</h1>
        <p>{sheet.days}日以上たっても渡せていない封筒はありません。</p>
      </article>
    );
  }
  return (
    <>
      {sheet.depts.map((d) => (
        <article key={d.deptCode} className="print-sheet follow-up" aria-label={`フォローアップリスト ${d.deptCode}`}>
          <table className="print-table">
            <thead>
              <DeptCaption
                title="未配付フォローアップリスト"
                deptCode={d.deptCode}
                deptName={d.deptName}
                companyName={sheet.companyName}
                printedAt={sheet.printedAt}
                count={`受領から${sheet.days}日以上 ${d.rows.length}通`}
                note="下記の方に「資格情報のお知らせ」を受け取りに来るよう声をかけてください。"
                colSpan={6}
              />
              <tr>
                <th scope="col">No.</th>
                <th scope="col">記号-番号-枝番</th>
                <th scope="col">被保険者氏名</th>
                <th scope="col">対象者</th>
                <th scope="col">状態</th>
                <th scope="col">経過日数</th>
              </tr>
            </thead>
            <tbody>
              {d.rows.map((r, i) => (
                <tr key={r.envelopeId}>
                  <td className="col-no">{i + 1}</td>
                  <td className="code">
                    {r.symbol}-{r.number}
                    {r.branch && `-${r.branch}`}
                  </td>
                  <td>{r.holderName}</td>
                  <td>{r.names.join('・')}</td>
                  <td>
                    {STATUS_LABELS[r.status]}
                    {r.reason && `（${r.reason}）`}
                  </td>
                  <td className="col-no">{r.days}日</td>
                </tr>
              ))}
            </tbody>
          </table>
        </article>
      ))}
    </>
  );
}
