// Dates as they appear in insurer lists: 西暦, 和暦, Excel serial numbers and Date objects.

export type ParsedDate = { ok: true; iso: string | null } | { ok: false };

interface Era {
  name: string;
  /** single-letter abbreviation used in lists (S40.10.01) */
  letter: string;
  /** first day of the era */
  start: [number, number, number];
}

// Newest first, so the first era whose start is not after a date is that date's era.
const ERAS: readonly Era[] = [
  { name: '令和', letter: 'r', start: [2019, 5, 1] },
  { name: '平成', letter: 'h', start: [1989, 1, 8] },
  { name: '昭和', letter: 's', start: [1926, 12, 25] },
  { name: '大正', letter: 't', start: [1912, 7, 30] },
  // 明治元年 was declared retroactively from the first day of 1868.
  { name: '明治', letter: 'm', start: [1868, 1, 1] },
];

const ERA_BY_TOKEN = new Map<string, Era>();
for (const era of ERAS) {
  ERA_BY_TOKEN.set(era.name, era);
  ERA_BY_TOKEN.set(era.letter, era);
  ERA_BY_TOKEN.set(era.name.charAt(0), era); // 昭40.10.1
}

/** Excel's largest date, 9999-12-31. */
const MAX_EXCEL_SERIAL = 2958465;
const MS_PER_DAY = 86_400_000;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function isoOf(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(y: number, m: number): number {
  if (m === 2 && ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0)) return 29;
  return DAYS_IN_MONTH[m - 1] ?? 0;
}

function validYmd(y: number, m: number, d: number): boolean {
  return Number.isInteger(y) && y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

function ymdKey(y: number, m: number, d: number): number {
  return y * 10000 + m * 100 + d;
}

/**
 * Excel serial (1900 date system) to ISO. Excel counts 1900-02-29, which never existed
 * (a Lotus 1-2-3 bug it kept), so serials from 61 on are one day ahead of a plain count
 * and 60 itself is not a date.
 */
function fromSerial(serial: number): ParsedDate {
  const day = Math.floor(serial);
  if (day < 1 || day > MAX_EXCEL_SERIAL || day === 60) return { ok: false };
  const base = day < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  const dt = new Date(base + day * MS_PER_DAY);
  return { ok: true, iso: isoOf(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate()) };
}

function fromYmd(y: number, m: number, d: number): ParsedDate {
  return validYmd(y, m, d) ? { ok: true, iso: isoOf(y, m, d) } : { ok: false };
}

function fromEra(era: Era, eraYear: number, m: number, d: number): ParsedDate {
  const [sy, sm, sd] = era.start;
  const y = sy + eraYear - 1;
  if (eraYear < 1 || !validYmd(y, m, d)) return { ok: false };
  if (ymdKey(y, m, d) < ymdKey(sy, sm, sd)) return { ok: false }; // 平成1年1月7日 was still 昭和
  // Later than the era's last year is impossible (昭和65年). Dates in the last year after the
  // change of era (平成31年5月1日) are accepted: some insurers' systems kept printing them.
  const idx = ERAS.indexOf(era);
  const next = idx > 0 ? ERAS[idx - 1] : undefined;
  if (next && y > next.start[0]) return { ok: false };
  return { ok: true, iso: isoOf(y, m, d) };
}

const TIME_SUFFIX_RE = /(?:[T\s]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)$/;
const WESTERN_RE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const WESTERN_KANJI_RE = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/;
const COMPACT_RE = /^(\d{4})(\d{2})(\d{2})$/;
const ERA_RE = /^(令和|平成|昭和|大正|明治|[令平昭大明rhstm])(元|\d{1,2})(?:年|[-/.])(\d{1,2})(?:月|[-/.])(\d{1,2})日?$/;

function digitAt(s: string, i: number): number {
  const c = s.charCodeAt(i) - 0x30;
  return c >= 0 && c <= 9 ? c : -1;
}

/** yyyy-m-d, yyyy/m/d or yyyy.m.d in ASCII, the form of nearly every machine-made list: no regex, no NFKC. */
function parseIsoLike(s: string): ParsedDate | null {
  const n = s.length;
  if (n < 8 || n > 10) return null;
  let y = 0;
  for (let i = 0; i < 4; i++) {
    const d = digitAt(s, i);
    if (d < 0) return null;
    y = y * 10 + d;
  }
  const sep = s.charCodeAt(4);
  if (sep !== 0x2d && sep !== 0x2f && sep !== 0x2e) return null;
  let i = 5;
  let m = 0;
  let len = 0;
  for (; i < n && len < 3; i++, len++) {
    const d = digitAt(s, i);
    if (d < 0) break;
    m = m * 10 + d;
  }
  if (len === 0 || len > 2 || s.charCodeAt(i) !== sep) return null;
  i++;
  let day = 0;
  len = 0;
  for (; i < n; i++, len++) {
    const d = digitAt(s, i);
    if (d < 0) return null;
    day = day * 10 + d;
  }
  if (len === 0 || len > 2) return null;
  return fromYmd(y, m, day);
}

function parseDateText(raw: string): ParsedDate {
  const quick = parseIsoLike(raw);
  if (quick) return quick;
  // NFKC turns full-width digits into ASCII and the era ligatures ㍼ ㍻ ㋿ into 昭和 平成 令和.
  let s = raw.normalize('NFKC').trim();
  if (s === '') return { ok: true, iso: null };
  s = s.replace(TIME_SUFFIX_RE, '').replace(/\s+/g, '').toLowerCase();
  // 「1992年10月18日生」「昭和40年10月1日生まれ」
  s = s.replace(/(?:生まれ|生)$/, '');
  let m = WESTERN_RE.exec(s) ?? WESTERN_KANJI_RE.exec(s) ?? COMPACT_RE.exec(s);
  if (m) return fromYmd(Number(m[1]), Number(m[2]), Number(m[3]));
  m = ERA_RE.exec(s);
  if (m) {
    const era = ERA_BY_TOKEN.get(m[1] ?? '');
    if (!era) return { ok: false };
    const eraYear = m[2] === '元' ? 1 : Number(m[2]);
    return fromEra(era, eraYear, Number(m[3]), Number(m[4]));
  }
  return { ok: false };
}

export interface ParseDateOptions {
  /** The workbook uses the 1904 date system (old Mac Excel): serials count from 1904-01-01. */
  date1904?: boolean;
}

/**
 * Reads a date cell. Empty gives `{ok: true, iso: null}`; something that is not a real
 * date (2月30日, 13月, 平成1年1月1日) gives `{ok: false}`.
 */
export function parseDate(value: unknown, options?: ParseDateOptions): ParsedDate {
  if (value == null) return { ok: true, iso: null };
  if (typeof value === 'string') return parseDateText(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { ok: false };
    // A birth date typed as 19921018 without separators arrives as a number; it is far beyond
    // any serial Excel accepts, so the two cannot be confused.
    if (Number.isInteger(value) && value >= 10000101 && value <= 99991231) {
      return fromYmd(Math.floor(value / 10000), Math.floor(value / 100) % 100, value % 100);
    }
    return fromSerial(options?.date1904 ? value + 1462 : value);
  }
  if (value instanceof Date) {
    const t = value.getTime();
    if (Number.isNaN(t)) return { ok: false };
    // SheetJS and other libraries put a pure date at UTC midnight; anything else is a
    // local date-time whose calendar day is the local one.
    const utcMidnight = t % MS_PER_DAY === 0;
    return utcMidnight
      ? fromYmd(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate())
      : fromYmd(value.getFullYear(), value.getMonth() + 1, value.getDate());
  }
  return { ok: false };
}

/**
 * 和暦 for reports: `1965-10-01` -> `昭和40年10月1日`, first year as 元年.
 * Dates before 明治 are written in 西暦 (`1867年1月1日`); something that is not an ISO date gives ''.
 */
export function toWareki(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return '';
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (!validYmd(y, mo, d)) return '';
  const key = ymdKey(y, mo, d);
  for (const era of ERAS) {
    const [sy, sm, sd] = era.start;
    if (key >= ymdKey(sy, sm, sd)) {
      const eraYear = y - sy + 1;
      return `${era.name}${eraYear === 1 ? '元' : eraYear}年${mo}月${d}日`;
    }
  }
  return `${y}年${mo}月${d}日`;
}

/**
 * yyyy-mm-dd of the clerk's calendar day (not UTC: just after midnight in Japan is still yesterday in
 * UTC, and a hand-over at 08:30 JST is 23:30 UTC the day before).
 */
export function localIsoDate(d: Date): string {
  return isoOf(d.getFullYear(), d.getMonth() + 1, d.getDate());
}
