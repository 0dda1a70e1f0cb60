import type { Command } from '../command.js';
import { copyCommand } from './copy.js';
import { encryptCommand } from './encrypt.js';
import { exportCommand } from './export.js';
import { importCommand } from './import.js';
import { listCommand } from './list.js';
import { migrateCommand } from './migrate.js';
import { rekeyCommand } from './rekey.js';
import { pruneCommand } from './prune.js';
import { showCommand } from './show.js';
import { treeCommand } from './tree.js';
import { uiCommand } from './ui.js';
import { usageCommand } from './usage.js';

export const commands: Command[] = [
  migrateCommand,
  listCommand,
  showCommand,
  treeCommand,
  usageCommand,
  exportCommand,
  importCommand,
  copyCommand,
  uiCommand,
  rekeyCommand,
  encryptCommand,
  pruneCommand,
];
