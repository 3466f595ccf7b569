/**
 * 設定 → 複数の窓口で使う: where the server is. The password is stored only encrypted by the capability the
 * shell provides (Electron safeStorage: DPAPI on Windows, the Keychain on macOS); services never see how.
 */
import type pg from 'pg';
import type { SyncSettingsInput, SyncSettingsView, TlsMode } from '../../../shared/sync';
import type { ServiceContext } from '../context';
import { UserError } from '../errors';
import { clientConfig } from './connection';
import { readSync, writeSync } from './state';

interface StoredServer {
  host: string;
  port: number;
  database: string;
  user: string;
  passwordEncrypted: string;
  tls: TlsMode;
  caFile: string;
}

function stored(ctx: ServiceContext): StoredServer | null {
  const raw = readSync(ctx.db, 'server');
  return raw ? (JSON.parse(raw) as StoredServer) : null;
}

export function getSyncSettings(ctx: ServiceContext): SyncSettingsView {
  const s = stored(ctx);
  return {
    host: s?.host ?? '',
    port: s?.port ?? 5432,
    database: s?.database ?? '',
    user: s?.user ?? '',
    hasPassword: !!s?.passwordEncrypted,
    tls: s?.tls ?? 'require',
    caFile: s?.caFile ?? '',
    deskName: readSync(ctx.db, 'desk_name') ?? '',
  };
}

/** An empty host: this desk works alone again (the server's data stays for the other desks). */
export function saveSyncSettings(ctx: ServiceContext, input: SyncSettingsInput): SyncSettingsView {
  const previous = stored(ctx);
  let passwordEncrypted = previous?.passwordEncrypted ?? '';
  if (input.password !== '') {
    if (!ctx.secrets?.available()) throw new UserError('このパソコンではパスワードを安全に保存できません（OSの資格情報の保管が使えません）。');
    passwordEncrypted = ctx.secrets.encrypt(input.password);
  }
  ctx.db.transaction(() => {
    writeSync(ctx.db, 'desk_name', input.deskName || null);
    if (input.host === '') {
      writeSync(ctx.db, 'server', null);
      return;
    }
    const server: StoredServer = {
      host: input.host,
      port: input.port,
      database: input.database,
      user: input.user,
      passwordEncrypted,
      tls: input.tls,
      caFile: input.caFile,
    };
    writeSync(ctx.db, 'server', JSON.stringify(server));
  })();
  return getSyncSettings(ctx);
}

/** The connection to use now, or null while this desk works alone. */
export function serverConfig(ctx: ServiceContext): pg.ClientConfig | null {
  const s = stored(ctx);
  if (!s) return null;
  const password = s.passwordEncrypted && ctx.secrets ? ctx.secrets.decrypt(s.passwordEncrypted) : '';
  return clientConfig({ ...s, password, caFile: s.caFile || undefined });
}
