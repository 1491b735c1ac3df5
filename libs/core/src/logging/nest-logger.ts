import type { LoggerService } from '@nestjs/common';

/**
 * Nest's own start-up chatter: a line per module initialised and per route mapped (some eighty on
 * this API). Useful when debugging the wiring, noise when a person starts the product.
 */
const WIRING_CONTEXTS: ReadonlySet<string> = new Set([
  'NestFactory',
  'NestApplication',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
]);

/**
 * The logger Nest itself writes through: everything goes to `target` (nestjs-pino's Logger) as it
 * is, except Nest's wiring lines, which go at debug (`LOG_LEVEL=debug` shows them again).
 */
export class NestLogger implements LoggerService {
  constructor(private readonly target: LoggerService) {}

  log(message: unknown, ...rest: unknown[]): void {
    const context = rest[rest.length - 1];
    if (typeof context === 'string' && WIRING_CONTEXTS.has(context) && this.target.debug) {
      this.target.debug(message, ...rest);
    } else {
      this.target.log(message, ...rest);
    }
  }

  error(message: unknown, ...rest: unknown[]): void {
    this.target.error(message, ...rest);
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.target.warn(message, ...rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.target.debug?.(message, ...rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.target.verbose?.(message, ...rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    (this.target.fatal ?? this.target.error).call(this.target, message, ...rest);
  }
}
