import { DynamicModule, Module } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { redactUrl, serializeError } from './redaction';

interface WithRequestId {
  requestId?: string;
}

/** Request-scoped JSON logs: each line of a request carries its id (`req.id`). */
@Module({})
export class LoggingModule {
  static forRoot(logger: Logger): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            logger,
            genReqId: (req: IncomingMessage) => (req as IncomingMessage & WithRequestId).requestId ?? '',
            customLogLevel: (_req, res, err) =>
              err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
            autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health/') },
            serializers: {
              req: (req: { id: string; method: string; url: string }) => ({
                id: req.id,
                method: req.method,
                // Query values can be claim codes or emails: only harmless ones are kept.
                url: redactUrl(req.url),
              }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
              err: serializeError,
            },
          },
        }),
      ],
    };
  }
}
