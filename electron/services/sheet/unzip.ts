// Inflating an xlsx with Node's zlib before SheetJS sees it. SheetJS's own JavaScript inflate
// loops forever on some damaged deflate streams (a frozen app for the clerk) and trusts the
// sizes the zip declares (a zip bomb). zlib fails cleanly and enforces a real output limit;
// SheetJS then parses the inflated parts as they are.

import { inflateRawSync } from 'node:zlib';
import { ImportError, MSG_UNREADABLE } from './errors';
import { MAX_ZIP_PARTS } from './limits';

/** Unused room left in a part's buffer without copying it; copying a large part would hold it twice. */
const SLACK_BYTES = 4096;

export const MSG_TOO_LARGE_INSIDE = 'ファイルの中身が大きすぎて読めません。送付対象者リストのファイルか確認してください';
export const MSG_TOO_MANY_PARTS = `ファイルの中の部品が多すぎて読めません（${MAX_ZIP_PARTS.toLocaleString('ja-JP')}個まで）。送付対象者リストのファイルか確認してください`;

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
    // One output chunk of the declared size (when it is honest) spares zlib a concatenation,
    // which would briefly hold the largest part twice.
    const chunkSize = Math.min(Math.max(e.size + 64, 64 * 1024), Math.max(64 * 1024, budget));
    const out = inflateRawSync(data, { maxOutputLength: Math.max(1, budget), chunkSize });
    // zlib hands back a view of its whole output chunk: a part of a few bytes would keep 64 KB alive, and
    // thousands of tiny parts would hold hundreds of MB past the limit below, which counts only lengths.
    return out.buffer.byteLength - out.length > SLACK_BYTES ? new Uint8Array(out) : out;
  } catch (err) {
    if (err instanceof RangeError || (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new ImportError(MSG_TOO_LARGE_INSIDE);
    }
    throw new ImportError(MSG_UNREADABLE);
  }
}

export interface ZipPart {
  name: string;
  data: Uint8Array;
}

/**
 * Every part of the archive, inflated. Throws ImportError for damaged data or when the parts
 * inflate beyond maxBytes, whatever sizes the archive claims.
 */
export function inflateParts(b: Uint8Array, dir: ZipDirectory, maxBytes: number): ZipPart[] {
  const parts: ZipPart[] = [];
  let total = 0;
  dir.entries.forEach((e, i) => {
    const data = inflateEntry(b, e, maxBytes - total);
    total += data.length;
    if (total > maxBytes) throw new ImportError(MSG_TOO_LARGE_INSIDE);
    parts.push({ name: dir.names[i] ?? '', data });
  });
  return parts;
}
