/**
 * `sync --db FILE --server URL [--json]`: one sync of this database with the shared PostgreSQL server.
 *   {"ok":true,"pushed":N,"pulled":N,"conflicts":N}
 * The password comes from the URL or PGPASSWORD. A server that cannot be reached or refuses the login:
 * exit 1 and {"ok":false,"error":"…"}; the local database is left as it was (nothing is written before
 * the server answered). An empty --db joins the campaign: it pulls everything.
 */
import { parseArgs } from 'node:util';
import { openDatabase } from '../services/db/open';
import { createContext } from '../services/context';
import { isUserError } from '../services/errors';
import { syncOnce } from '../services/sync/engine';
import { serverErrorMessage, urlConfig } from '../services/sync/connection';
import type { CliIO } from './run';

const USAGE = '使い方: npm run --silent cli -- sync --db FILE --server postgresql://ユーザー@ホスト:ポート/データベース [--json]';

export async function runSyncCli(argv: string[], io: CliIO): Promise<number> {
  const json = argv.includes('--json');
  const fail = (message: string): number => {
    io.out(JSON.stringify({ ok: false, error: message }));
    if (!json) io.err(message);
    return 1;
  };
  let values: { db?: string | undefined; server?: string | undefined };
  try {
    values = parseArgs({
      args: argv,
      options: { db: { type: 'string' }, server: { type: 'string' }, json: { type: 'boolean' } },
      strict: true,
    }).values;
  } catch (e) {
    return fail(`${(e as Error).message}\n${USAGE}`);
  }
  if (!values.db) return fail(`--db FILE を指定してください\n${USAGE}`);
  if (!values.server) return fail(`--server を指定してください\n${USAGE}`);
  let config;
  let db;
  try {
    config = urlConfig(values.server);
    db = openDatabase(values.db);
  } catch (e) {
    return fail(isUserError(e) ? e.message : `予期しないエラー: ${(e as Error).message}`);
  }
  try {
    const r = await syncOnce(createContext(db), config);
    if (r.finished) {
      return fail(`配付業務は別の窓口で完了しています（${r.finished.at} ${r.finished.by}）。アプリの設定で確認してから、この窓口のデータを削除してください。`);
    }
    const out = { ok: true, pushed: r.pushed, pulled: r.pulled, conflicts: r.conflicts };
    io.out(json ? JSON.stringify(out) : `同期しました: 送信 ${r.pushed}件、受信 ${r.pulled}件、二重配付の可能性 ${r.conflicts}件`);
    return 0;
  } catch (e) {
    return fail(serverErrorMessage(e));
  } finally {
    db.close();
  }
}
