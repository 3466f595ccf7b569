/**
 * What the camera reads from one frame, the same in the renderer's worker and in the CLI/bench under Node:
 * a barcode or QR code (ZXing) first, since it is exact; otherwise the digits printed in the envelope window
 * by OCR (Tesseract, set up per platform with the settings in shared/ocr.ts). Only the text read leaves the
 * reader: frames are never kept.
 */
import {
  BarcodeFormat,
  BinaryBitmap,
  DataMatrixReader,
  DecodeHintType,
  HybridBinarizer,
  MultiFormatOneDReader,
  QRCodeReader,
  RGBLuminanceSource,
} from '@zxing/library';

export interface FrameRead {
  via: 'camera_barcode' | 'camera_text';
  /** The barcode's text, or the OCR's digit runs separated by single spaces. */
  text: string;
}

export interface Pixels {
  /** RGBA, 4 bytes a pixel, row by row (ImageData, pngjs and jpeg-js all give this). */
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
}

// Formats a clerk can hold up: Kubaru's own 受領簿 (Code 128), insurer and employee ID cards (Code 39,
// ITF, EAN, QR, Data Matrix). Fewer formats = fewer false reads and less time per frame.
const ONE_D = [BarcodeFormat.CODE_128, BarcodeFormat.CODE_39, BarcodeFormat.ITF, BarcodeFormat.EAN_13];

type Reader = { decode: (image: BinaryBitmap, hints: Map<DecodeHintType, unknown>) => { getText: () => string }; reset: () => void };
let readers: Reader[] | null = null;
let sliceReader: Reader | null = null;
const hints = new Map<DecodeHintType, unknown>([
  [DecodeHintType.POSSIBLE_FORMATS, ONE_D],
  [DecodeHintType.TRY_HARDER, true],
]);
// The slices are tried in ZXing's quick mode (15 rows, not every row): they are a fallback, and each frame
// without a code (most frames of a window) would otherwise pay for three more full scans.
const quickHints = new Map<DecodeHintType, unknown>([[DecodeHintType.POSSIBLE_FORMATS, ONE_D]]);

function luminance(p: Pixels): Uint8ClampedArray {
  const out = new Uint8ClampedArray(p.width * p.height);
  const d = p.data;
  for (let i = 0, j = 0; j < out.length; i += 4, j++) out[j] = (d[i]! * 77 + d[i + 1]! * 150 + d[i + 2]! * 29) >> 8;
  return out;
}

/**
 * The text of a barcode or QR code in the frame, or null. The readers are tried one by one rather than
 * through MultiFormatReader, which logs a stack trace to the console for every frame without a code.
 * ZXing's 1D readers give up on a row where a table's ruled line stands a little left of the barcode (as on
 * the 受領簿), so the 1D reader also tries three overlapping vertical slices of the frame.
 */
export function decodeBarcode(p: Pixels): string | null {
  readers ??= [new MultiFormatOneDReader(hints), new QRCodeReader(), new DataMatrixReader()];
  const lum = luminance(p);
  const whole = new RGBLuminanceSource(lum, p.width, p.height);
  const attempt = (reader: Reader, source: RGBLuminanceSource | ReturnType<RGBLuminanceSource['crop']>, h = hints) => {
    try {
      const text = reader.decode(new BinaryBitmap(new HybridBinarizer(source)), h).getText().trim();
      return text === '' ? null : text;
    } catch {
      return null; // NotFound / Checksum / Format: no readable code of this kind here
    } finally {
      reader.reset();
    }
  };
  for (const reader of readers) {
    const text = attempt(reader, whole);
    if (text !== null) return text;
  }
  const slice = Math.floor(p.width * 0.6);
  for (const left of [0, Math.floor(p.width * 0.2), p.width - slice]) {
    sliceReader ??= new MultiFormatOneDReader(quickHints);
    const text = attempt(sliceReader, whole.crop(left, 0, slice, p.height), quickHints);
    if (text !== null) return text;
  }
  return null;
}
