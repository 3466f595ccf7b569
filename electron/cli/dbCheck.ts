/**
 * `db check FILE`: would the app accept this database file? The same check as reading a file in from another
 * PC or restoring a backup (storage/copy.ts inspectCopy): not damaged, made by Kubaru and not by a newer one,
 * its schema exactly the app's own. The file is opened read-only and never changed.
 */
import fs from 'node:fs';
import { UserError } from '../services/errors';
import { inspectCopy } from '../services/storage/copy';
import type { CliCommand } from './command';

/** A command about a database file itself: it gets no --db and opens (or refuses) the file on its own. */
export interface CliFileCommand {
  options: CliCommand['options'];
  runOnFile: (positionals: string[], values: Parameters<CliCommand['run']>[2]) => { json: unknown; text: string };
}

const USAGE = 'データベースファイルを指定してください: db check FILE [--json]';

export const dbCommand: CliFileCommand = {
  options: {},
  runOnFile: (positionals) => {
    const [sub, file, ...extra] = positionals;
    if (sub !== 'check' || !file || extra.length) throw new UserError(USAGE);
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new UserError(`ファイルが見つかりません: ${file}`);
    const facts = inspectCopy(file);
    return {
      json: { ok: true, userVersion: facts.userVersion, envelopes: facts.envelopes },
      text: `Kubaruのデータファイルとして使えます（形式 ${facts.userVersion}、封筒 ${facts.envelopes}通）。`,
    };
  },
};
