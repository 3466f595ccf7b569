import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { CONTENT_SECURITY_POLICY } from './shared/csp';
import { OCR_ASSET_DIR, OCR_CORE_FILES } from './shared/ocr';

const require = createRequire(import.meta.url);
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

/**
 * The camera's OCR ships with the app (no CDN): Tesseract's worker script, its LSTM cores (it picks the SIMD
 * build the machine supports) and the English model, copied from node_modules to assets/ocr/ under fixed names.
 */
const ocrAssets = (): Plugin => ({
  name: 'kubaru-ocr-assets',
  apply: 'build',
  generateBundle() {
    const files: [string, string][] = [
      [path.join(packageDir('tesseract.js'), 'dist', 'worker.min.js'), 'worker.min.js'],
      ...OCR_CORE_FILES.map((f): [string, string] => [path.join(packageDir('tesseract.js-core'), f), f]),
      [path.join(packageDir('@tesseract.js-data/eng'), '4.0.0_best_int', 'eng.traineddata.gz'), 'eng.traineddata.gz'],
    ];
    for (const [from, name] of files) this.emitFile({ type: 'asset', fileName: `${OCR_ASSET_DIR}/${name}`, source: fs.readFileSync(from) });
  },
});

/** One CSP for the built page and the app:// header, from shared/csp.ts. */
const csp = (): Plugin => ({
  name: 'kubaru-csp',
  transformIndexHtml: (html) =>
    html.replace('<!-- CSP -->', `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`),
});

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), csp(), ocrAssets()],
  // The camera's frame reader runs in a module worker, bundled like the page (worker-src 'self').
  worker: { format: 'es' },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    // Electron loads local files only: one chunk keeps start-up simple, and size is not a download cost here.
    chunkSizeWarningLimit: 4000,
    reportCompressedSize: false,
    // Inlined assets would be data: URLs, which the CSP refuses for fonts.
    assetsInlineLimit: 0,
  },
});
