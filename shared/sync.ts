/** 複数の窓口 (one campaign shared by several desks through PostgreSQL): what the screens show and send. */
import { z } from 'zod';

export const TLS_MODES = ['off', 'require', 'verify-full'] as const;
export type TlsMode = (typeof TLS_MODES)[number];

/** The header's sync state. */
export interface SyncView {
  configured: boolean;
  /** Records of this desk not yet on the server. */
  pending: number;
  /** 二重配付の可能性 known to this desk. */
  conflicts: number;
  lastSyncAt: string | null;
  /** Since when the server could not be reached, null while it can. */
  offlineSince: string | null;
  error: string | null;
  running: boolean;
  /** Another desk finished the campaign (配付業務の完了): this desk waits for its clerk to confirm. */
  finished: { at: string; by: string } | null;
}

/** 設定 → 複数の窓口で使う, as shown: the password itself never comes back to the screen. */
export interface SyncSettingsView {
  host: string;
  port: number;
  database: string;
  user: string;
  hasPassword: boolean;
  tls: TlsMode;
  caFile: string;
  deskName: string;
}

export interface SyncConflictView {
  envelopeId: number;
  holderName: string;
  symbol: string;
  number: string;
  first: { desk: string; operator: string; at: string };
  second: { desk: string; operator: string; at: string };
}

export const syncSettingsSchema = z
  .strictObject({
    host: z.string().trim().max(255),
    port: z.int({ error: 'ポート番号は数字で入力してください' }).min(1).max(65535),
    database: z.string().trim().max(63),
    user: z.string().trim().max(63),
    /** Empty: keep the stored one. */
    password: z.string().max(200),
    tls: z.enum(TLS_MODES),
    caFile: z.string().trim().max(1000),
    deskName: z.string().trim().max(50),
  })
  .refine((s) => s.host === '' || (s.database !== '' && s.user !== ''), { error: 'データベース名とユーザー名を入力してください' })
  .refine((s) => s.tls !== 'verify-full' || s.caFile !== '', { error: 'verify-full にはCAファイルを指定してください' });
export type SyncSettingsInput = z.output<typeof syncSettingsSchema>;
