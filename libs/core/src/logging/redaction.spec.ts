import { QueryFailedError } from 'typeorm';
import { redactText, redactUrl, serializeError } from './redaction';

describe('log redaction', () => {
  it.each([
    ['/v1/brands/b/redemptions/lookup?code=7K3Q-X9MT', '/v1/brands/b/redemptions/lookup?code=[redacted]'],
    ['/v1/admin/users?email=a%40b.io&limit=5', '/v1/admin/users?email=[redacted]&limit=5'],
    ['/v1/perks?city=Berlin&topic=food&cursor=abc', '/v1/perks?city=[redacted]&topic=food&cursor=abc'],
    ['/v1/x?token=secret&flag', '/v1/x?token=[redacted]&flag'],
    ['/v1/me', '/v1/me'],
  ])('%s → %s', (url, logged) => {
    expect(redactUrl(url)).toBe(logged);
  });

  it('takes quoted values and email addresses out of messages', () => {
    expect(redactText('invalid input syntax for type uuid: "mia@example.com"')).toBe(
      'invalid input syntax for type uuid: "[redacted]"',
    );
    expect(redactText('Key (email)=(mia@example.com) already exists.')).toBe(
      'Key (email)=([redacted]) already exists.',
    );
    expect(redactText('login:acct:mia@example.com locked')).toBe('login:acct:[redacted] locked');
    const frame = 'at /srv/node_modules/@nestjs/core/router/router-execution-context.js:69:48';
    expect(redactText(frame)).toBe(frame);
  });

  it('drops SQL parameters and the driver detail of a failed query, keeping codes and SQL', () => {
    const driverError = Object.assign(
      new Error('new row for relation "users" violates check constraint "ck"'),
      {
        code: '23514',
        constraint: 'ck',
        table: 'users',
        detail: 'Failing row contains (mia@example.com, $argon2id$v=19$…, 1990-01-01).',
      },
    );
    const error = new QueryFailedError(
      'INSERT INTO users VALUES ($1, $2, $3)',
      ['mia@example.com', '$argon2id$x', '1990-01-01'],
      driverError,
    );
    const logged = JSON.stringify(serializeError(error));
    expect(logged).not.toMatch(/mia@example\.com|argon2|1990-01-01/);
    expect(logged).toContain('INSERT INTO users VALUES ($1, $2, $3)');
    expect(logged).toContain('23514');
  });
});
