import { describe, expect, it } from 'vitest';
import { inflateRawSync } from 'node:zlib';
import { inflateParts, readZipDirectory } from './unzip';
import { ImportError } from './errors';
import { zip } from '../../../test/zipWriter';

const text = (s: string) => new TextEncoder().encode(s);

describe('readZipDirectory', () => {
  it('lists the parts and their declared sizes', () => {
    const dir = readZipDirectory(zip([{ name: '[Content_Types].xml', data: text('<Types/>') }, { name: 'xl/workbook.xml', data: text('<workbook/>') }]));
    expect(dir?.names).toEqual(['[Content_Types].xml', 'xl/workbook.xml']);
    expect(dir?.size).toBe(8 + 11);
  });

  it('gives null for a truncated archive', () => {
    const bytes = zip([{ name: 'a.xml', data: text('<a/>') }]);
    expect(readZipDirectory(bytes.subarray(0, bytes.length - 10))).toBeNull();
  });
});

describe('inflateParts', () => {
  it('inflates every part', () => {
    const parts = [
      { name: '[Content_Types].xml', data: text('<Types/>') },
      { name: 'xl/worksheets/sheet1.xml', data: text('<sheetData>髙橋</sheetData>'.repeat(100)) },
    ];
    const src = zip(parts);
    const out = inflateParts(src, readZipDirectory(src)!, 1 << 20);
    expect(out.map((p) => [p.name, Buffer.from(p.data).toString()])).toEqual(parts.map((p) => [p.name, Buffer.from(p.data).toString()]));
  });

  it('keeps each tiny part in a buffer of its own size, not in a 64 KB zlib chunk', () => {
    const parts = Array.from({ length: 1000 }, (_, i) => ({ name: `xl/p${i}.xml`, data: text(`<a>${i}</a>`) }));
    const src = zip(parts);
    const out = inflateParts(src, readZipDirectory(src)!, 1 << 20);
    expect(Buffer.from(out[999]!.data).toString()).toBe('<a>999</a>');
    const held = out.reduce((n, p) => n + p.data.buffer.byteLength, 0);
    // Before: 1,000 × 64 KB = 64 MB held for 10 KB of data.
    expect(held).toBeLessThan(1024 * 1024);
  });

  it('stops a zip bomb that lies about its sizes', () => {
    const src = zip([{ name: 'xl/worksheets/sheet1.xml', data: new Uint8Array(4 << 20), size: 100 }]);
    const dir = readZipDirectory(src)!;
    expect(dir.size).toBe(100);
    expect(() => inflateParts(src, dir, 1 << 20)).toThrow(/大きすぎ/);
  });

  it('refuses damaged compressed data with ImportError instead of looping', () => {
    const src = zip([{ name: 'xl/worksheets/sheet1.xml', data: text('<row><c>1</c></row>'.repeat(5000)) }]);
    const dir = readZipDirectory(src)!;
    const e = dir.entries[0]!;
    const start = e.localOffset + 30 + e.name.length;
    for (let i = 0; i < 40; i++) {
      const k = start + 5 + i * 3;
      src[k] = (src[k] ?? 0) ^ 0xa5;
    }
    let error: unknown = null;
    try {
      inflateRawSync(src.subarray(start, start + e.compressedSize));
    } catch (err) {
      error = err;
    }
    expect(error).not.toBeNull(); // the corruption is real
    expect(() => inflateParts(src, dir, 1 << 20)).toThrow(ImportError);
  });
});
