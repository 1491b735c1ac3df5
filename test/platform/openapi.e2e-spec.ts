import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTestApp } from '@perkrank/testing';

/** The committed openapi.json is what clients generate from: it must match what the API serves. */
describe('OpenAPI drift', () => {
  const t = useTestApp();

  it('openapi.json matches /docs-json (run `npm run openapi:write` after changing endpoints)', async () => {
    const served = await t.http.get('/docs-json').expect(200);
    const file = join(__dirname, '..', '..', 'openapi.json');
    expect(existsSync(file)).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(served.body);
  });

  it('describes every route the contract names', async () => {
    const served = await t.http.get('/docs-json').expect(200);
    const paths = served.body.paths as Record<string, Record<string, unknown>>;
    const expected: Array<[string, string]> = [
      ['post', '/v1/auth/register'],
      ['post', '/v1/auth/login'],
      ['post', '/v1/auth/refresh'],
      ['post', '/v1/auth/logout'],
      ['get', '/v1/me'],
      ['post', '/v1/brands'],
      ['post', '/v1/brands/{brandId}/members'],
      ['post', '/v1/brands/{brandId}/api-keys'],
      ['delete', '/v1/brands/{brandId}/api-keys/{keyId}'],
      ['post', '/v1/admin/users/{id}/suspend'],
      ['post', '/v1/admin/users/{id}/unsuspend'],
      ['post', '/v1/admin/users/{id}/roles'],
      ['get', '/v1/admin/audit-log'],
      ['get', '/health/live'],
      ['get', '/health/ready'],
    ];
    for (const [method, path] of expected) expect(paths[path]?.[method]).toBeDefined();
  });
});
