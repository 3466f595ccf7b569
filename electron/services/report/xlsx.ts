/**
 * The completion report as a form the clerk prints from Excel without touching it: 概要 as a one-page A4
 * portrait 報告書, every list sheet with a bold filled header that stays on screen (frozen) and on paper
 * (print titles), an autofilter, widths that fit Japanese names, A4 landscape one page wide, and a footer
 * with the company and page numbers.
 *
 * exceljs writes the styles and page setup SheetJS CE cannot; its streaming writer keeps 100,000 rows as
 * fast as SheetJS's plain write (bench/report.ts). SheetJS stays the reader everywhere else.
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { DIRECT_LABEL, ENVELOPE_STATUSES, STATUS_LABELS } from '../../../shared/domain';
import type { ReportData } from '../../../shared/report';
import { fitWidths, looksLikeFormula, ROW_COLUMNS, type ReportColumn } from './columns';

export const SUMMARY_SHEET = '概要';
export const ROWS_SHEET = '封筒一覧';
export const NOT_ON_LIST_SHEET = 'リストに無い封筒';
export const CONFLICTS_SHEET = '二重配付の可能性';

/** 二重配付の可能性 (複数の窓口): both records of an envelope handed over at two desks while apart, for the clerks to check. */
const CONFLICT_COLUMNS: readonly ReportColumn<string>[] = [
  { key: 'symbol', header: '記号', minWidth: 6, maxWidth: 14 },
  { key: 'number', header: '番号', minWidth: 6, maxWidth: 14 },
  { key: 'holderName', header: '被保険者氏名', minWidth: 14, maxWidth: 30 },
  { key: 'firstDesk', header: '1回目の窓口', minWidth: 12, maxWidth: 24 },
  { key: 'firstOperator', header: '担当者', minWidth: 8, maxWidth: 24 },
  { key: 'firstAt', header: '日時', minWidth: 16, maxWidth: 22 },
  { key: 'secondDesk', header: '2回目の窓口', minWidth: 12, maxWidth: 24 },
  { key: 'secondOperator', header: '担当者', minWidth: 8, maxWidth: 24 },
  { key: 'secondAt', header: '日時', minWidth: 16, maxWidth: 22 },
];

const NOT_ON_LIST_COLUMNS: readonly ReportColumn<string>[] = [
  { key: 'insurerName', header: '保険者', minWidth: 12, maxWidth: 30 },
  { key: 'fileName', header: 'リスト（ファイル名）', minWidth: 20, maxWidth: 36 },
  { key: 'windowText', header: '窓に見える内容', minWidth: 20, maxWidth: 48 },
  { key: 'note', header: 'メモ', minWidth: 12, maxWidth: 36 },
  { key: 'recordedOn', header: '記録日', minWidth: 12, maxWidth: 16 },
  { key: 'recordedBy', header: '記録者', minWidth: 10, maxWidth: 16 },
];

const A4 = 9; // paperSize code in SpreadsheetML
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const THIN: ExcelJS.Borders = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
} as ExcelJS.Borders;

/** Fonts in full: a font entry without name and size is read differently by Excel and LibreOffice. */
const BODY_FONT: Partial<ExcelJS.Font> = { name: 'Calibri', family: 2, size: 11 };
const BOLD_FONT: Partial<ExcelJS.Font> = { ...BODY_FONT, bold: true };

/**
 * Every list cell is ruled like a paper table (the streaming writer cannot ask for printed grid lines, so
 * an empty cell is written for its lines too). One shared style object per kind: exceljs looks a style up
 * by object identity first, which keeps 1.7 million styled cells as fast as unstyled ones.
 */
const BODY_STYLE: Partial<ExcelJS.Style> = { font: BODY_FONT, border: THIN };
/** The text format ('@') for a value that looks like a formula: retyping it in Excel keeps it text. */
const BODY_TEXT_STYLE: Partial<ExcelJS.Style> = { ...BODY_STYLE, numFmt: '@' };

type Value = string | number | null;

/**
 * Text is always a string cell, never a formula: exceljs writes a formula only for a {formula} object, so a
 * name such as `=HYPERLINK(…)` is stored and shown as the letters it is. No `'` prefix: it would become part
 * of the name the insurer matches against their records. Such cells get the text format ('@') so that
 * retyping one in Excel keeps it text; our own CSV neutralises them for spreadsheet programs.
 */
function put(cell: ExcelJS.Cell, v: Value): void {
  if (v === null || v === '') return;
  cell.value = v;
  if (typeof v === 'string' && looksLikeFormula(v)) cell.numFmt = '@';
}

/** `&` starts a code in Excel's header/footer language: a company called A&B must print as A&B. */
const footerText = (s: string) => s.replace(/&/g, '&&');

function footer(companyName: string): Partial<ExcelJS.HeaderFooter> {
  const f = `&L${footerText(companyName)}&C&P / &N ページ&R&A`;
  return { oddFooter: f };
}

const MARGINS = { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.3, footer: 0.3 };

/** A list sheet: header row 1, one row per record, set up to print as a table on A4 landscape. */
function addListSheet<R>(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  columns: readonly ReportColumn<string>[],
  rows: readonly R[],
  value: (row: R, c: number) => string,
  companyName: string,
): void {
  const widths = fitWidths(columns, rows, value);
  const last = String.fromCharCode(64 + columns.length); // at most 26 columns, A…Z
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }],
    pageSetup: {
      paperSize: A4,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0, // as many pages down as the rows need
      printTitlesRow: '1:1',
      horizontalCentered: true,
      margins: MARGINS,
    },
    headerFooter: footer(companyName),
  });
  ws.columns = columns.map((c, i) => ({ key: c.key, width: widths[i]! }));
  ws.autoFilter = `A1:${last}${rows.length + 1}`;
  const header = ws.addRow(columns.map((c) => c.header));
  header.height = 20;
  header.eachCell((cell) => {
    cell.font = BOLD_FONT;
    cell.fill = HEADER_FILL;
    cell.border = THIN;
    cell.alignment = { vertical: 'middle', horizontal: 'center' };
  });
  header.commit();
  const n = columns.length;
  const values: (string | null)[] = new Array(n);
  for (const row of rows) {
    for (let c = 0; c < n; c++) values[c] = value(row, c) || null; // '' as no value: an empty cell, still ruled
    const r = ws.addRow(values);
    for (let c = 0; c < n; c++) {
      const v = values[c] ?? null;
      r.getCell(c + 1).style = v !== null && looksLikeFormula(v) ? BODY_TEXT_STYLE : BODY_STYLE;
    }
    r.commit();
  }
  ws.commit();
}

// ---------------------------------------------------------------------------------------------- 概要

/** 概要 as a 報告書 on one A4 portrait page: labels in column A, values to the right, small ruled tables. */
function addSummarySheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, data: ReportData): void {
  const s = data.summary;
  const ws = wb.addWorksheet(SUMMARY_SHEET, {
    pageSetup: {
      paperSize: A4,
      orientation: 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 1,
      horizontalCentered: true,
      margins: { ...MARGINS, left: 0.6, right: 0.6, top: 0.7 },
    },
    headerFooter: footer(s.companyName),
    views: [{ showGridLines: false }],
  });
  ws.columns = [{ width: 40 }, { width: 26 }, { width: 16 }, { width: 16 }, { width: 10 }, { width: 10 }];
  const style = (cell: ExcelJS.Cell, kind: 'label' | 'value' | 'head') => {
    cell.border = THIN;
    if (kind !== 'value') {
      cell.font = BOLD_FONT;
      cell.fill = HEADER_FILL;
    }
    cell.alignment = { vertical: 'middle', wrapText: true, ...(kind === 'head' ? { horizontal: 'center' } : {}) };
  };
  let rowNo = 0;
  const line = (values: Value[], opts: { label?: boolean; head?: boolean; span?: boolean } = {}) => {
    const r = ws.getRow(++rowNo);
    values.forEach((v, i) => {
      const cell = r.getCell(i + 1);
      put(cell, v);
      if (opts.head) style(cell, 'head');
      else if (opts.label && (v !== null || i < 2)) style(cell, i === 0 ? 'label' : 'value'); // no empty box after a row
    });
    // A value that needs the whole width (事業所名, 期間) spans B:F, ruled as one box.
    if (opts.span && values.length === 2) {
      for (let c = 3; c <= 6; c++) style(r.getCell(c), 'value');
      ws.mergeCells(rowNo, 2, rowNo, 6);
    }
    r.height = 20;
    return r;
  };
  const blank = () => line([]);
  const section = (title: string) => {
    const r = line([title]);
    r.getCell(1).font = { ...BOLD_FONT, size: 12 };
  };

  const title = line(['「資格情報のお知らせ」配付完了報告']);
  ws.mergeCells(1, 1, 1, 6);
  title.height = 34;
  title.getCell(1).font = { ...BOLD_FONT, size: 16 };
  title.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
  blank();
  line(['事業所名', s.companyName], { label: true, span: true });
  for (const i of s.insurers) {
    line(['保険者', i.name], { label: true, span: true });
    line(['保険者番号', i.insurerNumber ?? ''], { label: true, span: true });
  }
  line(['対象期間', s.period ? `${s.period.from} 〜 ${s.period.to}` : ''], { label: true, span: true });
  line(['担当者', s.operatorName], { label: true, span: true });
  line(['作成日', s.createdOn], { label: true, span: true });
  line(['封筒数', s.counts.total], { label: true });
  line(['対象者数', s.members], { label: true });
  blank();
  section('状態別の封筒数');
  line(['状態', '封筒数'], { head: true });
  for (const st of ENVELOPE_STATUSES) line([STATUS_LABELS[st], s.counts[st]], { label: true });
  // 直送 adds up into 合計 like a status; shown only when a list had such envelopes.
  if (s.counts.direct > 0) line([`${DIRECT_LABEL}（自宅へ送付・箱に無し）`, s.counts.direct], { label: true });
  const total = line(['合計', s.counts.total], { label: true });
  total.getCell(2).font = BOLD_FONT;
  if (s.documentKinds.length > 0) {
    blank();
    section('交付書類別の封筒数');
    line(['交付書類', '封筒数'], { head: true });
    for (const k of s.documentKinds) line([k.kind, k.envelopes], { label: true });
  }
  blank();
  section('受入チェック');
  line(['箱に無い（リストにあり、届かなかった封筒）', s.missingFromBox], { label: true });
  line(['リストに無い（届いたが、リストに無い封筒）', s.notOnList, s.notOnList > 0 ? `「${NOT_ON_LIST_SHEET}」シート参照` : null], { label: true });
  blank();
  section('送付対象者リスト');
  line(['ファイル名', '保険者', '受取日', '箱数', '封筒数', '対象者数'], { head: true });
  for (const sh of s.shipments) line([sh.fileName, sh.insurerName, sh.receivedOn, sh.boxCount, sh.envelopes, sh.members], { label: true });
  blank();
  section('返送');
  if (s.returnBatches.length === 0) line(['返送した封筒はありません']);
  else {
    line(['返送の袋', '方法', 'お問い合わせ番号', '発送日', '封筒数'], { head: true });
    for (const b of s.returnBatches) line([`No.${b.id}`, b.kind, b.trackingNumber, b.sentOn ?? '未発送', b.envelopes], { label: true });
  }
  ws.commit();
}

// ---------------------------------------------------------------------------------------------- book

export async function buildReportXlsx(data: ReportData): Promise<Uint8Array> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  // Shared strings: what Excel itself writes; the repeated 状態・所属・dates are stored once.
  // Compressed: 100,000 rows are a few MB, small enough to mail.
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: true });
  wb.creator = 'Kubaru';
  wb.title = '配付完了報告';
  wb.company = data.summary.companyName;
  wb.created = new Date(data.summary.createdAt);
  addSummarySheet(wb, data);
  addListSheet(wb, ROWS_SHEET, ROW_COLUMNS, data.rows, (r, c) => r[ROW_COLUMNS[c]!.key], data.summary.companyName);
  // Always present, so whoever reads the file finds the same sheets; empty means none were found.
  addListSheet(
    wb,
    NOT_ON_LIST_SHEET,
    NOT_ON_LIST_COLUMNS,
    data.notOnList,
    (d, c) => d[NOT_ON_LIST_COLUMNS[c]!.key as keyof typeof d],
    data.summary.companyName,
  );
  const conflicts = data.conflicts ?? [];
  if (conflicts.length > 0) {
    const cells = (c: (typeof conflicts)[number]) => [c.symbol, c.number, c.holderName, c.first.desk, c.first.operator, c.first.at, c.second.desk, c.second.operator, c.second.at];
    addListSheet(wb, CONFLICTS_SHEET, CONFLICT_COLUMNS, conflicts, (c, i) => cells(c)[i] ?? '', data.summary.companyName);
  }
  await wb.commit();
  const out = Buffer.concat(chunks);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
