/// <reference lib="webworker" />
/**
 * Reads barcodes off the UI thread: the page posts the guide frame's pixels, the worker answers with the
 * code's text, or, when there is none, with the frame turned level for the OCR if it was tilted (the
 * measuring and turning are plain arithmetic, so they too stay off the UI thread). Pixels are dropped after
 * each frame.
 */
import { decodeBarcode } from '../../../shared/cameraRead';
import { deskew } from '../../../shared/deskew';

export interface FrameRequest {
  id: number;
  width: number;
  height: number;
  data: ArrayBuffer;
}

export interface FrameAnswer {
  id: number;
  text: string | null;
  /** No code, and the frame was tilted: the same frame made level (RGBA), for the OCR to read instead. */
  level: { data: ArrayBuffer; width: number; height: number; degrees: number } | null;
}

self.onmessage = (e: MessageEvent<FrameRequest>) => {
  const { id, width, height, data } = e.data;
  const pixels = { data: new Uint8ClampedArray(data), width, height };
  const text = decodeBarcode(pixels);
  const turned = text === null ? deskew(pixels) : null;
  const level = turned && {
    data: turned.pixels.data.buffer as ArrayBuffer,
    width: turned.pixels.width,
    height: turned.pixels.height,
    degrees: turned.degrees,
  };
  self.postMessage({ id, text, level } satisfies FrameAnswer, level ? [level.data] : []);
};
