/**
 * Tesseract in the renderer, from the app's own files (vite.config.ts copies them to assets/ocr/): its worker
 * script, its WebAssembly core and the English model. Nothing is fetched from outside and nothing is cached
 * in the browser's storage. Tesseract runs in its own Web Worker, so the UI stays responsive.
 */
import { createWorker, OEM, type Worker } from 'tesseract.js';
import { digitRuns, OCR_ASSET_DIR, OCR_PARAMETERS, OCR_PASSES } from '../../../shared/ocr';

let worker: Promise<Worker> | null = null;
let frames = 0;

async function start(): Promise<Worker> {
  const base = new URL(`${OCR_ASSET_DIR}/`, document.baseURI).href;
  const w = await createWorker('eng', OEM.LSTM_ONLY, {
    workerPath: `${base}worker.min.js`,
    corePath: base,
    langPath: base.replace(/\/$/, ''),
    workerBlobURL: false, // a blob: worker would need blob: in the CSP
    cacheMethod: 'none',
    gzip: true,
  });
  await w.setParameters({ ...OCR_PARAMETERS } as Parameters<Worker['setParameters']>[0]);
  return w;
}

/**
 * The digit runs Tesseract reads in the canvas ('' when none). Frames alternate between the two page
 * segmentations, so the two frames that must agree before the camera acts are two different readings.
 */
export async function readDigits(canvas: HTMLCanvasElement): Promise<string> {
  worker ??= start().catch((e: unknown) => {
    worker = null;
    throw e;
  });
  const w = await worker;
  await w.setParameters({ tessedit_pageseg_mode: OCR_PASSES[frames++ % OCR_PASSES.length] } as Parameters<Worker['setParameters']>[0]);
  const { data } = await w.recognize(canvas);
  return digitRuns(data.text);
}

export async function stopOcr(): Promise<void> {
  const w = worker;
  worker = null;
  if (w) await (await w).terminate();
}
