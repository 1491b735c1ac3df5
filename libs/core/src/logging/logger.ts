import pino, { DestinationStream, Logger } from 'pino';
import pretty from 'pino-pretty';
import { serializeError } from './redaction';

/**
 * Secrets never reach the log: credentials in headers, and any field that carries a password,
 * token, key, hash or card data wherever it sits in a logged object.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["stripe-signature"]',
  'res.headers["set-cookie"]',
  ...[
    'password',
    'newPassword',
    'passwordHash',
    'accessToken',
    'refreshToken',
    'token',
    'key',
    'secret',
    'apiKey',
    'card',
  ].flatMap((f) => [f, `*.${f}`, `*.*.${f}`]),
];

export interface LoggerOptions {
  level: string;
  pretty?: boolean;
  destination?: DestinationStream;
}

export function createRootLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'perkrank' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { err: serializeError },
    },
    options.destination ??
      (options.pretty
        ? pretty({
            colorize: true,
            translateTime: 'SYS:HH:MM:ss',
            ignore: 'pid,hostname,service',
            singleLine: true,
          })
        : pino.destination({ sync: true })),
  );
}
