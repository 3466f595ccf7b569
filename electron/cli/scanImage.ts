/**
 * `scan-image FILE`: the answer of `scan` for a photo read by the camera's readers (barcode, else OCR of the
 * window matched against the list), plus `read` (what was read).
 */
import { createImageReader } from '../services/camera/readImage';
import { scan } from '../services/handover/scan';
import { operatorOption, type AsyncCliCommand } from './command';
import { readInputFile } from './files';
import { scanOutput } from './scan';

export const scanImageCommand: AsyncCliCommand = {
  options: { operator: { type: 'string' } },
  run: async (ctx, positionals, values) => {
    const bytes = readInputFile(positionals[0], '写真のファイルを指定してください: scan-image FILE --db DB');
    const operator = operatorOption(values);
    const reader = createImageReader();
    try {
      const read = await reader.read(bytes);
      const out = scanOutput(scan(ctx, read.text, { operator, via: read.via }));
      return { json: { ...(out.json as object), read: read.text }, text: `${out.text}（読み取り: ${read.text}）` };
    } finally {
      await reader.close();
    }
  },
};
