import { Injectable, Logger } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { JOB_PROCESSOR, JobProcessor, JobProcessorOptions } from './job.decorator';
import { JobQueue } from './job-queue.service';

function isProcessor(instance: unknown): instance is JobProcessor {
  return typeof (instance as { handle?: unknown } | null)?.handle === 'function';
}

/** Finds every @Processor provider in the application and feeds it its queue. */
@Injectable()
export class JobWorker {
  private readonly logger = new Logger('JobWorker');

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly queue: JobQueue,
  ) {}

  processors(): Array<{ options: JobProcessorOptions; processor: JobProcessor }> {
    const found: Array<{ options: JobProcessorOptions; processor: JobProcessor }> = [];
    for (const wrapper of this.discovery.getProviders()) {
      const metatype = wrapper.metatype as unknown;
      if (typeof metatype !== 'function' || !wrapper.instance) continue;
      const options = Reflect.getMetadata(JOB_PROCESSOR, metatype) as JobProcessorOptions | undefined;
      if (options && isProcessor(wrapper.instance)) found.push({ options, processor: wrapper.instance });
    }
    return found;
  }

  async start(pollingIntervalSeconds = 2): Promise<string[]> {
    const names: string[] = [];
    for (const { options, processor } of this.processors()) {
      await this.queue.work(
        options,
        async (data, job) => {
          const started = Date.now();
          this.logger.log({ job: options.name, jobId: job.id, attempt: job.retryCount + 1 }, 'job started');
          try {
            const output = await processor.handle(data, job);
            this.logger.log({ job: options.name, jobId: job.id, ms: Date.now() - started }, 'job completed');
            return output;
          } catch (err) {
            this.logger.error({ err, job: options.name, jobId: job.id }, 'job failed');
            throw err;
          }
        },
        pollingIntervalSeconds,
      );
      names.push(options.name);
    }
    return names;
  }
}
