import { describe, expect, it } from 'vitest';
import { encodeCp932 } from './cp932';

const decode = (b: Uint8Array) => new TextDecoder('shift_jis', { fatal: true }).decode(b);
const bytesOf = (s: string) => {
  const r = encodeCp932([s]);
  if (!('bytes' in r)) throw new Error(`cannot encode ${r.unencodable.char}`);
  return [...r.bytes];
};

describe('encodeCp932', () => {
  it('every character the Shift_JIS decoder yields is written back to bytes that decode to it', () => {
    const chars = new Set<string>();
    for (let lead = 0x81; lead <= 0xfc; lead++) {
      if (lead >= 0xa0 && lead <= 0xdf) continue;
      for (let trail = 0x40; trail <= 0xfc; trail++) {
        const s = new TextDecoder('shift_jis').decode(new Uint8Array([lead, trail]));
        if (s.length === 1 && s !== '\uFFFD') chars.add(s);
      }
    }
    expect(chars.size).toBeGreaterThan(7000);
    const text = [...chars].join('') + 'ABC 123 ｱｲｳﾞ';
    const r = encodeCp932([text]);
    expect('bytes' in r && decode(r.bytes)).toBe(text);
  });

  it('writes what Windows writes: IBM extensions, JIS row 2 before NEC row 13, half-width kana in one byte', () => {
    expect(bytesOf('髙')).toEqual([0xfb, 0xfc]);
    expect(bytesOf('∵')).toEqual([0x81, 0xe6]);
    expect(bytesOf('①㈱')).toEqual([0x87, 0x40, 0x87, 0x8a]);
    expect(bytesOf('ｱ')).toEqual([0xb1]);
    expect(bytesOf('−')).toEqual([0x81, 0x7c]); // U+2212 as the full-width hyphen-minus
  });

  it('names the first character it cannot write and the string it is in', () => {
    expect(encodeCp932(['山田', '𠮷田', 'é'])).toEqual({ unencodable: { char: '𠮷', index: 1 } });
    expect(encodeCp932(['😀'])).toEqual({ unencodable: { char: '😀', index: 0 } });
  });
});
