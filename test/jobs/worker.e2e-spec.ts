import { Injectable } from '@nestjs/common';
import { JobProcessor, Processor } from '@perkrank/core';
import { createTestWorker, until, useAdmin, useTestApp } from '@perkrank/testing';

const SLOW_JOB = 'test.slow';

/** A job that waits until the test releases it, so a worker can be stopped in the middle. */
@Injectable()
@Processor({ name: SLOW_JOB, retryLimit: 3, retryDelaySeconds: 0 })
class SlowProcessor implements JobProcessor<unknown, { attempt: number }> {
  static started: Array<{ attempt: number }> = [];
  static release?: () => void;

  async handle(_data: unknown, ctx: { retryCount: number }): Promise<{ attempt: number }> {
    SlowProcessor.started.push({ attempt: ctx.retryCount + 1 });
    if (ctx.retryCount === 0) await new Promise<void>((resolve) => (SlowProcessor.release = resolve));
    return { attempt: ctx.retryCount + 1 };
  }
}

describe('worker and job queue', () => {
  const api = useTestApp({ jobs: 'producer', extra: { providers: [SlowProcessor] } });
  const admin = useAdmin(api);

  it('runs a job the API enqueued, in a separate worker', async () => {
    const worker = await createTestWorker({ database: api.db });
    try {
      const enqueued = await admin.post('/v1/admin/jobs', { name: 'maintenance.purge' }).expect(202);
      const done = await until(async () => {
        const res = await admin.get(`/v1/admin/jobs/maintenance.purge/${enqueued.body.id}`).expect(200);
        return res.body.state === 'completed' ? res.body : undefined;
      }, 'the job to complete');
      expect(done.output).toEqual({
        idempotencyKeys: expect.any(Number),
        rateLimitBuckets: expect.any(Number),
      });
      const unknown = await admin.post('/v1/admin/jobs', { name: 'no.such.job' }).expect(400);
      expect(unknown.body.error.details.fields.name[0]).toContain('maintenance.purge');
    } finally {
      await worker.close();
    }
  });

  it('leaves a job stopped mid-run to be retried by the next worker', async () => {
    SlowProcessor.started = [];
    const first = await createTestWorker({
      database: api.db,
      jobStopTimeoutMs: 1000,
      providers: [SlowProcessor],
    });
    const enqueued = await admin.post('/v1/admin/jobs', { name: SLOW_JOB }).expect(202);
    await until(
      () => Promise.resolve(SlowProcessor.started.length > 0 ? true : undefined),
      'the first attempt to start',
    );
    await first.close(); // the job is still waiting: shutdown fails it for a retry
    const afterStop = await admin.get(`/v1/admin/jobs/${SLOW_JOB}/${enqueued.body.id}`).expect(200);
    expect(afterStop.body.state).toBe('retry');

    const second = await createTestWorker({ database: api.db, providers: [SlowProcessor] });
    try {
      const done = await until(async () => {
        const res = await admin.get(`/v1/admin/jobs/${SLOW_JOB}/${enqueued.body.id}`).expect(200);
        return res.body.state === 'completed' ? res.body : undefined;
      }, 'the retried job to complete');
      expect(done).toMatchObject({ retryCount: 1, output: { attempt: 2 } });
      expect(SlowProcessor.started).toEqual([{ attempt: 1 }, { attempt: 2 }]);
    } finally {
      SlowProcessor.release?.();
      await second.close();
    }
  });
});
