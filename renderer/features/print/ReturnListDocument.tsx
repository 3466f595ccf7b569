import { BATCH_KIND_LABELS, formatTrackingNumber, type ReturnListSheet } from '../../../shared/returns';
import './print.css';

/** レターパック tracking numbers are read out and typed in groups of four, as printed on the label. */

/**
 * `2024-11-25` → 2024年11月25日; a timestamp also gets its local time. A bare date is read as a calendar
 * day, not as UTC midnight, so it cannot slip to the previous day west of Greenwich.
 */
export function formatSheetDate(value: string): string {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (day) return `${Number(day[1])}年${Number(day[2])}月${Number(day[3])}日`;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  const hh = String(d.getHours()).padStart(2, '0');
  const mm = String(d.getMinutes()).padStart(2, '0');
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日 ${hh}:${mm}`;
}

/** Underlined space the clerk fills in by hand. */
function Blank({ text, label }: { text: string; label: string }) {
  return (
    <span className="print-blank" aria-label={label}>
      {text}
    </span>
  );
}

/** The 返送リスト that goes into the レターパック with the envelopes (and stays on file as a copy). */
export function ReturnListDocument({ sheet }: { sheet: ReturnListSheet }) {
  const { batch } = sheet;
  // A batch may hold one insurer's envelopes without naming it: the rows still say whose they are.
  const insurers = batch.insurerName ? [batch.insurerName] : [...new Set(batch.items.map((r) => r.insurerName))];
  const count = batch.items.length;

  return (
    <article className="print-sheet return-list" aria-label="返送リスト">
      <p className="print-printed-at">印刷日 {formatSheetDate(sheet.printedAt)}</p>
      <h1 className="print-title">資格情報のお知らせ 返送リスト</h1>

      <div className="return-head">
        <table className="return-meta">
          <tbody>
            <tr>
              <th scope="row">事業所名</th>
              <td>{sheet.companyName}</td>
            </tr>
            <tr>
              <th scope="row">保険者名</th>
              <td>{insurers.join('、')}</td>
            </tr>
            <tr>
              <th scope="row">返送方法</th>
              <td>{BATCH_KIND_LABELS[batch.kind]}</td>
            </tr>
            <tr>
              <th scope="row">お問い合わせ番号</th>
              <td>
                {batch.trackingNumber ? (
                  <span className="tracking">{formatTrackingNumber(batch.trackingNumber)}</span>
                ) : batch.kind === 'letterpack' ? (
                  <Blank text={'        -        -        '} label="お問い合わせ番号（手書き）" />
                ) : (
                  '—'
                )}
              </td>
            </tr>
            <tr>
              <th scope="row">発送日</th>
              <td>{batch.sentOn ? formatSheetDate(batch.sentOn) : <Blank text={'        年     月     日'} label="発送日（手書き）" />}</td>
            </tr>
            <tr>
              <th scope="row">通数</th>
              <td>{count}通</td>
            </tr>
            {batch.note && (
              <tr>
                <th scope="row">備考</th>
                <td>{batch.note}</td>
              </tr>
            )}
          </tbody>
        </table>

        <div className="stamp-boxes" aria-label="押印欄">
          {['受付印', '担当者印'].map((label) => (
            <div className="stamp-box" key={label}>
              <div className="stamp-box-label">{label}</div>
              <div className="stamp-box-space" />
            </div>
          ))}
        </div>
      </div>

      <table className="print-table return-table">
        <colgroup>
          <col className="c-no" />
          <col className="c-symbol" />
          <col className="c-number" />
          <col className="c-branch" />
          <col className="c-holder" />
          <col className="c-names" />
          <col />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">No.</th>
            <th scope="col">記号</th>
            <th scope="col">番号</th>
            <th scope="col">枝番</th>
            <th scope="col">被保険者氏名</th>
            <th scope="col">対象者氏名</th>
            <th scope="col">理由</th>
          </tr>
        </thead>
        <tbody>
          {batch.items.map((row, i) => (
            <tr key={row.envelopeId} data-row={i + 1}>
              <td className="col-no">{i + 1}</td>
              <td className="code">{row.symbol}</td>
              <td className="code">{row.number}</td>
              <td className="code">{row.branch}</td>
              <td>{row.holderName}</td>
              <td>{row.names.join('・')}</td>
              <td>{row.reason}</td>
            </tr>
          ))}
          {count === 0 && (
            <tr>
              <td className="empty" colSpan={7}>
                この返送には封筒が入っていません
              </td>
            </tr>
          )}
        </tbody>
      </table>

      <p className="print-total">
        <span>計 {count}通</span>
      </p>
    </article>
  );
}
