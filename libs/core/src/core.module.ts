import {
  DynamicModule,
  Global,
  Inject,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { AppConfig } from './config/config';
import { dataSourceOptions } from './database/data-source-options';
import { usePreparedStatements } from './database/pg-pool';
import { ReadReplica } from './database/read-replica';
import { DomainEvents } from './events/domain-events';
import { HealthController } from './health/health.controller';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { IdempotencyPersonalData } from './idempotency/idempotency-personal-data';
import { IdempotencyKey } from './idempotency/idempotency-key.entity';
import { IdempotencyRepository } from './idempotency/idempotency.repository';
import { JobQueue } from './jobs/job-queue.service';
import { JobWorker } from './jobs/job-worker.service';
import { LoggingModule } from './logging/logging.module';
import { MaintenanceProcessor } from './maintenance/maintenance.processor';
import { RateLimitBucket } from './rate-limit/rate-limit-bucket.entity';
import { RateLimiter } from './rate-limit/rate-limiter.service';
import { RequestRateGuard } from './rate-limit/request-rate.guard';
import { Clock } from './time/clock';

export const CORE_OPTIONS = Symbol('CORE_OPTIONS');

export interface CoreOptions {
  config: AppConfig;
  databaseUrl: string;
  logger: Logger;
  /**
   * `worker` also processes jobs (the worker app, or the API on the embedded default);
   * `producer` only enqueues; `off` leaves the queue alone (CLI commands that need no jobs).
   */
  jobs: 'worker' | 'producer' | 'off';
  /** How often idle workers look for new jobs. */
  jobPollingSeconds?: number;
  /** How long shutdown waits for running jobs before failing them for a retry elsewhere. */
  jobStopTimeoutMs?: number;
}

/** Configuration, database, logging, rate limits, idempotency, jobs and health for every app. */
@Global()
@Module({})
export class CoreModule implements OnApplicationBootstrap, OnApplicationShutdown {
  static forRoot(options: CoreOptions): DynamicModule {
    return {
      module: CoreModule,
      imports: [
        DiscoveryModule,
        LoggingModule.forRoot(options.logger),
        TypeOrmModule.forRoot({
          ...dataSourceOptions(options.databaseUrl, options.config.DATABASE_POOL_SIZE),
          autoLoadEntities: true,
          retryAttempts: 3,
          retryDelay: 1000,
        }),
        TypeOrmModule.forFeature([IdempotencyKey, RateLimitBucket]),
        TerminusModule.forRoot({ errorLogStyle: 'json' }),
      ],
      controllers: [HealthController],
      providers: [
        { provide: CORE_OPTIONS, useValue: options },
        { provide: AppConfig, useValue: options.config },
        Clock,
        ReadReplica,
        RateLimiter,
        IdempotencyRepository,
        IdempotencyPersonalData,
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        { provide: APP_GUARD, useClass: RequestRateGuard },
        JobQueue,
        JobWorker,
        MaintenanceProcessor,
        DomainEvents,
      ],
      exports: [
        AppConfig,
        Clock,
        ReadReplica,
        RateLimiter,
        IdempotencyRepository,
        JobQueue,
        JobWorker,
        DomainEvents,
        CORE_OPTIONS,
      ],
    };
  }

  constructor(
    @Inject(CORE_OPTIONS) private readonly options: CoreOptions,
    private readonly queue: JobQueue,
    private readonly worker: JobWorker,
    @InjectDataSource() db: DataSource,
  ) {
    usePreparedStatements(db, options.config.DATABASE_PREPARED_STATEMENTS);
  }

  async onApplicationBootstrap(): Promise<void> {
    const { jobs, databaseUrl } = this.options;
    if (jobs === 'off') return;
    await this.queue.start({ url: databaseUrl, role: jobs === 'worker' ? 'worker' : 'producer' });
    if (jobs === 'worker') await this.worker.start(this.options.jobPollingSeconds);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.stop(this.options.jobStopTimeoutMs);
  }
}
