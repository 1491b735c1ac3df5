import {
  AppConfig,
  ConfigError,
  createRootLogger,
  EmbeddedPostgresAccessError,
  loadConfig,
} from '@perkrank/core';
import type { Logger } from 'pino';

/**
 * Shared start-up of the three programs (api, worker, cli): validated configuration or a clear
 * message and exit code 78 (EX_CONFIG), and the root logger.
 */
export function startRuntime(name: string): { config: AppConfig; logger: Logger } {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`perkrank ${name}: ${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const logger = createRootLogger({ level: config.LOG_LEVEL, pretty: config.prettyLogs });
  return { config, logger: logger.child({ program: name }) };
}

export function fatal(logger: Logger, error: unknown, cleanup?: () => Promise<void>): void {
  if (error instanceof EmbeddedPostgresAccessError) {
    // Something to do, not a bug: the sentence says what, and a stack trace would only bury it.
    process.stderr.write(`perkrank: ${error.message}\n`);
    void (cleanup ? cleanup() : Promise.resolve()).finally(() => process.exit(78));
    return;
  }
  logger.fatal({ err: error }, 'start-up failed');
  void (cleanup ? cleanup() : Promise.resolve()).finally(() => process.exit(1));
}
