import fs from 'node:fs';
import { MAX_LIST_BYTES, MAX_LIST_MB } from '../../shared/lists';
import { UserError } from '../services/errors';

/** Reads a list or roster file after checking it exists and is not too large to read into memory at all. */
export function readInputFile(file: string | undefined, usage: string): Uint8Array {
  if (!file) throw new UserError(usage);
  let size: number;
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) throw new UserError(`ファイルではありません: ${file}`);
    size = st.size;
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`ファイルが見つかりません: ${file}`);
  }
  if (size > MAX_LIST_BYTES) throw new UserError(`ファイルが大きすぎます（${MAX_LIST_MB}MBまで）: ${file}`);
  return new Uint8Array(fs.readFileSync(file));
}
