import type { LoggerService } from '@nestjs/common';
import { NestLogger } from './nest-logger';

function recorder(): { calls: Array<[string, unknown[]]>; target: LoggerService } {
  const calls: Array<[string, unknown[]]> = [];
  const level =
    (name: string) =>
    (...args: unknown[]): void => {
      calls.push([name, args]);
    };
  return {
    calls,
    target: {
      log: level('log'),
      error: level('error'),
      warn: level('warn'),
      debug: level('debug'),
      verbose: level('verbose'),
    },
  };
}

describe('NestLogger', () => {
  it.each(['NestFactory', 'NestApplication', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer'])(
    "moves Nest's %s lines to debug",
    (context) => {
      const { calls, target } = recorder();
      new NestLogger(target).log('Mapped {/v1/me, GET} route', context);
      expect(calls).toEqual([['debug', ['Mapped {/v1/me, GET} route', context]]]);
    },
  );

  it("keeps the application's own lines, and every warning and error, where they were", () => {
    const { calls, target } = recorder();
    const logger = new NestLogger(target);
    logger.log('Payments are off', 'Payments');
    logger.log('no context');
    logger.warn('careful', 'RoutesResolver');
    logger.error('broken', 'stack', 'InstanceLoader');
    logger.fatal('gone', 'NestFactory');
    expect(calls).toEqual([
      ['log', ['Payments are off', 'Payments']],
      ['log', ['no context']],
      ['warn', ['careful', 'RoutesResolver']],
      ['error', ['broken', 'stack', 'InstanceLoader']],
      ['error', ['gone', 'NestFactory']],
    ]);
  });
});
