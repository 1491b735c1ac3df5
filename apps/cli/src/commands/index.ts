import { adminCreate } from './admin.commands';
import type { Command } from './command';
import { demoReset } from './demo.commands';
import { scoreCompareCommand, scoreFileCommand, validateCommand } from './offline.commands';
import { generateWorldCommand, importInteractions, scoreRun } from './scoring.commands';
import {
  migrationCheck,
  migrationGenerate,
  migrationRun,
  openapiCheck,
  openapiWrite,
} from './schema.commands';

export const COMMANDS: Command[] = [
  adminCreate,
  migrationRun,
  migrationGenerate,
  migrationCheck,
  openapiWrite,
  openapiCheck,
  importInteractions,
  scoreRun,
  scoreFileCommand,
  validateCommand,
  scoreCompareCommand,
  generateWorldCommand,
  demoReset,
];
