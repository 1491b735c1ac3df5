import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import {
  ERROR_ENVELOPE_SCHEMA,
  errorDescription,
  type ErrorStatus,
  OPENAPI_PUBLIC_MARK,
  OPENAPI_UNMETERED_MARK,
} from './api-docs';

type Json = Record<string, unknown>;
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

/** The one error envelope every 4xx answer uses. */
const ERROR_ENVELOPE: Json = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['type', 'code', 'message', 'requestId'],
      properties: {
        type: {
          type: 'string',
          enum: [
            'invalid_request_error',
            'authentication_error',
            'permission_error',
            'not_found_error',
            'conflict_error',
            'rate_limit_error',
            'api_error',
          ],
        },
        code: { type: 'string', description: 'Stable machine-readable code', example: 'validation_failed' },
        message: { type: 'string', description: 'For people; may change', example: 'title must be a string' },
        param: { type: 'string', description: 'The offending field, when there is one', example: 'title' },
        details: { type: 'object', additionalProperties: true, description: 'e.g. fields: every bad field' },
        requestId: { type: 'string', description: 'Also in the X-Request-Id header', example: 'req_3f2a9c' },
      },
    },
  },
};

/** The OpenAPI document of the running app; `openapi.json` is a committed copy CI compares. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('PerkRank API')
    .setDescription(
      'Open-source perks marketplace with a transparent, opt-in influence score. Errors always use the envelope ' +
        '{ error: { type, code, message, param?, details?, requestId } } (schema ErrorEnvelope).',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }, 'apiKey')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    // Only a fallback: every route names its own id with @ApiOperationDoc.
    operationIdFactory: (controller, method) =>
      camelCase(`${method}_${controller.replace(/Controller$/, '')}`),
  });
  return completeOperations(document);
}

/**
 * The pass every document goes through: the error envelope becomes one named schema, every
 * operation lists the 4xx its shape implies (body → 400/413, query → 400, authenticated →
 * 401/403, id in the path → 404, public and metered → 429) plus the ones its decorators name,
 * all pointing at that schema, and every JSON request body gets an example.
 */
export function completeOperations(document: OpenAPIObject): OpenAPIObject {
  const components = (document.components ??= {});
  const schemas = (components.schemas ??= {}) as Record<string, Json>;
  schemas[ERROR_ENVELOPE_SCHEMA] = ERROR_ENVELOPE;
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = (item as Record<string, Json | undefined>)[method];
      if (operation) completeOperation(path, operation, schemas);
    }
  }
  return document;
}

function completeOperation(path: string, operation: Json, schemas: Record<string, Json>): void {
  const isPublic = operation[OPENAPI_PUBLIC_MARK] === true;
  const unmetered = operation[OPENAPI_UNMETERED_MARK] === true;
  delete operation[OPENAPI_PUBLIC_MARK];
  delete operation[OPENAPI_UNMETERED_MARK];
  const security = operation.security as unknown[] | undefined;
  const authenticated = security !== undefined && security.length > 0;
  const parameters = (operation.parameters ?? []) as Array<{ in?: string }>;
  const body = operation.requestBody as { content?: Record<string, Json> } | undefined;

  const implied = new Set<ErrorStatus>();
  if (body) implied.add(400).add(413);
  if (parameters.some((p) => p.in === 'query')) implied.add(400);
  if (authenticated) implied.add(401).add(403);
  if (path.includes('{')) implied.add(404);
  if (isPublic && !unmetered) implied.add(429);

  const responses = (operation.responses ??= {}) as Record<string, Json>;
  for (const status of implied) responses[String(status)] ??= { description: errorDescription(status) };
  const envelope = { $ref: `#/components/schemas/${ERROR_ENVELOPE_SCHEMA}` };
  for (const [status, response] of Object.entries(responses)) {
    if (!/^4\d\d$/.test(status)) continue;
    // A route that documents more (e.g. the shape of details) keeps it, on top of the envelope.
    const own = (response.content as Record<string, Json> | undefined)?.['application/json']?.schema as
      Json | undefined;
    const schema = own && own.$ref !== envelope.$ref ? { allOf: [envelope, own] } : envelope;
    response.content = { 'application/json': { schema } };
  }
  operation.responses = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));

  const json = body?.content?.['application/json'];
  if (json && json.example === undefined && json.examples === undefined && json.schema) {
    json.example = exampleOf(json.schema as Json, schemas, 0);
  }
}

/** An example value built from a schema: its own `example`, else the first enum value, else by type. */
function exampleOf(schema: Json, schemas: Record<string, Json>, depth: number): unknown {
  if (typeof schema.$ref === 'string') {
    const target = schemas[schema.$ref.replace('#/components/schemas/', '')];
    return target && depth < 6 ? exampleOf(target, schemas, depth + 1) : {};
  }
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const variants = (schema.allOf ?? schema.oneOf ?? schema.anyOf) as Json[] | undefined;
  if (variants?.length) return exampleOf(variants[0], schemas, depth + 1);
  switch (schema.type) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Json>;
      return Object.fromEntries(
        Object.entries(properties).map(([name, property]) => [name, exampleOf(property, schemas, depth + 1)]),
      );
    }
    case 'array':
      return schema.items ? [exampleOf(schema.items as Json, schemas, depth + 1)] : [];
    case 'integer':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 1.5;
    case 'boolean':
      return true;
    case 'string':
      return stringExample(schema);
    default:
      return {};
  }
}

function stringExample(schema: Json): string {
  switch (schema.format) {
    case 'uuid':
      return '3f1c2a9e-8b4d-4c6e-9a1f-2b7d5e0c4a61';
    case 'date-time':
      return '2026-06-01T09:00:00.000Z';
    case 'date':
      return '2026-06-01';
    case 'email':
      return 'alex@example.com';
    case 'uri':
    case 'url':
      return 'https://example.com';
    default:
      return typeof schema.minLength === 'number' && schema.minLength > 6
        ? 'x'.repeat(schema.minLength)
        : 'string';
  }
}

/** `list_Perk` → `listPerk`: the fallback operation id, always camelCase. */
function camelCase(value: string): string {
  const words = value.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return words.map((w, i) => (i === 0 ? w[0].toLowerCase() : w[0].toUpperCase()) + w.slice(1)).join('');
}

export function setupOpenApi(app: INestApplication): void {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    customSiteTitle: 'PerkRank API',
  });
}
