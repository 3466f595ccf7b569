/**
 * What the job worker can run: the long services, each called exactly as on the main thread, with a
 * context whose database is the worker's own connection to the same file.
 */
import type { JobKind } from '../../../shared/jobs';
import type { CsvEncoding, Era } from '../../../shared/report';
import type { BackupReason } from '../../../shared/storage';
import type { ServiceContext } from '../context';
import { commitImport, importFile, previewImport, type CommitInput, type PreviewInput } from '../lists/importList';
import type { EnvelopeUnit } from '../../../shared/domain';
import { writeReport, type ReportFormat } from '../report/write';
import { createBackup } from '../storage/backups';
import { stageReplacement, writeDatabaseCopy } from '../storage/host';
import { finishCampaign, purgeCampaign } from '../campaign/finish';

export const TASKS = {
  previewImport: (ctx: ServiceContext, arg: PreviewInput) => previewImport(ctx, arg),
  commitImport: (ctx: ServiceContext, arg: CommitInput) => commitImport(ctx, arg),
  importFile: (ctx: ServiceContext, arg: { bytes: Uint8Array; fileName: string; insurerName?: string | undefined; unit?: EnvelopeUnit | undefined }) =>
    importFile(ctx, arg.bytes, arg.fileName, { insurerName: arg.insurerName, unit: arg.unit }),
  writeReport: (ctx: ServiceContext, arg: { target: string; era: Era; format: ReportFormat; csvEncoding?: CsvEncoding | undefined }) =>
    writeReport(ctx, arg.target, { era: arg.era, format: arg.format, ...(arg.csvEncoding ? { csvEncoding: arg.csvEncoding } : {}) }),
  createBackup: (ctx: ServiceContext, arg: { reason: BackupReason }) => createBackup(ctx, arg.reason),
  exportDatabase: (ctx: ServiceContext, arg: { target: string }) => writeDatabaseCopy(ctx, arg.target),
  restoreBackup: (ctx: ServiceContext, arg: { source: string; keepCurrent: boolean }) => stageReplacement(ctx, arg.source, arg.keepCurrent),
  importDatabase: (ctx: ServiceContext, arg: { source: string; keepCurrent: boolean }) => stageReplacement(ctx, arg.source, arg.keepCurrent),
  finishCampaign: (ctx: ServiceContext, arg: { confirmation: string }) => finishCampaign(ctx, arg.confirmation),
  confirmRemoteFinish: (ctx: ServiceContext, arg: { exportedAt: string; fileName: string }) => purgeCampaign(ctx, arg),
} satisfies Record<JobKind, (ctx: ServiceContext, arg: never) => unknown>;

export type JobArg<K extends JobKind> = Parameters<(typeof TASKS)[K]>[1];
export type JobResult<K extends JobKind> = Awaited<ReturnType<(typeof TASKS)[K]>>;
