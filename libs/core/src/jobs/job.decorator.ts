import { SetMetadata } from '@nestjs/common';

export const JOB_PROCESSOR = 'perkrank:job-processor';

export interface JobProcessorOptions {
  /** Queue name, `<context>.<verb>` (e.g. `maintenance.purge`). */
  name: string;
  /** Cron (UTC) for jobs the worker enqueues on a schedule. */
  cron?: string;
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** An active job not finished by then counts as failed and is retried (a worker that died). */
  expireInSeconds?: number;
}

export interface JobContext {
  id: string;
  retryCount: number;
}

/** A class whose `handle(data, ctx)` processes one queue. The worker discovers every such provider. */
export interface JobProcessor<T = unknown, R = unknown> {
  handle(data: T, ctx: JobContext): Promise<R>;
}

export const Processor = (options: JobProcessorOptions): ClassDecorator =>
  SetMetadata(JOB_PROCESSOR, options);
