import { Controller, Get, HttpCode, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperationDoc } from '../http/api-docs';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheckService,
  HealthIndicatorService,
  type HealthIndicatorResult,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { AppException } from '../errors/app.exception';
import { Public } from '../http/public.decorator';
import { JobQueue } from '../jobs/job-queue.service';
import { SkipRequestRate } from '../rate-limit/request-rate.guard';

/** How long each readiness check may take before it counts as down. */
const CHECK_TIMEOUT_MS = 2000;

type CheckState = 'up' | 'down' | 'off';
export interface ReadinessResponse {
  status: 'ok';
  database: CheckState;
  jobs: CheckState;
}

/**
 * Liveness (the process answers) and readiness (through @nestjs/terminus: the database answers a
 * ping and the job queue answers, or is off in a process that runs no jobs). Readiness failing is
 * a 503 in the error envelope with each check's state in `details`, never why in depth: the
 * probe is public.
 */
@ApiTags('health')
@Public()
// Probes from the orchestrator poll often and carry no user input.
@SkipRequestRate()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly queue: JobQueue,
  ) {}

  @Get('live')
  @HttpCode(200)
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  @ApiOperationDoc({
    operationId: 'getLiveness',
    summary: 'Liveness probe',
    description:
      'Answers 200 while the process is up; does not touch the database. For orchestrator liveness checks.',
  })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOkResponse({ schema: { example: { status: 'ok', database: 'up', jobs: 'up' } } })
  @ApiServiceUnavailableResponse({
    schema: {
      example: {
        error: {
          type: 'api_error',
          code: 'not_ready',
          message: 'Not ready: database down.',
          details: { database: 'down', jobs: 'up' },
          requestId: '0192f3a4-5b6c-7d8e-9f01-23456789abcd',
        },
      },
    },
  })
  @ApiOperationDoc({
    operationId: 'getReadiness',
    summary: 'Readiness probe',
    description:
      'Answers 200 when the database and the job queue are reachable, 503 otherwise. For load balancer readiness checks.',
  })
  async ready(): Promise<ReadinessResponse> {
    let jobs: CheckState = 'up';
    const checks = [
      () => this.database.pingCheck('database').withTimeout(CHECK_TIMEOUT_MS),
      () =>
        this.indicators
          .check('jobs')
          .attempt(async () => {
            if ((await this.queue.ping()) === 'off') jobs = 'off';
          })
          .withTimeout(CHECK_TIMEOUT_MS),
    ];
    try {
      const result = await this.health.check(checks);
      return { status: 'ok', database: stateOf(result.details, 'database'), jobs };
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const details = (error.getResponse() as { details?: HealthIndicatorResult }).details ?? {};
      const states = { database: stateOf(details, 'database'), jobs: stateOf(details, 'jobs') };
      const down = Object.entries(states)
        .filter(([, state]) => state === 'down')
        .map(([name]) => `${name} down`);
      throw new AppException(
        'unavailable',
        'not_ready',
        `Not ready: ${down.join(', ') || 'shutting down'}.`,
        {
          details: states,
        },
      );
    }
  }
}

function stateOf(details: HealthIndicatorResult, key: string): CheckState {
  return details[key]?.status === 'up' ? 'up' : 'down';
}
