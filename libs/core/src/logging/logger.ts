import pino, { DestinationStream, Logger } from 'pino';
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

/**
 * Readable single lines for a terminal, from `pino-pretty`. It is a development dependency: a
 * production install (`npm ci --omit=dev`, the Docker image) does not have it, and logs JSON.
 */
function prettyStream(): DestinationStream | undefined {
  let pretty: typeof import('pino-pretty');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    pretty = require('pino-pretty') as typeof pretty;
  } catch {
    process.stderr.write('pino-pretty is not installed (a production install): logging JSON lines.\n');
    return undefined;
  }
  return pretty({
    colorize: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,service',
    singleLine: true,
  });
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
    options.destination ?? (options.pretty ? prettyStream() : undefined) ?? pino.destination({ sync: true }),
  );
}
