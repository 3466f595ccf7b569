/**
 * The camera loop: one frame at a time (never a queue), cropped to the guide frame, read off the UI thread
 * (barcode, else the frame made level, in frameWorker; then OCR in Tesseract's worker), named by the service
 * without acting (identifyScan), and acted on through ReadGate. The only things kept are the text read and its answer.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { ScanIdentity } from '../../../shared/handover';
import { api } from '../../api';
import type { FrameAnswer, FrameRequest } from './frameWorker';
import { ReadGate } from './gate';
import { readDigits, stopOcr } from './ocr';

export type CameraVia = 'camera_barcode' | 'camera_text';

export interface CameraRead {
  text: string;
  via: CameraVia;
  identity: ScanIdentity;
}

export interface CameraState {
  error: string | null;
  /** The last frame's read that named no single household (shown grey), or null. */
  unmatched: CameraRead | null;
  /** Milliseconds the last frame took, frame → answer. */
  frameMs: number | null;
  running: boolean;
}

/** The guide frame, as a share of the picture: the envelope window or the 受領簿 row goes inside it. */
export const GUIDE = { left: 0.1, top: 0.2, width: 0.8, height: 0.6 } as const;
const MAX_WIDTH = 960;
const OCR_MAX = 300;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function useCameraReader(
  video: RefObject<HTMLVideoElement | null>,
  options: { on: boolean; deviceId: string; onAct: (read: CameraRead) => Promise<void> },
): CameraState {
  const [state, setState] = useState<CameraState>({ error: null, unmatched: null, frameMs: null, running: false });
  const onAct = useRef(options.onAct);
  onAct.current = options.onAct;

  useEffect(() => {
    if (!options.on) return;
    let stopped = false;
    let stream: MediaStream | null = null;
    const worker = new Worker(new URL('./frameWorker.ts', import.meta.url), { type: 'module' });
    let nextId = 0;
    const pending = new Map<number, (answer: FrameAnswer) => void>();
    worker.onmessage = (e: MessageEvent<FrameAnswer>) => {
      pending.get(e.data.id)?.(e.data);
      pending.delete(e.data.id);
    };
    const barcode = (img: ImageData) =>
      new Promise<FrameAnswer>((resolve) => {
        const id = ++nextId;
        pending.set(id, resolve);
        const data = img.data.buffer;
        worker.postMessage({ id, width: img.width, height: img.height, data } satisfies FrameRequest, [data]);
      });
    const canvas = document.createElement('canvas');
    const ctx2d = canvas.getContext('2d', { willReadFrequently: true })!;
    // The frame turned level by the worker, when it was tilted: what the OCR reads instead.
    const levelCanvas = document.createElement('canvas');
    const levelCtx = levelCanvas.getContext('2d')!;
    const ocrCanvas = (level: FrameAnswer['level']): HTMLCanvasElement => {
      if (!level) return canvas;
      levelCanvas.width = level.width;
      levelCanvas.height = level.height;
      levelCtx.putImageData(new ImageData(new Uint8ClampedArray(level.data), level.width, level.height), 0, 0);
      return levelCanvas;
    };
    const gate = new ReadGate();

    const frame = async (v: HTMLVideoElement): Promise<void> => {
      const started = performance.now();
      const sw = Math.round(v.videoWidth * GUIDE.width);
      const sh = Math.round(v.videoHeight * GUIDE.height);
      const scale = Math.min(1, MAX_WIDTH / sw);
      canvas.width = Math.round(sw * scale);
      canvas.height = Math.round(sh * scale);
      ctx2d.drawImage(v, Math.round(v.videoWidth * GUIDE.left), Math.round(v.videoHeight * GUIDE.top), sw, sh, 0, 0, canvas.width, canvas.height);
      const seen = await barcode(ctx2d.getImageData(0, 0, canvas.width, canvas.height));
      let text = seen.text;
      let via: CameraVia = 'camera_barcode';
      if (text === null) {
        text = (await readDigits(ocrCanvas(seen.level))).slice(0, OCR_MAX).trim();
        via = 'camera_text';
      }
      if (stopped) return;
      if (text === '') {
        gate.feed(null);
        setState((s) => ({ ...s, frameMs: Math.round(performance.now() - started) }));
        return;
      }
      const r = await api().identifyScan({ code: text, via });
      if (stopped || !r.ok) return;
      const read: CameraRead = { text, via, identity: r.value };
      const frameMs = Math.round(performance.now() - started);
      const act = gate.feed(r.value.envelopeId === null ? null : String(r.value.envelopeId));
      setState((s) => ({ ...s, frameMs, unmatched: r.value.envelopeId === null ? read : gate.holding ? null : s.unmatched }));
      if (act) await onAct.current(read);
    };

    void (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          video: options.deviceId ? { deviceId: { exact: options.deviceId } } : { width: { ideal: 1280 }, height: { ideal: 720 } },
          audio: false,
        });
      } catch (e) {
        setState((s) => ({ ...s, error: `カメラを使えません（${(e as Error).name === 'NotAllowedError' ? '許可されていません' : 'カメラが見つかりません'}）。` }));
        return;
      }
      if (stopped) return stream.getTracks().forEach((t) => t.stop());
      const v = video.current;
      if (!v) return;
      v.srcObject = stream;
      await v.play().catch(() => {});
      setState((s) => ({ ...s, error: null, running: true }));
      while (!stopped) {
        if (v.readyState < 2 || v.videoWidth === 0) {
          await sleep(100);
          continue;
        }
        try {
          await frame(v);
        } catch (e) {
          setState((s) => ({ ...s, error: `読み取りに失敗しました（${(e as Error).message}）。` }));
          await sleep(1000);
        }
        await sleep(30); // let the page breathe between frames
      }
    })();

    return () => {
      stopped = true;
      stream?.getTracks().forEach((t) => t.stop());
      if (video.current) video.current.srcObject = null;
      worker.terminate();
      void stopOcr();
      setState({ error: null, unmatched: null, frameMs: null, running: false });
    };
  }, [options.on, options.deviceId, video]);

  return state;
}
