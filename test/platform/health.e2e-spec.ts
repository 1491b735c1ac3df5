import { JobQueue } from '@perkrank/core';
import { useTestApp } from '@perkrank/testing';

describe('health (API, @nestjs/terminus readiness)', () => {
  const t = useTestApp({ jobs: 'producer' });

  it('is live, and ready when the database and the job queue answer', async () => {
    await t.http.get('/health/live').expect(200, { status: 'ok' });
    const ready = await t.http.get('/health/ready').expect(200);
    expect(ready.body).toEqual({ status: 'ok', database: 'up', jobs: 'up' });
  });

  it('answers 503 not_ready in the error envelope, naming the check that is down, once the queue stops', async () => {
    await t.app.get(JobQueue).stop();
    const res = await t.http.get('/health/ready').expect(503);
    expect(res.body).toEqual({
      error: {
        type: 'api_error',
        code: 'not_ready',
        message: 'Not ready: jobs down.',
        details: { database: 'up', jobs: 'down' },
        requestId: res.headers['x-request-id'],
      },
    });
    // Liveness is about the process, not its dependencies.
    await t.http.get('/health/live').expect(200);
  });
});

describe('health in a process that runs no jobs', () => {
  const t = useTestApp({ jobs: 'off' });

  it('reports the queue as off and is ready on the database alone', async () => {
    const ready = await t.http.get('/health/ready').expect(200);
    expect(ready.body).toEqual({ status: 'ok', database: 'up', jobs: 'off' });
  });
});
