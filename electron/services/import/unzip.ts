// Inflating an xlsx with Node's zlib before SheetJS sees it. SheetJS's own JavaScript inflate
// loops forever on some damaged deflate streams (a frozen app for the clerk) and trusts the
// sizes the zip declares (a zip bomb). zlib fails cleanly, enforces a real output limit and is
// faster. SheetJS then reads the same parts from an uncompressed ("stored") zip.

import { crc32, inflateRawSync } from 'node:zlib';
import { ImportError, MSG_UNREADABLE } from './errors';

export const MSG_TOO_LARGE_INSIDE = 'ファイルの中身が大きすぎて読めません。送付対象者リストのファイルか確認してください';

interface Entry {
  name: Uint8Array;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

export interface ZipDirectory {
  /** total uncompressed size the entries declare */
  size: number;
  names: string[];
  entries: Entry[];
}

function u16(b: Uint8Array, p: number): number {
  return (b[p] ?? 0) | ((b[p + 1] ?? 0) << 8);
}
function u32(b: Uint8Array, p: number): number {
  return (u16(b, p) + u16(b, p + 2) * 0x10000) >>> 0;
}

/** The central directory of a zip; null when it is missing or broken (a truncated download) or ZIP64. */
export function readZipDirectory(b: Uint8Array): ZipDirectory | null {
  const last = b.length - 22;
  const first = Math.max(0, last - 65535);
  let eocd = -1;
  for (let i = last; i >= first; i--) {
    if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 0x05 && b[i + 3] === 0x06) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = u16(b, eocd + 10);
  const cdSize = u32(b, eocd + 12);
  const cdOffset = u32(b, eocd + 16);
  // ZIP64 markers: no list needs 4 GB or 65535 parts
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) return null;
  if (cdOffset + cdSize > eocd) return null;
  const latin1 = new TextDecoder('latin1');
  const entries: Entry[] = [];
  const names: string[] = [];
  let p = cdOffset;
  let size = 0;
  for (let k = 0; k < count; k++) {
    if (p + 46 > eocd || u32(b, p) !== 0x02014b50) return null;
    const nameLen = u16(b, p + 28);
    const entry: Entry = {
      method: u16(b, p + 10),
      compressedSize: u32(b, p + 20),
      size: u32(b, p + 24),
      name: b.subarray(p + 46, p + 46 + nameLen),
      localOffset: u32(b, p + 42),
    };
    if (entry.size === 0xffffffff || entry.compressedSize === 0xffffffff) return null;
    size += entry.size;
    entries.push(entry);
    names.push(latin1.decode(entry.name));
    p += 46 + nameLen + u16(b, p + 30) + u16(b, p + 32);
  }
  return { size, names, entries };
}

function inflateEntry(b: Uint8Array, e: Entry, budget: number): Uint8Array {
  const h = e.localOffset;
  if (h + 30 > b.length || u32(b, h) !== 0x04034b50) throw new ImportError(MSG_UNREADABLE);
  const start = h + 30 + u16(b, h + 26) + u16(b, h + 28);
  const end = start + e.compressedSize;
  if (end > b.length) throw new ImportError(MSG_UNREADABLE);
  const data = b.subarray(start, end);
  if (e.method === 0) return data;
  if (e.method !== 8) throw new ImportError(MSG_UNREADABLE);
  try {
    return inflateRawSync(data, { maxOutputLength: Math.max(1, budget) });
  } catch (err) {
    if (err instanceof RangeError || (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new ImportError(MSG_TOO_LARGE_INSIDE);
    }
    throw new ImportError(MSG_UNREADABLE);
  }
}

/**
 * The same archive with every part stored uncompressed. Throws ImportError for damaged data or
 * when the parts inflate beyond maxBytes, whatever sizes the archive claims.
 */
export function storeUncompressed(b: Uint8Array, dir: ZipDirectory, maxBytes: number): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  for (const e of dir.entries) {
    const data = inflateEntry(b, e, maxBytes - total);
    total += data.length;
    if (total > maxBytes) throw new ImportError(MSG_TOO_LARGE_INSIDE);
    parts.push(data);
  }
  let outSize = 22;
  dir.entries.forEach((e, i) => {
    outSize += 30 + 46 + 2 * e.name.length + (parts[i]?.length ?? 0);
  });
  const out = new Uint8Array(outSize);
  const view = new DataView(out.buffer);
  const crcs = parts.map((d) => crc32(d));
  let p = 0;
  const offsets: number[] = [];
  dir.entries.forEach((e, i) => {
    const data = parts[i] as Uint8Array;
    offsets.push(p);
    view.setUint32(p, 0x04034b50, true);
    view.setUint16(p + 4, 20, true); // version needed
    view.setUint16(p + 6, 0, true); // flags
    view.setUint16(p + 8, 0, true); // stored
    view.setUint32(p + 14, crcs[i] ?? 0, true);
    view.setUint32(p + 18, data.length, true);
    view.setUint32(p + 22, data.length, true);
    view.setUint16(p + 26, e.name.length, true);
    out.set(e.name, p + 30);
    out.set(data, p + 30 + e.name.length);
    p += 30 + e.name.length + data.length;
    parts[i] = new Uint8Array(0); // let the inflated copy go
  });
  const cdStart = p;
  dir.entries.forEach((e, i) => {
    const size = u32(out, (offsets[i] ?? 0) + 18);
    view.setUint32(p, 0x02014b50, true);
    view.setUint16(p + 4, 20, true);
    view.setUint16(p + 6, 20, true);
    view.setUint32(p + 16, crcs[i] ?? 0, true);
    view.setUint32(p + 20, size, true);
    view.setUint32(p + 24, size, true);
    view.setUint16(p + 28, e.name.length, true);
    view.setUint32(p + 42, offsets[i] ?? 0, true);
    out.set(e.name, p + 46);
    p += 46 + e.name.length;
  });
  view.setUint32(p, 0x06054b50, true);
  view.setUint16(p + 8, dir.entries.length, true);
  view.setUint16(p + 10, dir.entries.length, true);
  view.setUint32(p + 12, p - cdStart, true);
  view.setUint32(p + 16, cdStart, true);
  return out;
}
