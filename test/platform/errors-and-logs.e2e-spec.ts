import { Controller, Get } from '@nestjs/common';
import { Public } from '@perkrank/core';
import { login, registrationBody, useTestApp } from '@perkrank/testing';

@Public()
@Controller('test-only')
class ExplodingController {
  @Get('boom')
  boom(): never {
    throw new Error('database password is hunter2 and the stack says where');
  }
}

/** Collects JSON log lines the app writes. */
function logSink(): {
  lines: string[];
  write(line: string): void;
  records(): Array<Record<string, unknown>>;
} {
  const lines: string[] = [];
  return {
    lines,
    write: (line: string) => {
      lines.push(line);
    },
    records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('errors, request ids and logs (API)', () => {
  const sink = logSink();
  const t = useTestApp({ logDestination: sink, extra: { controllers: [ExplodingController] } });

  it('answers an unexpected error with 500 internal_error and the request id only; the log has the stack', async () => {
    const res = await t.http.get('/test-only/boom').expect(500);
    const requestId = res.headers['x-request-id'];
    expect(res.body).toEqual({
      error: { type: 'api_error', code: 'internal_error', message: expect.any(String), requestId },
    });
    expect(JSON.stringify(res.body)).not.toMatch(/hunter2|stack|ExplodingController/);

    const logged = sink.records().find((r) => r.requestId === requestId && r.err);
    expect(logged).toBeDefined();
    const err = logged?.err as { stack: string; message: string };
    expect(err.stack).toContain('ExplodingController');
    expect((logged?.req as { id: string } | undefined)?.id ?? requestId).toBe(requestId);
  });

  it('sets X-Request-Id on every response and keeps a well-formed one from the caller', async () => {
    const own = await t.http.get('/health/live').set('X-Request-Id', 'trace-abc.123').expect(200);
    expect(own.headers['x-request-id']).toBe('trace-abc.123');
    const made = await t.http.get('/v1/nowhere').set('X-Request-Id', 'bad id with spaces').expect(404);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(made.body.error).toMatchObject({
      type: 'not_found_error',
      code: 'route_not_found',
      requestId: made.headers['x-request-id'],
    });
  });

  it('logs no password, token or hash during register and login', async () => {
    sink.lines.length = 0;
    const body = registrationBody({ password: 'Sup3r-secret-passw0rd' });
    const reg = await t.http
      .post('/v1/auth/register')
      .send(body)
      .set('Cookie', 'session=cookie-secret-value')
      .expect(201);
    const user = await login(t, String(body.email), 'Sup3r-secret-passw0rd');
    await user.get('/v1/me').expect(200);
    await t.http
      .post('/v1/auth/login')
      .send({ email: body.email, password: 'Wrong-secret-passw0rd' })
      .expect(401);
    const hash: Array<{ password_hash: string }> = await t.dataSource.query(
      'SELECT password_hash FROM users WHERE id = $1',
      [reg.body.user.id],
    );

    const log = sink.lines.join('\n');
    expect(sink.lines.length).toBeGreaterThan(3);
    for (const secret of [
      'Sup3r-secret-passw0rd',
      'Wrong-secret-passw0rd',
      'cookie-secret-value',
      reg.body.accessToken,
      reg.body.refreshToken,
      user.accessToken,
      user.refreshToken,
      hash[0].password_hash,
      hash[0].password_hash.split('$').pop(),
    ]) {
      expect(log).not.toContain(secret);
    }
  });

  it('serves health and the OpenAPI document', async () => {
    await t.http.get('/health/live').expect(200, { status: 'ok' });
    const ready = await t.http.get('/health/ready').expect(200);
    expect(ready.body.status).toBe('ok');
    const doc = await t.http.get('/docs-json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/v1/auth/register', '/v1/me', '/v1/brands/{brandId}/api-keys']),
    );
    await t.http.get('/docs').expect(200);
  });
});
