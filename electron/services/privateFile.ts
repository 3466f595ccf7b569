import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Writes a file that holds names (a report, a printed sheet) readable by the user only where the OS allows
 * (0600; Windows keeps the folder's ACL). Temp file beside the target, flushed, then renamed over it: a crash
 * or a full disk leaves the previous file (or none), never half a report that someone might send on.
 * Throws the file system's own error; callers put it in the clerk's words.
 */
export function writePrivateFile(outPath: string, bytes: Uint8Array): void {
  const tmp = path.join(path.dirname(outPath), `.${path.basename(outPath)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | null = null;
  try {
    fd = fs.openSync(tmp, 'wx', 0o600);
    let off = 0;
    while (off < bytes.byteLength) off += fs.writeSync(fd, bytes, off, bytes.byteLength - off);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    fs.renameSync(tmp, outPath);
  } catch (e) {
    if (fd !== null) {
      try {
        fs.closeSync(fd);
      } catch {
        /* already failing; the original error is the one to report */
      }
    }
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}
