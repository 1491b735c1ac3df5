/**
 * @perkrank/core — what every context and app shares: validated configuration, the database
 * (embedded PostgreSQL by default), errors and the envelope, logging, request ids, pagination,
 * idempotency, rate limits, jobs, health and the one HTTP bootstrap.
 */
export * from './config/config';
export * from './core.module';
export * from './database/data-source-options';
export * from './database/database-url';
export * from './database/column-transformers';
export * from './database/embedded-postgres';
export * from './database/migrate';
export * from './database/pg-pool';
export * from './database/read-replica';
export * from './database/snake-naming.strategy';
export * from './database/prepared';
export * from './events/domain-events';
export * from './errors/app.exception';
export * from './errors/error-envelope';
export * from './errors/all-exceptions.filter';
export * from './errors/validation';
export * from './http/bootstrap';
export * from './http/hostile-input';
export * from './http/unexpected-input.interceptor';
export * from './http/openapi';
export * from './http/security-headers';
export * from './http/public-address';
export * from './http/public.decorator';
export * from './http/request-id.middleware';
export * from './idempotency/idempotency.interceptor';
export * from './idempotency/idempotency-key.entity';
export * from './idempotency/idempotency.repository';
export * from './idempotency/idempotency-ticket';
export * from './ids/uuid7';
export * from './jobs/job.decorator';
export * from './jobs/job-queue.service';
export * from './jobs/job-worker.service';
export * from './logging/logger';
export * from './logging/nest-logger';
export * from './logging/redaction';
export * from './maintenance/maintenance.processor';
export * from './pagination/pagination';
export * from './privacy/personal-data';
export * from './process/shutdown';
export * from './rate-limit/rate-limiter.service';
export * from './rate-limit/request-rate.guard';
export * from './time/clock';
export * from './http/id-param';
export * from './database/scratch-database';
export * from './http/api-page-response';
export * from './http/api-docs';
