import { describe, expect, it } from 'vitest';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { inflateParts, readZipDirectory } from './unzip';
import { ImportError } from './errors';

interface Part {
  name: string;
  data: Uint8Array;
  /** size written into the headers, to fake a zip that lies */
  claimedSize?: number;
}

/** A minimal zip writer (deflate only), enough to build archives SheetJS or a zip bomb would. */
function zip(parts: Part[]): Uint8Array {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, 'latin1');
    const body = deflateRawSync(p.data);
    const size = p.claimedSize ?? p.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    chunks.push(local, name, body);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(8, 10);
    cd.writeUInt32LE(body.length, 20);
    cd.writeUInt32LE(size, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, name);
    offset += 30 + name.length + body.length;
  }
  const cdBuf = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cdBuf.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...chunks, cdBuf, end]));
}

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

  it('stops a zip bomb that lies about its sizes', () => {
    const src = zip([{ name: 'xl/worksheets/sheet1.xml', data: new Uint8Array(4 << 20), claimedSize: 100 }]);
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
