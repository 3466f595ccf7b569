import { STATUS_LABELS } from '../../../shared/domain';
import type { ReceiptBookSheet } from '../../../shared/returns';
import { canEncodeCode128, code128Svg } from './barcode';
import { DeptCaption } from './DeptCaption';
import './print.css';

/**
 * 10 mil: above the 0.25 mm a handheld scanner needs, a whole number of dots on 300/600 dpi office
 * printers, and narrow enough that the longest 協会けんぽ key (19 characters, 56 mm with quiet zones)
 * leaves room for the signature column on portrait A4.
 */
const MODULE_MM = 0.254;
const BAR_HEIGHT_MM = 8;

/** Code 128 of the envelope key with the key printed under it, so a damaged bar can still be typed. */
function Barcode({ value }: { value: string }) {
  if (!canEncodeCode128(value)) {
    return (
      <div className="barcode">
        <span className="barcode-text">{value}</span>
        <span className="barcode-missing">（バーコード化できない文字を含みます）</span>
      </div>
    );
  }
  const svg = code128Svg(value, { moduleMm: MODULE_MM, barHeightMm: BAR_HEIGHT_MM });
  return (
    <figure className="barcode" data-barcode={value}>
      <svg
        xmlns="http://www.w3.org/2000/svg"
        viewBox={svg.viewBox}
        width={`${svg.widthMm}mm`}
        height={`${svg.heightMm}mm`}
        preserveAspectRatio="none"
        shapeRendering="crispEdges"
        role="img"
        aria-label={`バーコード ${value}`}
      >
        <path d={svg.path} />
      </svg>
      <figcaption className="barcode-text">{value}</figcaption>
    </figure>
  );
}

const COLUMNS = 6;

/** The 受領簿 of one 所属: employees sign beside their row; the clerk later scans the signed rows. */
export function ReceiptBookDocument({ sheet }: { sheet: ReceiptBookSheet }) {
  const count = sheet.rows.length;
  return (
    <article className="print-sheet receipt-book" aria-label="受領簿">
      <table className="print-table receipt-table">
        <colgroup>
          <col className="c-no" />
          <col className="c-code" />
          <col className="c-holder" />
          <col className="c-names" />
          <col className="c-date" />
          <col />
        </colgroup>
        <thead>
          <DeptCaption
            title="資格情報のお知らせ 受領簿"
            deptCode={sheet.deptCode}
            deptName={sheet.deptName}
            companyName={sheet.companyName}
            printedAt={sheet.printedAt}
            count={`全 ${count}通`}
            note="お知らせを受け取ったら、受領日と署名を記入してください。"
            colSpan={COLUMNS}
          />
          <tr>
            <th scope="col">No.</th>
            <th scope="col">記号-番号-枝番</th>
            <th scope="col">被保険者氏名</th>
            <th scope="col">対象者</th>
            <th scope="col">受領日</th>
            <th scope="col">受領者署名</th>
          </tr>
        </thead>
        <tbody>
          {sheet.rows.map((row, i) => (
            <tr key={row.envelopeId} data-row={i + 1}>
              <td className="col-no">{i + 1}</td>
              <td className="cell-barcode">
                <Barcode value={row.barcode} />
              </td>
              <td>{row.holderName}</td>
              <td className="names">
                {row.names.map((name, k) => (
                  <span key={k}>{name}</span>
                ))}
              </td>
              <td className="received-on">
                {/* Anything but 未配付 would surprise the signer: say it where the date would go. */}
                {row.status !== 'pending' && <span className="status">{STATUS_LABELS[row.status]}</span>}
                {'  月   日'}
              </td>
              <td className="signature" />
            </tr>
          ))}
          {count === 0 && (
            <tr>
              <td className="empty" colSpan={COLUMNS}>
                この所属に配付する封筒はありません
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
