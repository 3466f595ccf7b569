import { DIRECT_LABEL, STATUS_LABELS } from '../../../shared/domain';
import type { ReportSummary } from '../../../shared/report';
import './print.css';

const ORDER = ['handed_over', 'returned', 'to_return', 'on_hold', 'pending'] as const;

/** The summary page of the completion report, as the insurer receives it on paper or as PDF. */
export function ReportSummaryDocument({ summary }: { summary: ReportSummary }) {
  return (
    <article className="print-sheet report-summary" aria-label="完了報告 概要">
      <h1 className="print-title">資格情報のお知らせ 配付完了報告</h1>
      <table className="print-table return-meta">
        <tbody>
          <tr>
            <th scope="row">事業所名</th>
            <td>{summary.companyName}</td>
          </tr>
          <tr>
            <th scope="row">保険者</th>
            <td>{summary.insurers.map((i) => `${i.name}${i.insurerNumber ? `（保険者番号 ${i.insurerNumber}）` : ''}`).join('、')}</td>
          </tr>
          {summary.period && (
            <tr>
              <th scope="row">対象期間</th>
              <td>
                {summary.period.from} 〜 {summary.period.to}
              </td>
            </tr>
          )}
          {summary.operatorName && (
            <tr>
              <th scope="row">担当者</th>
              <td>{summary.operatorName}</td>
            </tr>
          )}
          <tr>
            <th scope="row">作成日</th>
            <td>{summary.createdOn}</td>
          </tr>
        </tbody>
      </table>

      <h2 className="print-subtitle">封筒の状況</h2>
      <table className="print-table">
        <thead>
          <tr>
            {ORDER.map((k) => (
              <th key={k} scope="col">
                {STATUS_LABELS[k]}
              </th>
            ))}
            {summary.counts.direct > 0 && <th scope="col">{DIRECT_LABEL}</th>}
            <th scope="col">合計</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            {ORDER.map((k) => (
              <td key={k} className="col-no">
                {summary.counts[k]}通
              </td>
            ))}
            {summary.counts.direct > 0 && <td className="col-no">{summary.counts.direct}通</td>}
            <td className="col-no">{summary.counts.total}通</td>
          </tr>
        </tbody>
      </table>
      <p>
        対象者 {summary.members}人。受入チェックで箱に無かった封筒 {summary.missingFromBox}通、リストに無かった封筒 {summary.notOnList}通。
      </p>
      {summary.documentKinds.length > 0 && (
        <p>交付書類: {summary.documentKinds.map((k) => `${k.kind} ${k.envelopes}通`).join('、')}</p>
      )}

      <h2 className="print-subtitle">受け取ったリスト</h2>
      <table className="print-table">
        <thead>
          <tr>
            <th scope="col">保険者</th>
            <th scope="col">ファイル</th>
            <th scope="col">受領日</th>
            <th scope="col">箱</th>
            <th scope="col">封筒</th>
            <th scope="col">対象者</th>
          </tr>
        </thead>
        <tbody>
          {summary.shipments.map((s, i) => (
            <tr key={i}>
              <td>{s.insurerName}</td>
              <td>{s.fileName}</td>
              <td>{s.receivedOn ?? ''}</td>
              <td className="col-no">{s.boxCount ?? ''}</td>
              <td className="col-no">{s.envelopes}</td>
              <td className="col-no">{s.members}</td>
            </tr>
          ))}
        </tbody>
      </table>

      {summary.returnBatches.length > 0 && (
        <>
          <h2 className="print-subtitle">返送</h2>
          <table className="print-table">
            <thead>
              <tr>
                <th scope="col">No.</th>
                <th scope="col">方法</th>
                <th scope="col">お問い合わせ番号</th>
                <th scope="col">発送日</th>
                <th scope="col">通数</th>
              </tr>
            </thead>
            <tbody>
              {summary.returnBatches.map((b) => (
                <tr key={b.id}>
                  <td className="col-no">{b.id}</td>
                  <td>{b.kind}</td>
                  <td className="code">{b.trackingNumber ?? ''}</td>
                  <td>{b.sentOn ?? '未発送'}</td>
                  <td className="col-no">{b.envelopes}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </article>
  );
}
