// Excel 97-2003 (.xls) workbooks. SheetJS parses every formula it meets, and a damaged formula
// record sends its parser into an endless loop (the app would freeze). The importer only needs
// the values Excel saved beside each formula, so the formulas are blanked before SheetJS reads
// the workbook stream.

/** Byte offset of the formula length (cce) inside the body of each record that carries a formula, BIFF5/8. */
const CCE_OFFSET: ReadonlyMap<number, number> = new Map([
  [0x0006, 20], // FORMULA: cell 6, value 8, flags 2, chn 4
  [0x0018, 4], // NAME (Lbl): flags 2, chKey 1, cch 1
  [0x04bc, 8], // SHRFMLA: ref 6, reserved 1, cUse 1
  [0x0221, 12], // ARRAY: ref 6, flags 2, chn 4
]);

type Bytes = { [i: number]: number; readonly length: number };

function u16(s: Bytes, p: number): number {
  return (s[p] ?? 0) | ((s[p + 1] ?? 0) << 8);
}

/**
 * Sets the formula length of every formula-carrying record to 0, in place. Record sizes are
 * left alone, so the stream keeps its layout. Returns false when such a record is too short to
 * hold its formula: SheetJS would read on into the next records and may never stop.
 */
export function blankFormulas(stream: Bytes): boolean {
  // BIFF5/8 streams start with BOF (0x0809); older layouts differ and are left as they are.
  if (u16(stream, 0) !== 0x0809) return true;
  let p = 0;
  while (p + 4 <= stream.length) {
    const type = u16(stream, p);
    const size = u16(stream, p + 2);
    const body = p + 4;
    const at = CCE_OFFSET.get(type);
    if (at !== undefined) {
      if (size < at + 2 || body + size > stream.length) return false;
      stream[body + at] = 0;
      stream[body + at + 1] = 0;
    }
    if (body + size > stream.length) break;
    p = body + size;
  }
  return true;
}
