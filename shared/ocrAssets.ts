/** Where the build puts Tesseract's files for the renderer (vite.config.ts copies them from node_modules). */
export const OCR_ASSET_DIR = 'assets/ocr';

/** LSTM-only cores: the camera uses OEM 1, so the legacy engine is never loaded. Tesseract picks one by CPU. */
export const OCR_CORE_FILES = [
  'tesseract-core-lstm.wasm.js',
  'tesseract-core-simd-lstm.wasm.js',
  'tesseract-core-relaxedsimd-lstm.wasm.js',
] as const;
