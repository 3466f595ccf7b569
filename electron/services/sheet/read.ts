// Reads a list file into sheets of cells. The real format comes from the bytes, not the
// name: insurers' systems happily save CSV text as .xls, and clerks rename files.

import * as XLSX from 'xlsx';
import * as cpexcel from 'xlsx/dist/cpexcel';
import { parseDate } from '../../domain/dates';
import { parseDelimited, detectDelimiter } from './csv';
import { blankFormulas } from './biff';
import { decodeText, type TextEncodingName } from './decode';
import { ImportError, MSG_UNREADABLE } from './errors';
import { MAX_COLUMNS, MAX_CSV_FIELDS, MAX_IMPORT_BYTES, MAX_SHEET_ROWS, MAX_UNZIPPED_BYTES, MAX_ZIP_PARTS } from './limits';
import { inflateParts, MSG_TOO_LARGE_INSIDE, MSG_TOO_MANY_PARTS, readZipDirectory, type ZipPart } from './unzip';

// The CommonJS build of SheetJS loads its codepage tables itself, the ES module build does not;
// without them an Excel 95 (BIFF5) sheet in CP932 reads as underscores. Load them explicitly so
// tests (ESM) and the app (CJS) behave alike.
XLSX.set_cptable(cpexcel);

/** One sheet as rows of cells, addressed 0-based like Excel's row/column numbers minus one. */
export interface Grid {
  readonly name: string | null;
  readonly hidden: boolean;
  /** Cells may hold numbers (spreadsheets); text files hold strings only. */
  readonly storesNumbers: boolean;
  /** Rows 0 .. rowCount-1 may hold cells. */
  readonly rowCount: number;
  /** Cells in row r (columns beyond MAX_COLUMNS are not read). */
  width(r: number): number;
  /** What the clerk sees in the cell, '' when empty. Not trimmed. */
  text(r: number, c: number): string;
  /** The stored value: string, number, boolean, Date or undefined. Text files give strings only. */
  value(r: number, c: number): unknown;
  /**
   * For a whole number stored as a number whose format pads it with zeros (`0000000`), the
   * padded width; 0 otherwise.
   */
  zeroPadWidth(r: number, c: number): number;
  /** For a cell covered by a merged range, the range's top-left cell when that is another cell. */
  mergeOrigin(r: number, c: number): { r: number; c: number } | null;
}

export interface ReadResult {
  format: 'xlsx' | 'xls' | 'csv' | 'tsv';
  encoding: TextEncodingName | null;
  sheets: Grid[];
  /** serial dates count from 1904 (old Mac Excel files) */
  date1904: boolean;
}

class TextGrid implements Grid {
  readonly name = null;
  readonly hidden = false;
  readonly storesNumbers = false;
  readonly rowCount: number;
  constructor(private readonly rows: string[][]) {
    this.rowCount = rows.length;
  }
  width(r: number): number {
    const row = this.rows[r];
    return row ? Math.min(row.length, MAX_COLUMNS) : 0;
  }
  text(r: number, c: number): string {
    return this.rows[r]?.[c] ?? '';
  }
  value(r: number, c: number): unknown {
    return this.rows[r]?.[c];
  }
  zeroPadWidth(): number {
    return 0;
  }
  mergeOrigin(): null {
    return null;
  }
}

const dateFormatCache = new Map<string, boolean>();
function isDateFormat(z: string): boolean {
  let hit = dateFormatCache.get(z);
  if (hit === undefined) {
    try {
      hit = Boolean((XLSX.SSF as { is_date(f: string): boolean }).is_date(z));
    } catch {
      hit = false;
    }
    dateFormatCache.set(z, hit);
  }
  return hit;
}

function isGeneral(z: string | undefined): boolean {
  return z === undefined || z === 'General' || z === '@';
}

function isZeroFormat(z: string): boolean {
  if (z.length === 0) return false;
  for (let i = 0; i < z.length; i++) if (z.charCodeAt(i) !== 0x30) return false;
  return true;
}

function isAsciiDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

class SheetGrid implements Grid {
  readonly storesNumbers = true;
  readonly rowCount: number;
  private readonly data: (XLSX.CellObject | undefined)[][];
  private readonly merges: XLSX.Range[];
  constructor(
    readonly name: string,
    readonly hidden: boolean,
    ws: XLSX.WorkSheet,
    private readonly date1904: boolean,
  ) {
    this.data = (ws['!data'] as (XLSX.CellObject | undefined)[][] | undefined) ?? [];
    this.rowCount = Math.min(this.data.length, MAX_SHEET_ROWS);
    this.merges = ws['!merges'] ?? [];
  }

  width(r: number): number {
    const row = this.data[r];
    return row ? Math.min(row.length, MAX_COLUMNS) : 0;
  }

  text(r: number, c: number): string {
    const cell = this.data[r]?.[c];
    if (!cell) return '';
    const v = cell.v;
    switch (cell.t) {
      case 's':
        return typeof v === 'string' ? v : v == null ? '' : String(v);
      case 'n': {
        if (typeof v !== 'number') return cell.w ?? '';
        const z = typeof cell.z === 'string' ? cell.z : undefined;
        if (z !== undefined && isDateFormat(z)) {
          const d = parseDate(v, { date1904: this.date1904 });
          // Japanese Excel shows a short date as 1992/10/18, whatever the stored format says.
          if (d.ok && d.iso) return d.iso.replace(/-/g, '/');
        }
        const w = cell.w;
        // SheetJS renders long whole numbers in General as 1.23457E+11; the clerk's codes are
        // whole numbers, so show all their digits. Otherwise the formatted text is what Excel shows
        // (0000001 for a zero-padded code).
        if (w === undefined || (isGeneral(z) && Number.isInteger(v) && Math.abs(v) < 1e15 && /e/i.test(w))) return String(v);
        return w;
      }
      case 'b':
        return v ? 'TRUE' : 'FALSE';
      case 'd': {
        const d = parseDate(v);
        return d.ok && d.iso ? d.iso.replace(/-/g, '/') : (cell.w ?? '');
      }
      case 'e':
        return cell.w ?? '#VALUE!';
      default:
        return '';
    }
  }

  value(r: number, c: number): unknown {
    const cell = this.data[r]?.[c];
    if (!cell || cell.t === 'z' || cell.t === 'e') return undefined;
    return cell.v;
  }

  zeroPadWidth(r: number, c: number): number {
    const cell = this.data[r]?.[c];
    if (!cell || cell.t !== 'n' || typeof cell.v !== 'number') return 0;
    const z = typeof cell.z === 'string' ? cell.z : '';
    if (isZeroFormat(z)) return z.length;
    const w = cell.w;
    if (w && isAsciiDigits(w) && w.length > String(cell.v).length) return w.length;
    return 0;
  }

  mergeOrigin(r: number, c: number): { r: number; c: number } | null {
    for (const m of this.merges) {
      if (r >= m.s.r && r <= m.e.r && c >= m.s.c && c <= m.e.c) {
        return m.s.r === r && m.s.c === c ? null : { r: m.s.r, c: m.s.c };
      }
    }
    return null;
  }
}

function isZip(b: Uint8Array): boolean {
  return b[0] === 0x50 && b[1] === 0x4b && (b[2] === 0x03 || b[2] === 0x05) && (b[3] === 0x04 || b[3] === 0x06);
}

function isPdf(b: Uint8Array): boolean {
  return b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46;
}

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
function isOle(b: Uint8Array): boolean {
  return OLE_MAGIC.every((m, i) => b[i] === m);
}

const READ_OPTIONS: XLSX.ParsingOptions = {
  dense: true,
  // number formats tell dates and zero-padded codes apart; rich-text HTML is never shown
  cellNF: true,
  cellHTML: false,
  cellDates: false,
};

const MSG_PASSWORD = 'パスワードが設定されたファイルは読めません。Excelでパスワードを解除して保存し直してください';

function readError(e: unknown): ImportError {
  const msg = e instanceof Error ? e.message : String(e);
  if (/password|encrypt/i.test(msg) && !/zip/i.test(msg)) return new ImportError(MSG_PASSWORD);
  return new ImportError(MSG_UNREADABLE);
}

function readWorkbook(input: Uint8Array | string, type: 'array' | 'string'): XLSX.WorkBook {
  try {
    // raw: an HTML table's cells stay text, so 0000001 keeps its zeros and dates are not guessed
    return XLSX.read(input, { ...READ_OPTIONS, type, raw: type === 'string' });
  } catch (e) {
    throw readError(e);
  }
}

interface CfbEntry {
  content?: Bytes;
}
type Bytes = { [i: number]: number; readonly length: number };
// SheetJS types its container library and these entry points as any or not at all; these are the calls used.
const CFB = XLSX.CFB as {
  read(data: Uint8Array, opts: { type: 'array' }): unknown;
  find(cfb: unknown, path: string): CfbEntry | null;
  utils: {
    cfb_new(): unknown;
    cfb_add(cfb: unknown, name: string, content: Uint8Array, opts: { unsafe: true }): unknown;
  };
};
const sheetjs = XLSX as unknown as {
  parse_xlscfb(cfb: unknown, opts: XLSX.ParsingOptions): XLSX.WorkBook;
  parse_zip(zip: unknown, opts: XLSX.ParsingOptions): XLSX.WorkBook;
};

/** An xlsx from parts inflated by zlib, in the container SheetJS builds itself when it unzips. */
function readZipParts(parts: ZipPart[]): XLSX.WorkBook {
  const zip = CFB.utils.cfb_new();
  for (const p of parts) CFB.utils.cfb_add(zip, p.name, p.data, { unsafe: true });
  try {
    return sheetjs.parse_zip(zip, { ...READ_OPTIONS, type: 'array' });
  } catch (e) {
    throw readError(e);
  }
}

function readOle(bytes: Uint8Array): XLSX.WorkBook {
  let cfb: unknown;
  try {
    cfb = CFB.read(bytes, { type: 'array' });
  } catch {
    throw new ImportError(MSG_UNREADABLE);
  }
  // An xlsx with a password is an OLE file holding the encrypted package.
  if (CFB.find(cfb, 'EncryptedPackage') || CFB.find(cfb, '/encryption')) throw new ImportError(MSG_PASSWORD);
  const stream = (CFB.find(cfb, '/Workbook') ?? CFB.find(cfb, '/Book'))?.content;
  if (!stream || stream.length === 0) throw new ImportError(MSG_UNREADABLE);
  if (!blankFormulas(stream)) throw new ImportError(MSG_UNREADABLE);
  try {
    return sheetjs.parse_xlscfb(cfb, { ...READ_OPTIONS, type: 'array' });
  } catch (e) {
    throw readError(e);
  }
}

function gridsOf(wb: XLSX.WorkBook, date1904: boolean): Grid[] {
  const props = wb.Workbook?.Sheets ?? [];
  return wb.SheetNames.map((name, i) => {
    const ws = wb.Sheets[name];
    const hidden = (props[i]?.Hidden ?? 0) !== 0;
    return ws ? new SheetGrid(name, hidden, ws, date1904) : new TextGrid([]);
  });
}

function fromWorkbook(wb: XLSX.WorkBook, format: ReadResult['format'], encoding: TextEncodingName | null): ReadResult {
  const date1904 = Boolean(wb.Workbook?.WBProps?.date1904);
  return { format, encoding, sheets: gridsOf(wb, date1904), date1904 };
}

export function readListFile(bytes: Uint8Array, _fileName: string): ReadResult {
  if (bytes.length > MAX_IMPORT_BYTES) {
    const mb = Math.round(MAX_IMPORT_BYTES / 1024 / 1024);
    throw new ImportError(`ファイルが大きすぎます（${mb}MBまで）。送付対象者リストのファイルか確認してください`);
  }
  if (bytes.length === 0) throw new ImportError('取り込む行がありません（ファイルが空です）');

  if (isPdf(bytes)) {
    throw new ImportError('PDFのファイルは取り込めません。送付対象者リストのExcel（.xlsx/.xls）かCSVのファイルを選んでください');
  }
  if (isZip(bytes)) {
    const dir = readZipDirectory(bytes);
    if (dir === null) throw new ImportError(MSG_UNREADABLE);
    if (dir.size > MAX_UNZIPPED_BYTES) throw new ImportError(MSG_TOO_LARGE_INSIDE);
    if (dir.entries.length > MAX_ZIP_PARTS) throw new ImportError(MSG_TOO_MANY_PARTS);
    // Lists are sometimes delivered as a .zip of CSV files; an xlsx (or ods) is a zip too, with its own parts.
    if (!dir.names.some((n) => n === '[Content_Types].xml' || n === 'mimetype')) {
      throw new ImportError('ZIPで圧縮されたファイルです。展開してから中のExcelかCSVのファイルを選んでください');
    }
    return fromWorkbook(readZipParts(inflateParts(bytes, dir, MAX_UNZIPPED_BYTES)), 'xlsx', null);
  }
  if (isOle(bytes)) return fromWorkbook(readOle(bytes), 'xls', null);

  const { text, encoding } = decodeText(bytes);
  // Web systems export an HTML or XML table and call it .xls; Excel opens it, so do we.
  const head = text.slice(0, 512).trimStart();
  if (head.startsWith('<')) {
    if (!/<(?:table|html|\?xml|workbook)/i.test(head + text.slice(512, 4096))) throw new ImportError(MSG_UNREADABLE);
    return fromWorkbook(readWorkbook(text, 'string'), 'xls', encoding);
  }
  const delimiter = detectDelimiter(text);
  return {
    format: delimiter === '\t' ? 'tsv' : 'csv',
    encoding,
    // Excel shows no more rows than this either
    sheets: [new TextGrid(parseDelimited(text, delimiter, { maxRows: MAX_SHEET_ROWS, keepFields: MAX_COLUMNS, maxFields: MAX_CSV_FIELDS }))],
    date1904: false,
  };
}
