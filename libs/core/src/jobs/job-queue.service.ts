import { Injectable, Logger } from '@nestjs/common';
import PgBoss from 'pg-boss';
import type { JobProcessorOptions } from './job.decorator';

export interface JobStatus {
  id: string;
  name: string;
  state: 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';
  retryCount: number;
  createdAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
  output: unknown;
}

export interface JobQueueOptions {
  url: string;
  /** The worker supervises (expiry, retention) and runs cron schedules; the API only enqueues. */
  role: 'producer' | 'worker';
  poolSize?: number;
}

/** The Postgres-backed job queue (pg-boss): jobs survive restarts and each goes to one worker. */
@Injectable()
export class JobQueue {
  private readonly logger = new Logger('JobQueue');
  private boss?: PgBoss;
  private stopped = false;
  private readonly queues = new Set<string>();

  async start(options: JobQueueOptions): Promise<void> {
    if (this.boss) return;
    const worker = options.role === 'worker';
    const boss = new PgBoss({
      connectionString: options.url,
      max: options.poolSize ?? 4,
      application_name: `perkrank-${options.role}`,
      supervise: worker,
      schedule: worker,
      migrate: true,
    });
    boss.on('error', (err: Error & { code?: string }) => {
      // Connections the server closes while this process stops (Ctrl-C on the embedded database)
      // are the expected end, not an error a person should read.
      if (this.stopped && err.code === '57P01') return;
      // Only what explains the error: pg errors carry their client (connection settings, keys).
      const { name, message, code, stack } = err;
      this.logger.error({ err: { type: name, message, code, stack } }, 'job queue error');
    });
    await boss.start();
    this.boss = boss;
    this.stopped = false;
  }

  /**
   * For readiness: 'up' when the queue's own connections reach its schema, 'off' in a process that
   * never started it (a CLI command); throws once stopped or when the database does not answer.
   */
  async ping(): Promise<'up' | 'off'> {
    const boss = this.boss;
    if (!boss) {
      if (this.stopped) throw new Error('the job queue is stopped');
      return 'off';
    }
    if (!(await boss.isInstalled())) throw new Error('the job queue schema is missing');
    return 'up';
  }

  /** False in processes that run without the queue (`jobs: 'off'`), or before start / after stop. */
  get running(): boolean {
    return this.boss !== undefined;
  }

  private get started(): PgBoss {
    if (!this.boss) throw new Error('JobQueue is not started');
    return this.boss;
  }

  /**
   * Creates or updates the queue. Several workers starting together on a fresh database race to
   * create the same queues, and pg-boss's create_queue can deadlock with itself (or find the row
   * another created a moment ago): the loser looks again and updates instead.
   */
  async ensureQueue(options: JobProcessorOptions): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.ensureQueueOnce(options);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (attempt >= 5 || (code !== '40P01' && code !== '23505')) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 100));
      }
    }
  }

  private async ensureQueueOnce(options: JobProcessorOptions): Promise<void> {
    if (this.queues.has(options.name)) return;
    const boss = this.started;
    const existing = await boss.getQueue(options.name);
    const queue = {
      name: options.name,
      retryLimit: options.retryLimit ?? 3,
      retryDelay: options.retryDelaySeconds ?? 5,
      retryBackoff: true,
      expireInSeconds: options.expireInSeconds ?? 15 * 60,
    };
    if (existing) await boss.updateQueue(options.name, queue);
    else await boss.createQueue(options.name, queue);
    this.queues.add(options.name);
  }

  /**
   * Enqueues a job; returns its id. `startAfter` holds it until then (e.g. a rate limit's reset);
   * `singletonKey` lets pg-boss drop a duplicate where the queue's policy says so (then '' is
   * returned instead of an id).
   */
  async send(
    name: string,
    data: object = {},
    options: { startAfter?: Date; singletonKey?: string } = {},
  ): Promise<string> {
    const boss = this.started;
    if (!this.queues.has(name) && !(await boss.getQueue(name))) await this.ensureQueue({ name });
    this.queues.add(name);
    const sendOptions: PgBoss.SendOptions = {};
    if (options.startAfter) sendOptions.startAfter = options.startAfter;
    if (options.singletonKey) sendOptions.singletonKey = options.singletonKey;
    const id = await boss.send(name, data, sendOptions);
    if (!id) {
      if (options.singletonKey) return '';
      throw new Error(`job ${name} was not enqueued`);
    }
    return id;
  }

  async status(name: string, id: string): Promise<JobStatus | undefined> {
    const job = await this.started.getJobById<unknown>(name, id, { includeArchive: true });
    if (!job) return undefined;
    return {
      id: job.id,
      name: job.name,
      state: job.state,
      retryCount: job.retryCount,
      createdAt: job.createdOn,
      startedAt: job.startedOn ?? null,
      completedAt: job.completedOn ?? null,
      output: job.output ?? null,
    };
  }

  async work<T>(
    options: JobProcessorOptions,
    handler: (data: T, job: { id: string; retryCount: number }) => Promise<unknown>,
    pollingIntervalSeconds = 2,
  ): Promise<void> {
    const boss = this.started;
    await this.ensureQueue(options);
    await boss.work<T>(
      options.name,
      { includeMetadata: true, batchSize: 1, pollingIntervalSeconds },
      async ([job]) => handler(job.data, { id: job.id, retryCount: job.retryCount }),
    );
    if (options.cron) await boss.schedule(options.name, options.cron, {}, { tz: 'UTC' });
  }

  /**
   * Stops taking jobs, waits up to `timeoutMs` for running ones, then fails whatever is still
   * running so another worker retries it.
   */
  async stop(timeoutMs = 10_000): Promise<void> {
    const boss = this.boss;
    if (!boss) return;
    this.boss = undefined;
    this.stopped = true;
    this.queues.clear();
    await boss.stop({ graceful: true, timeout: timeoutMs, wait: true });
  }
}
