import type { AppConfig } from '@perkrank/core';
import type { Logger } from 'pino';

export interface CommandContext {
  config: AppConfig;
  logger: Logger;
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export interface Command {
  name: string;
  usage: string;
  summary: string;
  options?: Record<string, { type: 'string' | 'boolean'; short?: string }>;
  /** Returns the process exit code. */
  run(ctx: CommandContext): Promise<number>;
}
