// Bounds that keep a wrong or hostile file from exhausting memory or time.
// A real 送付対象者リスト has a few hundred rows; the largest employers a few ten thousands.

/** Largest file accepted. A 100,000-member xlsx is about 15 MB. */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

/**
 * Largest total uncompressed size of an xlsx's parts. SheetJS inflates everything in memory,
 * so a small zip bomb would otherwise take the app down. 100,000 members are about 60 MB, the most rows we
 * accept (MAX_DATA_ROWS) about 180 MB; larger parts also come near V8's longest string, and SheetJS would
 * then return an empty sheet, which the clerk would be told is an empty file.
 */
export const MAX_UNZIPPED_BYTES = 256 * 1024 * 1024;

/**
 * Parts in an xlsx. A list has a few dozen (sheets, styles, shared strings, a few images); even a workbook with
 * hundreds of sheets stays under this. Each part costs bookkeeping whatever its size.
 */
export const MAX_ZIP_PARTS = 2000;

/** Rows with member data in one list. */
export const MAX_DATA_ROWS = 300_000;

/**
 * Rows looked at in a sheet: Excel's own maximum. A damaged file can claim a row number in the
 * millions, and every pass over the sheet would walk up to it.
 */
export const MAX_SHEET_ROWS = 1_048_576;

/**
 * Fields in one row of a CSV: Excel's own maximum (XFD). Fields past MAX_COLUMNS are skipped while parsing; a row
 * longer than this is no spreadsheet's CSV and is refused before it costs time and memory.
 */
export const MAX_CSV_FIELDS = 16_384;

/** Columns looked at; anything to the right is not read. */
export const MAX_COLUMNS = 200;

/** Longest text accepted in one member field. */
export const MAX_CELL_CHARS = 1000;

/** Rows from the top of a sheet searched for the header row (title rows, notes, blank rows above it). */
export const HEADER_SCAN_ROWS = 60;

/** Data rows shown on the mapping screen. */
export const PREVIEW_ROWS = 8;

/** Non-empty values per column sampled to spot a My Number column under an innocent header. */
export const MY_NUMBER_SAMPLE = 2000;
