/// <reference lib="webworker" />
/**
 * Reads barcodes off the UI thread: the page posts the guide frame's pixels, the worker answers with the
 * code's text or null. Pixels are dropped after each frame.
 */
import { decodeBarcode } from '../../../shared/cameraRead';

export interface FrameRequest {
  id: number;
  width: number;
  height: number;
  data: ArrayBuffer;
}

export interface FrameAnswer {
  id: number;
  text: string | null;
}

self.onmessage = (e: MessageEvent<FrameRequest>) => {
  const { id, width, height, data } = e.data;
  const text = decodeBarcode({ data: new Uint8ClampedArray(data), width, height });
  self.postMessage({ id, text } satisfies FrameAnswer);
};
