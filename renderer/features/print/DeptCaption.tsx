import type { ReactNode } from 'react';
import { formatSheetDate } from './ReturnListDocument';

interface Props {
  title: string;
  deptCode: string;
  deptName: string;
  companyName: string;
  printedAt: string;
  count: ReactNode;
  note: string;
  colSpan: number;
}

/**
 * The heading of a sheet that goes to one 所属 (受領簿, follow-up list). It is a <thead> row so it
 * repeats on every page: a page taken off the stack still names its 所属.
 */
export function DeptCaption({ title, deptCode, deptName, companyName, printedAt, count, note, colSpan }: Props) {
  return (
    <tr className="receipt-caption">
      <th colSpan={colSpan} scope="colgroup">
        <div className="receipt-caption-row">
          <div>
            <h1 className="print-title">{title}</h1>
            <div className="receipt-dept">
              所属 <span className="code">{deptCode}</span>
              {deptName}
            </div>
          </div>
          <div className="receipt-who">
            <div>{companyName}</div>
            <div>印刷日 {formatSheetDate(printedAt)}</div>
            <div>{count}</div>
          </div>
        </div>
        <div className="receipt-note">{note}</div>
      </th>
    </tr>
  );
}
