import { adminCreate } from './admin.commands';
import type { Command } from './command';
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
];
