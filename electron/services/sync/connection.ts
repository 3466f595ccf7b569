/**
 * Where the shared server is and how to reach it: a standard connection URL (CLI) or the fields of
 * 設定 → 複数の窓口で使う (app). Turns the driver's failures into messages a clerk can act on.
 */
import fs from 'node:fs';
import type pg from 'pg';
import { UserError } from '../errors';
import { ServerTooNew } from './serverSchema';

export interface ServerSettings {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  /** off: a server on this PC or a trusted LAN; require: encrypted; verify-full: encrypted and the server's certificate checked against caFile. */
  tls: 'off' | 'require' | 'verify-full';
  caFile?: string | undefined;
}

// A desk waits this long for the server before it says 接続できません; the scan never waits for it.
const CONNECT_TIMEOUT_MS = 5_000;

export function clientConfig(s: ServerSettings): pg.ClientConfig {
  let ssl: pg.ClientConfig['ssl'] = false;
  if (s.tls === 'require') ssl = { rejectUnauthorized: false };
  if (s.tls === 'verify-full') {
    if (!s.caFile) throw new UserError('verify-full にはサーバー証明書のCAファイルを指定してください。');
    let ca: string;
    try {
      ca = fs.readFileSync(s.caFile, 'utf8');
    } catch {
      throw new UserError(`CAファイルを読めません: ${s.caFile}`);
    }
    ssl = { rejectUnauthorized: true, ca };
  }
  return {
    host: s.host,
    port: s.port,
    database: s.database,
    user: s.user,
    password: s.password,
    ssl,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: 'kubaru',
  };
}

/** A URL as the CLI takes it (postgresql://user:password@host:port/db?sslmode=…); the password may come from PGPASSWORD. */
export function urlConfig(url: string): pg.ClientConfig {
  if (!/^postgres(ql)?:\/\//.test(url)) throw new UserError('--server は postgresql://ユーザー@ホスト:ポート/データベース の形で指定してください。');
  return { connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, application_name: 'kubaru' };
}

/** The clerk's words for what went wrong with the server; never includes the password. */
export function serverErrorMessage(e: unknown): string {
  if (e instanceof UserError) return e.message;
  if (e instanceof ServerTooNew) return 'サーバーのデータは新しいバージョンのKubaruで作られています。この窓口のKubaruを更新してください。';
  const err = e as { code?: string; message?: string };
  switch (err.code) {
    case '28P01':
    case '28000':
      return 'サーバーがログインを拒否しました。ユーザー名とパスワードを確認してください。';
    case '3D000':
      return 'サーバーに指定のデータベースがありません。データベース名を確認してください。';
    case '42501':
      return 'サーバーのデータベースに書き込む権限がありません。データベースの所有者のユーザーで接続してください。';
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EHOSTUNREACH':
    case 'ETIMEDOUT':
    case 'ECONNRESET':
    case '57P01': // admin_shutdown
    case '57P03': // cannot_connect_now (starting up)
      return 'サーバーに接続できません。ネットワークとサーバーの設定を確認してください。';
    default:
      if (/timeout|terminated|Connection/i.test(err.message ?? '')) return 'サーバーに接続できません。ネットワークとサーバーの設定を確認してください。';
      if (/SSL|certificate/i.test(err.message ?? '')) return 'サーバーとの暗号化接続（TLS）を確立できません。TLSの設定と証明書を確認してください。';
      return 'サーバーとの同期に失敗しました。しばらくしてからもう一度お試しください。';
  }
}
