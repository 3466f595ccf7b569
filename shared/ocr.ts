/**
 * Tesseract for the camera: where its files are and how it is set up, the same in the renderer and under Node.
 * Kept apart from the barcode decoder so that the main process, which only matches digit runs, never loads ZXing.
 */

/** Where the build puts Tesseract's files for the renderer (vite.config.ts copies them from node_modules). */
export const OCR_ASSET_DIR = 'assets/ocr';

/** LSTM-only cores: the camera uses OEM 1, so the legacy engine is never loaded. Tesseract picks one by CPU. */
export const OCR_CORE_FILES = [
  'tesseract-core-lstm.wasm.js',
  'tesseract-core-simd-lstm.wasm.js',
  'tesseract-core-relaxedsimd-lstm.wasm.js',
] as const;

/** Digits only: names and kanji would only add noise, and 記号・番号 and 整理番号 are digits. */
export const OCR_PARAMETERS = {
  tessedit_char_whitelist: '0123456789',
  // A webcam frame has no DPI; saying one keeps Tesseract from guessing (and logging its guess) each frame.
  user_defined_dpi: '200',
  // Tesseract prints notes (“Detected 3 diacritics”) to stdout, which would break the CLI's JSON output.
  debug_file: '/dev/null',
} as const;

/**
 * Page segmentation per pass: one uniform block (6), then sparse text (11). Tesseract can misread a digit with
 * high confidence (9 → 5), and in a list where every 番号 exists that names another household; the two
 * segmentations cut the window differently, so the camera acts only when two passes (two frames in the app,
 * both passes for a still photo) name the same household.
 */
export const OCR_PASSES = ['6', '11'] as const;

/** Separates the passes of one still photo's read: `2201010101 50000040 / 01010101 0000040`. */
export const PASS_SEPARATOR = ' / ';

/** The English LSTM model (int, 2.9 MB) reads digits as well as the full one at a third of the time. */
export const OCR_LANG_DIR = '4.0.0_best_int';

/** Tesseract's text as digit runs separated by single spaces; passes kept apart (what the matcher and the clerk see). */
export function digitRuns(ocrText: string): string {
  return ocrText
    .split('/')
    .map((pass) => pass.replace(/[^0-9]+/g, ' ').trim())
    .filter((pass) => pass !== '')
    .join(PASS_SEPARATOR);
}
