import type { AppConfig } from '@perkrank/core';
import type { Logger } from 'pino';

export interface CommandContext {
  config: AppConfig;
  logger: Logger;
  /** Option values by their long name as written (`as-of`, not `asOf`). */
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export interface CommandOption {
  type: 'string' | 'boolean';
  /** One line for `--help`. */
  description: string;
  /** Name of the value in `--help` (`--input <file>`), for string options. */
  value?: string;
}

export interface CommandArgument {
  name: string;
  description: string;
}

export interface Command {
  name: string;
  usage: string;
  summary: string;
  /** More help below the options: examples, formats, exit codes. */
  help?: string;
  options?: Record<string, CommandOption>;
  /** Positional arguments, in order; the command checks they are there (exit 64 with a message). */
  arguments?: CommandArgument[];
  /** Returns the process exit code. */
  run(ctx: CommandContext): Promise<number>;
}
