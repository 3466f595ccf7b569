/**
 * Straightening a frame before OCR. A clerk holds the envelope by hand, so the window is seldom level; past
 * about 4° Tesseract cuts the 記号・番号 line into pieces or loses it (most of the camera's misses). The tilt is
 * found by a projection profile: dark pixels of a downscaled copy are summed along lines of each candidate
 * angle, and the angle whose lines are sharpest (text rows full, gaps between rows empty) is the tilt. Then the
 * frame is turned back. Plain arithmetic on a small copy: a few milliseconds a frame, in a worker or under Node.
 */
import type { Pixels } from './cameraRead';

/** Hand-held tilts go up to about 10°; beyond that the clerk straightens the envelope anyway. */
export const MAX_SKEW_DEGREES = 10;
/** Below this Tesseract reads as well as level, and turning the frame only softens the print. */
export const MIN_SKEW_DEGREES = 1.5;
/** The downscaled copy the tilt is measured on: enough for text 16 px high in a 640 px frame. */
const WORK_WIDTH = 320;
/** A pixel is ink when it is this much darker than its neighbourhood (paper, desk and shadows vary). */
const INK_CONTRAST = 24;
const NEIGHBOURHOOD = 7;

/** Luminance of a block-averaged copy at most WORK_WIDTH wide. */
function smallLuminance(p: Pixels): { lum: Float32Array; width: number; height: number; scale: number } {
  const scale = Math.max(1, Math.ceil(p.width / WORK_WIDTH));
  const width = Math.floor(p.width / scale);
  const height = Math.floor(p.height / scale);
  const lum = new Float32Array(width * height);
  const d = p.data;
  for (let y = 0; y < height * scale; y++) {
    const row = Math.floor(y / scale) * width;
    for (let x = 0; x < width * scale; x++) {
      const i = (y * p.width + x) * 4;
      lum[row + Math.floor(x / scale)]! += d[i]! * 0.299 + d[i + 1]! * 0.587 + d[i + 2]! * 0.114;
    }
  }
  const n = scale * scale;
  for (let i = 0; i < lum.length; i++) lum[i]! /= n;
  return { lum, width, height, scale };
}

/** Ink pixels (x, y) of the small copy: darker than the mean of their neighbourhood (an integral image). */
function inkPoints(lum: Float32Array, width: number, height: number): { xs: Int16Array; ys: Int16Array; count: number } {
  const sat = new Float64Array((width + 1) * (height + 1));
  for (let y = 0; y < height; y++) {
    let rowSum = 0;
    for (let x = 0; x < width; x++) {
      rowSum += lum[y * width + x]!;
      sat[(y + 1) * (width + 1) + x + 1] = sat[y * (width + 1) + x + 1]! + rowSum;
    }
  }
  const xs = new Int16Array(width * height);
  const ys = new Int16Array(width * height);
  let count = 0;
  for (let y = 0; y < height; y++) {
    const y0 = Math.max(0, y - NEIGHBOURHOOD);
    const y1 = Math.min(height, y + NEIGHBOURHOOD + 1);
    for (let x = 0; x < width; x++) {
      const x0 = Math.max(0, x - NEIGHBOURHOOD);
      const x1 = Math.min(width, x + NEIGHBOURHOOD + 1);
      const sum = sat[y1 * (width + 1) + x1]! - sat[y0 * (width + 1) + x1]! - sat[y1 * (width + 1) + x0]! + sat[y0 * (width + 1) + x0]!;
      const mean = sum / ((y1 - y0) * (x1 - x0));
      if (lum[y * width + x]! < mean - INK_CONTRAST) {
        xs[count] = x;
        ys[count] = y;
        count++;
      }
    }
  }
  return { xs, ys, count };
}

/** How sharp the rows are when the ink is projected along `degrees`: the sum of squared row-to-row changes. */
function profileSharpness(ink: { xs: Int16Array; ys: Int16Array; count: number }, width: number, height: number, degrees: number): number {
  const t = Math.tan((degrees * Math.PI) / 180);
  const offset = Math.ceil(Math.abs(t) * width);
  const bins = new Float64Array(height + 2 * offset + 1);
  for (let i = 0; i < ink.count; i++) {
    // A line tilted by `degrees` (clockwise on screen, y down) rises by t per pixel to the right.
    bins[Math.round(ink.ys[i]! - ink.xs[i]! * t) + offset]! += 1;
  }
  let score = 0;
  for (let i = 1; i < bins.length; i++) score += (bins[i]! - bins[i - 1]!) ** 2;
  return score;
}

/**
 * The tilt of the text in degrees (clockwise on screen positive, as CSS `rotate()`), to the nearest half
 * degree, or 0 when the frame shows too little ink to tell.
 */
export function skewAngle(p: Pixels): number {
  const { lum, width, height } = smallLuminance(p);
  const ink = inkPoints(lum, width, height);
  if (ink.count < 50) return 0;
  const best = (candidates: number[]) => {
    let angle = 0;
    let top = -1;
    for (const a of candidates) {
      const s = profileSharpness(ink, width, height, a);
      if (s > top) {
        top = s;
        angle = a;
      }
    }
    return angle;
  };
  const whole = Array.from({ length: 2 * MAX_SKEW_DEGREES + 1 }, (_, i) => i - MAX_SKEW_DEGREES);
  const coarse = best(whole);
  return best([coarse - 0.5, coarse, coarse + 0.5]);
}

/**
 * The frame turned by `-degrees` about its centre (bilinear), so text tilted by `degrees` becomes level.
 * Corners that come from outside the frame take the colour of the frame's edge, not black, so they make no
 * new dark edges for the OCR to read.
 */
export function rotatePixels(p: Pixels, degrees: number): Pixels {
  const { width, height, data } = p;
  const out = new Uint8ClampedArray(width * height * 4);
  const a = (degrees * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // The source pixel: the output turned forward by `degrees` (clockwise on screen, y down).
      const dx = x - cx;
      const dy = y - cy;
      const sx = Math.min(width - 1.001, Math.max(0, cx + dx * cos - dy * sin));
      const sy = Math.min(height - 1.001, Math.max(0, cy + dx * sin + dy * cos));
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const i00 = (y0 * width + x0) * 4;
      const i10 = i00 + 4;
      const i01 = i00 + width * 4;
      const i11 = i01 + 4;
      const o = (y * width + x) * 4;
      for (let c = 0; c < 3; c++) {
        const top = data[i00 + c]! + (data[i10 + c]! - data[i00 + c]!) * fx;
        const bottom = data[i01 + c]! + (data[i11 + c]! - data[i01 + c]!) * fx;
        out[o + c] = top + (bottom - top) * fy;
      }
      out[o + 3] = 255;
    }
  }
  return { data: out, width, height };
}

/** The frame made level for OCR, or null when it already is (within MIN_SKEW_DEGREES). */
export function deskew(p: Pixels): { pixels: Pixels; degrees: number } | null {
  const degrees = skewAngle(p);
  if (Math.abs(degrees) < MIN_SKEW_DEGREES) return null;
  return { pixels: rotatePixels(p, degrees), degrees };
}
