import type { AppSettings, Settings } from '../../shared/domain';
import type { ServiceContext } from './context';
import { prepareCached } from './db/open';

function readMeta(ctx: ServiceContext, key: string): string | null {
  const row = prepareCached(ctx.db, 'SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

function writeMeta(ctx: ServiceContext, key: string, value: string): void {
  prepareCached(ctx.db, 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
    .run(key, value);
}

export function getSettings(ctx: ServiceContext): AppSettings {
  return {
    companyName: readMeta(ctx, 'company_name'),
    operatorName: readMeta(ctx, 'operator_name'),
    deviceId: deviceId(ctx),
  };
}

export function saveSettings(ctx: ServiceContext, input: Settings): AppSettings {
  ctx.db.transaction(() => {
    writeMeta(ctx, 'company_name', input.companyName);
    writeMeta(ctx, 'operator_name', input.operatorName);
  }).immediate();
  return getSettings(ctx);
}

/** The PC that writes events; made once with the database. */
export function deviceId(ctx: ServiceContext): string {
  const id = readMeta(ctx, 'device_id');
  if (!id) throw new Error('device_id missing from meta');
  return id;
}

/** Who is recorded on events; the CLI may pass its own. */
export function operatorName(ctx: ServiceContext): string {
  return readMeta(ctx, 'operator_name') ?? '';
}
