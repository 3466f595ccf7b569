/** The CLI's commands by name: a registry only, one file per command. */
import type { AsyncCliCommand, CliCommand } from './command';
import { dbCommand, type CliFileCommand } from './dbCheck';
import { exportCommand } from './export';
import { importCommand } from './import';
import { rosterCommand } from './roster';
import { scanCommand } from './scan';
import { scanImageCommand } from './scanImage';
import { statusCommand } from './status';

export const COMMANDS = {
  status: statusCommand,
  import: importCommand,
  scan: scanCommand,
  'scan-image': scanImageCommand,
  roster: rosterCommand,
  export: exportCommand,
  db: dbCommand,
} satisfies Record<string, CliCommand | AsyncCliCommand | CliFileCommand>;
