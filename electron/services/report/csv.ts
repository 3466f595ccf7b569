/** 封筒一覧 as CSV for the insurers' and payroll systems: UTF-8 with BOM, or Shift_JIS (CP932) on request. */
import type { CsvEncoding, ReportData } from '../../../shared/report';
import { UserError } from '../errors';
import { looksLikeFormula, ROW_COLUMNS } from './columns';
import { encodeCp932 } from './cp932';

/**
 * RFC 4180 field, always quoted as OWASP advises; a formula-looking value gets a leading ' so that Excel
 * opening the CSV shows it as text instead of running it.
 */
function csvField(v: string): string {
  const s = looksLikeFormula(v) ? `'${v}` : v;
  return `"${s.includes('"') ? s.replace(/"/g, '""') : s}"`;
}

const toBytes = (buf: Buffer) => new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);

export function buildReportCsv(data: ReportData, encoding: CsvEncoding = 'utf8'): Uint8Array {
  const lines: string[] = new Array(data.rows.length + 1);
  lines[0] = ROW_COLUMNS.map((c) => csvField(c.header)).join(',');
  for (let r = 0; r < data.rows.length; r++) {
    const row = data.rows[r]!;
    let line = '';
    for (let c = 0; c < ROW_COLUMNS.length; c++) line += (c ? ',' : '') + csvField(row[ROW_COLUMNS[c]!.key]);
    lines[r + 1] = line;
  }
  if (encoding === 'utf8') {
    // The BOM tells Excel the file is UTF-8; without it Japanese Excel reads Shift_JIS and shows mojibake.
    return toBytes(Buffer.from('\uFEFF' + lines.join('\r\n') + '\r\n', 'utf8'));
  }
  const encoded = encodeCp932(lines.map((l) => l + '\r\n'));
  if ('bytes' in encoded) return encoded.bytes;
  // Name the character, the row (as the clerk sees it in the file: the header is row 1) and the envelope,
  // so the clerk can fix the name or choose UTF-8; nothing is written.
  const { char, index } = encoded.unencodable;
  const column = index === 0 ? undefined : ROW_COLUMNS.find((c) => data.rows[index - 1]![c.key].includes(char));
  const where = index === 0 ? '見出し' : `${index + 1}行目${column ? `の「${column.header}」` : ''}（${data.rows[index - 1]!.symbol} ${data.rows[index - 1]!.number}）`;
  const code = `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  throw new UserError(
    `Shift_JISでは書けない文字「${char}」（${code}）が${where}にあります。この文字を含む報告はUTF-8で保存してください。`,
  );
}
