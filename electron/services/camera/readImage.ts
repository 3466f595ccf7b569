/**
 * The camera's readers under Node, for `scan-image` and the bench: a still photo (PNG/JPEG) goes through the
 * same barcode decoder (shared/cameraRead.ts), straightening (shared/deskew.ts) and OCR settings (shared/ocr.ts)
 * as a frame in the renderer.
 * Tesseract's core, its worker and the English model are read from node_modules: nothing is downloaded.
 */
import path from 'node:path';
import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';
import { createWorker, OEM, type Worker } from 'tesseract.js';
import { decodeBarcode, type FrameRead, type Pixels } from '../../../shared/cameraRead';
import { digitRuns, OCR_LANG_DIR, OCR_PARAMETERS, OCR_PASSES } from '../../../shared/ocr';
import { deskew } from '../../../shared/deskew';
import { UserError } from '../errors';

/** A phone photo can be 12 MP; more than this is not a photo of an envelope. */
const MAX_PIXELS = 40_000_000;

export function decodeImage(bytes: Uint8Array): Pixels {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    if (b.length > 8 && b.readUInt32BE(0) === 0x89504e47) {
      const png = PNG.sync.read(b);
      return { data: png.data, width: png.width, height: png.height };
    }
    if (b.length > 3 && b[0] === 0xff && b[1] === 0xd8) {
      const img = jpeg.decode(b, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_PIXELS / 1e6, maxMemoryUsageInMB: 1024 });
      return { data: img.data, width: img.width, height: img.height };
    }
  } catch {
    throw new UserError('画像を読み込めません。壊れていないPNGかJPEGの写真を指定してください。');
  }
  throw new UserError('PNG か JPEG の画像を指定してください。');
}

export interface ImageReader {
  /** A barcode's text, else the OCR digit runs of every pass ('' when nothing was read): a still photo. */
  read: (bytes: Uint8Array) => Promise<FrameRead>;
  /** What the app does with one camera frame: the barcode, else one OCR pass (the frames alternate passes). */
  readFrame: (bytes: Uint8Array, pass: number) => Promise<FrameRead>;
  close: () => Promise<void>;
}

export function createImageReader(): ImageReader {
  let ocr: Promise<Worker> | null = null;
  const startOcr = async () => {
    const langPath = path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), OCR_LANG_DIR);
    const w = await createWorker('eng', OEM.LSTM_ONLY, { langPath, cacheMethod: 'none', gzip: true });
    await w.setParameters({ ...OCR_PARAMETERS } as Parameters<Worker['setParameters']>[0]);
    return w;
  };
  const ocrPass = async (image: Buffer, pass: number) => {
    ocr ??= startOcr();
    const w = await ocr;
    await w.setParameters({ tessedit_pageseg_mode: OCR_PASSES[pass % OCR_PASSES.length] } as Parameters<Worker['setParameters']>[0]);
    return digitRuns((await w.recognize(image)).data.text);
  };
  /** The barcode, else the image Tesseract reads: the photo itself, or turned level when it is tilted. */
  const look = (bytes: Uint8Array): { code: FrameRead } | { image: Buffer } => {
    const pixels = decodeImage(bytes);
    const code = decodeBarcode(pixels);
    if (code !== null) return { code: { via: 'camera_barcode', text: code } };
    const level = deskew(pixels);
    if (!level) return { image: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
    const png = new PNG({ width: level.pixels.width, height: level.pixels.height });
    png.data = Buffer.from(level.pixels.data.buffer, level.pixels.data.byteOffset, level.pixels.data.byteLength);
    return { image: PNG.sync.write(png, { deflateLevel: 1 }) };
  };
  return {
    read: async (bytes) => {
      const seen = look(bytes);
      if ('code' in seen) return seen.code;
      const passes: string[] = [];
      for (let i = 0; i < OCR_PASSES.length; i++) passes.push(await ocrPass(seen.image, i));
      return { via: 'camera_text', text: digitRuns(passes.join('/')) };
    },
    readFrame: async (bytes, pass) => {
      const seen = look(bytes);
      return 'code' in seen ? seen.code : { via: 'camera_text', text: await ocrPass(seen.image, pass) };
    },
    close: async () => {
      if (ocr) await (await ocr).terminate();
      ocr = null;
    },
  };
}
