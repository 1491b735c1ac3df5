import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, TestApp } from '@perkrank/testing';

/**
 * What a client developer needs from the document, checked on the served one and the committed
 * openapi.json: every operation has a summary, a description and a unique camelCase operationId
 * (`@ApiOperationDoc`), every 4xx it can answer points at the one ErrorEnvelope schema, and
 * every JSON request body has an example. A failure lists each offending operation.
 */
interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  security?: unknown[];
  parameters?: Array<{ in?: string; name?: string }>;
  requestBody?: { content?: Record<string, { example?: unknown; examples?: unknown }> };
  responses?: Record<
    string,
    { content?: Record<string, { schema?: { $ref?: string; allOf?: Array<{ $ref?: string }> } }> }
  >;
  [extension: string]: unknown;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'options', 'head']);
const ENVELOPE_REF = '#/components/schemas/ErrorEnvelope';

function operations(doc: Document): Array<{ name: string; path: string; op: Operation }> {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.has(method))
      .map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, path, op })),
  );
}

/** Every rule broken, one line each: "POST /v1/x: no summary". Empty when the document is good. */
function problems(doc: Document): string[] {
  const found: string[] = [];
  const ids = new Map<string, string>();
  if (!doc.components?.schemas?.ErrorEnvelope) found.push('components.schemas.ErrorEnvelope is missing');
  for (const { name, path, op } of operations(doc)) {
    const fix = '(add @ApiOperationDoc to the handler)';
    if (!op.summary?.trim()) found.push(`${name}: no summary ${fix}`);
    if (!op.description?.trim()) found.push(`${name}: no description ${fix}`);
    const id = op.operationId ?? '';
    if (!/^[a-z][a-zA-Z0-9]*$/.test(id)) found.push(`${name}: operationId "${id}" is not camelCase ${fix}`);
    const other = ids.get(id);
    if (other) found.push(`${name}: operationId "${id}" is also used by ${other}`);
    else ids.set(id, name);
    for (const key of Object.keys(op)) {
      if (key.startsWith('x-perkrank-'))
        found.push(`${name}: internal marker ${key} leaked into the document`);
    }

    const responses = op.responses ?? {};
    const expected = new Set<string>();
    if (op.requestBody) ['400', '413'].forEach((s) => expected.add(s));
    if (op.parameters?.some((p) => p.in === 'query')) expected.add('400');
    if ((op.security ?? []).length > 0) ['401', '403'].forEach((s) => expected.add(s));
    if (path.includes('{')) expected.add('404');
    for (const status of expected) {
      if (!responses[status]) found.push(`${name}: does not list ${status}`);
    }
    for (const [status, response] of Object.entries(responses)) {
      if (!/^4\d\d$/.test(status)) continue;
      // The envelope itself, or the envelope refined (allOf) with what the route adds to details.
      const schema = response.content?.['application/json']?.schema;
      const ref = schema?.$ref ?? schema?.allOf?.[0]?.$ref;
      if (ref !== ENVELOPE_REF) found.push(`${name}: ${status} does not use the ErrorEnvelope schema`);
    }

    const json = op.requestBody?.content?.['application/json'];
    if (op.requestBody && !json) found.push(`${name}: request body is not application/json`);
    if (json && json.example === undefined && json.examples === undefined) {
      found.push(`${name}: request body has no example`);
    }
  }
  return found;
}

describe('OpenAPI for client developers', () => {
  let t: TestApp;
  let served: Document;
  beforeAll(async () => {
    t = await createTestApp();
    served = (await t.http.get('/docs-json').expect(200)).body as Document;
  });
  afterAll(async () => {
    await t.close();
  });

  it('every served operation is documented, identified, lists its errors and shows its body', () => {
    expect(operations(served).length).toBeGreaterThan(80);
    expect(problems(served)).toEqual([]);
  });

  it('so is every operation of the committed openapi.json', () => {
    const committed = JSON.parse(
      readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8'),
    ) as Document;
    expect(problems(committed)).toEqual([]);
  });

  it('names the operations a client generator will expose', () => {
    const byRoute = Object.fromEntries(operations(served).map(({ name, op }) => [name, op.operationId]));
    expect(byRoute).toMatchObject({
      'POST /v1/brands/{brandId}/campaigns': 'createCampaign',
      'GET /v1/perks': 'listPerks',
      'POST /v1/perks/{id}/claims': 'claimPerk',
      'POST /v1/auth/login': 'login',
    });
  });

  it('lists 429 on metered public routes and 409 where a state conflict is possible', () => {
    const op = (method: string, path: string): Operation => served.paths[path][method];
    expect(Object.keys(op('post', '/v1/auth/register').responses ?? {})).toEqual(
      expect.arrayContaining(['400', '409', '413', '429']),
    );
    expect(Object.keys(op('get', '/v1/topics').responses ?? {})).toContain('429');
    // Exempt from the public budget: health probes and the signed Stripe webhook.
    expect(Object.keys(op('get', '/health/live').responses ?? {})).not.toContain('429');
    expect(Object.keys(op('post', '/v1/webhooks/stripe').responses ?? {})).not.toContain('429');
    expect(Object.keys(op('post', '/v1/perks/{id}/claims').responses ?? {})).toContain('409');
  });

  it('the ErrorEnvelope schema describes the errors the API really answers', async () => {
    const schema = served.components.schemas.ErrorEnvelope as {
      required: string[];
      properties: { error: { required: string[]; properties: Record<string, unknown> } };
    };
    const unauthenticated = await t.http.get('/v1/me').expect(401);
    const notFound = await t.http.get('/v1/profiles/not-a-uuid').expect(404);
    for (const res of [unauthenticated, notFound]) {
      expect(Object.keys(res.body)).toEqual(schema.required);
      const error = res.body.error as Record<string, unknown>;
      for (const key of schema.properties.error.required) expect(error).toHaveProperty(key);
      for (const key of Object.keys(error))
        expect(Object.keys(schema.properties.error.properties)).toContain(key);
    }
  });

  it('a failure names the offending operations', () => {
    const broken: Document = {
      components: { schemas: {} },
      paths: {
        '/v1/things/{id}': {
          post: {
            operationId: 'Thing_create',
            security: [{ bearer: [] }],
            requestBody: { content: { 'application/json': {} } },
            responses: { '201': {}, '409': { content: {} } },
          },
        },
      },
    };
    expect(problems(broken)).toEqual([
      'components.schemas.ErrorEnvelope is missing',
      'POST /v1/things/{id}: no summary (add @ApiOperationDoc to the handler)',
      'POST /v1/things/{id}: no description (add @ApiOperationDoc to the handler)',
      'POST /v1/things/{id}: operationId "Thing_create" is not camelCase (add @ApiOperationDoc to the handler)',
      'POST /v1/things/{id}: does not list 400',
      'POST /v1/things/{id}: does not list 413',
      'POST /v1/things/{id}: does not list 401',
      'POST /v1/things/{id}: does not list 403',
      'POST /v1/things/{id}: does not list 404',
      'POST /v1/things/{id}: 409 does not use the ErrorEnvelope schema',
      'POST /v1/things/{id}: request body has no example',
    ]);
  });
});
