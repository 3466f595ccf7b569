import { describe, expect, it } from 'vitest';
import type { Pixels } from './cameraRead';
import { deskew, MIN_SKEW_DEGREES, rotatePixels, skewAngle } from './deskew';

/** A level page of "print": rows of dark word blocks of uneven length on light paper, a grey desk around it. */
function page(width = 480, height = 360): Pixels {
  const data = new Uint8ClampedArray(width * height * 4);
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const paper = x > 60 && x < width - 60 && y > 60 && y < height - 60;
      data.set(paper ? [243, 239, 230, 255] : [138, 141, 145, 255], (y * width + x) * 4);
    }
  }
  for (let row = 0; row < 6; row++) {
    const top = 90 + row * 32;
    for (let x = 80; x < width - 100; ) {
      const word = 10 + Math.floor(rnd() * 50);
      for (let y = top; y < top + 12; y++) for (let i = x; i < Math.min(x + word, width - 80); i++) if (rnd() > 0.3) data.set([34, 34, 34, 255], (y * width + i) * 4);
      x += word + 8;
    }
  }
  return { data, width, height };
}

/** The page as held: turned clockwise on screen by `degrees`. */
const held = (degrees: number) => rotatePixels(page(), -degrees);

describe('deskew: the tilt of a hand-held window', () => {
  it('finds the tilt of the print to within half a degree, both ways', () => {
    for (const tilt of [-9, -7, -5, -3, 2, 4, 6, 8]) expect(Math.abs(skewAngle(held(tilt)) - tilt)).toBeLessThanOrEqual(0.5);
  });

  it('leaves a level page, or a frame with no print, as it is', () => {
    expect(skewAngle(page())).toBe(0);
    expect(deskew(page())).toBeNull();
    const desk: Pixels = { data: new Uint8ClampedArray(320 * 240 * 4).fill(140), width: 320, height: 240 };
    expect(skewAngle(desk)).toBe(0);
    expect(deskew(desk)).toBeNull();
  });

  it('turns a tilted frame level: measured again, what is left is below the threshold', () => {
    const r = deskew(held(-6));
    expect(r).not.toBeNull();
    expect(r!.degrees).toBeCloseTo(-6, 0);
    expect(r!.pixels.width).toBe(480);
    expect(Math.abs(skewAngle(r!.pixels))).toBeLessThan(MIN_SKEW_DEGREES);
  });
});
