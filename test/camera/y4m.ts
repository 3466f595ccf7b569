/**
 * A Y4M video (YUV4MPEG2, 4:2:0) for Chromium's fake camera, written from RGBA pictures: a header line, then
 * per frame `FRAME\n` and the Y, U and V planes. Written here because CI has no ImageMagick or ffmpeg.
 */
import fs from 'node:fs';
import { PNG } from 'pngjs';

export interface Still {
  png: Buffer;
  /** How many frames the picture stays in front of the camera. */
  frames: number;
}

/** BT.601 studio range, as Chromium's Y4M reader expects (C420jpeg: chroma sited between the pixels). */
function toI420(rgba: Uint8Array, width: number, height: number): Buffer {
  const ySize = width * height;
  const cw = width >> 1;
  const ch = height >> 1;
  const out = Buffer.alloc(ySize + 2 * cw * ch);
  for (let i = 0, p = 0; i < ySize; i++, p += 4) {
    out[i] = Math.round(16 + (65.738 * rgba[p]! + 129.057 * rgba[p + 1]! + 25.064 * rgba[p + 2]!) / 256);
  }
  for (let y = 0; y < ch; y++) {
    for (let x = 0; x < cw; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]] as const) {
        const p = ((2 * y + dy) * width + 2 * x + dx) * 4;
        r += rgba[p]!;
        g += rgba[p + 1]!;
        b += rgba[p + 2]!;
      }
      r /= 4;
      g /= 4;
      b /= 4;
      out[ySize + y * cw + x] = Math.round(128 + (-37.945 * r - 74.494 * g + 112.439 * b) / 256);
      out[ySize + cw * ch + y * cw + x] = Math.round(128 + (112.439 * r - 94.154 * g - 18.285 * b) / 256);
    }
  }
  return out;
}

/** Writes the stills in order (Chromium loops the file). All stills must share one even size. */
export function writeY4m(file: string, stills: Still[], fps: number): void {
  const first = PNG.sync.read(stills[0]!.png);
  const { width, height } = first;
  if (width % 2 || height % 2) throw new Error('Y4M 4:2:0 needs an even width and height');
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, `YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`);
    for (const s of stills) {
      const img = PNG.sync.read(s.png);
      if (img.width !== width || img.height !== height) throw new Error('every still must have the same size');
      const frame = Buffer.concat([Buffer.from('FRAME\n'), toI420(img.data, width, height)]);
      for (let i = 0; i < s.frames; i++) fs.writeSync(fd, frame);
    }
  } finally {
    fs.closeSync(fd);
  }
}
