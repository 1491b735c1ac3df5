import type { OpenAPIObject } from '@nestjs/swagger';
import { OPENAPI_PUBLIC_MARK, OPENAPI_UNMETERED_MARK } from './api-docs';
import { completeOperations } from './openapi';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function documentWith(paths: Json, schemas: Json = {}): OpenAPIObject {
  return {
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths,
    components: { schemas },
  };
}

const ENVELOPE = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' } } };

describe('completeOperations', () => {
  it('derives the 4xx from the route and points every 4xx at ErrorEnvelope, keeping declared descriptions', () => {
    const doc = completeOperations(
      documentWith(
        {
          '/v1/things/{id}': {
            post: {
              security: [{ bearer: [] }],
              parameters: [{ in: 'path', name: 'id' }],
              requestBody: {
                content: { 'application/json': { schema: { $ref: '#/components/schemas/ThingDto' } } },
              },
              responses: {
                '201': { description: 'made' },
                '409': { description: 'thing_taken' },
                '422': {
                  description: 'thing_unfit',
                  content: { 'application/json': { schema: { properties: { error: { type: 'object' } } } } },
                },
              },
            },
          },
          '/v1/public': {
            get: {
              [OPENAPI_PUBLIC_MARK]: true,
              parameters: [{ in: 'query', name: 'q' }],
              responses: { '200': {} },
            },
          },
          '/health': {
            get: { [OPENAPI_PUBLIC_MARK]: true, [OPENAPI_UNMETERED_MARK]: true, responses: { '200': {} } },
          },
        },
        { ThingDto: { type: 'object', properties: { name: { type: 'string', example: 'Lamp' } } } },
      ),
    );
    const post = doc.paths['/v1/things/{id}'].post as Json;
    expect(Object.keys(post.responses)).toEqual(['201', '400', '401', '403', '404', '409', '413', '422']);
    expect(post.responses['409']).toEqual({ description: 'thing_taken', content: ENVELOPE });
    expect(post.responses['401'].content).toEqual(ENVELOPE);
    expect(post.responses['422'].content['application/json'].schema).toEqual({
      allOf: [{ $ref: '#/components/schemas/ErrorEnvelope' }, { properties: { error: { type: 'object' } } }],
    });
    expect(post.responses['201'].content).toBeUndefined();
    expect(post.requestBody.content['application/json'].example).toEqual({ name: 'Lamp' });

    const open = doc.paths['/v1/public'].get as Json;
    expect(Object.keys(open.responses)).toEqual(['200', '400', '429']);
    expect(open[OPENAPI_PUBLIC_MARK]).toBeUndefined();
    const health = doc.paths['/health'].get as Json;
    expect(Object.keys(health.responses)).toEqual(['200']);
    expect(Object.keys(health)).toEqual(['responses']);
    expect(doc.components?.schemas?.ErrorEnvelope).toBeDefined();
  });

  it('builds a body example from nested refs, enums, arrays and formats, and keeps a declared one', () => {
    const schemas = {
      Outer: {
        type: 'object',
        required: ['kind'],
        properties: {
          kind: { type: 'string', enum: ['hotel', 'bar'] },
          when: { type: 'string', format: 'date-time' },
          inner: { $ref: '#/components/schemas/Inner' },
          tags: { type: 'array', items: { type: 'string', example: 'food' } },
          count: { type: 'integer', minimum: 2 },
        },
      },
      Inner: {
        type: 'object',
        properties: { id: { type: 'string', format: 'uuid' }, ok: { type: 'boolean' } },
      },
    };
    const ref = { schema: { $ref: '#/components/schemas/Outer' } };
    const doc = completeOperations(
      documentWith(
        {
          '/a': { post: { requestBody: { content: { 'application/json': { ...ref } } }, responses: {} } },
          '/b': {
            post: {
              requestBody: { content: { 'application/json': { ...ref, example: { kind: 'bar' } } } },
              responses: {},
            },
          },
        },
        schemas,
      ),
    );
    const example = (path: string): unknown =>
      ((doc.paths[path].post as Json).requestBody.content['application/json'] as Json).example;
    expect(example('/a')).toEqual({
      kind: 'hotel',
      when: '2026-06-01T09:00:00.000Z',
      inner: { id: '3f1c2a9e-8b4d-4c6e-9a1f-2b7d5e0c4a61', ok: true },
      tags: ['food'],
      count: 2,
    });
    expect(example('/b')).toEqual({ kind: 'bar' });
  });

  it('stops at self-referencing schemas', () => {
    const schemas = { Node: { type: 'object', properties: { next: { $ref: '#/components/schemas/Node' } } } };
    const doc = completeOperations(
      documentWith(
        {
          '/n': {
            put: {
              requestBody: {
                content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } },
              },
              responses: {},
            },
          },
        },
        schemas,
      ),
    );
    expect(
      JSON.stringify((doc.paths['/n'].put as Json).requestBody.content['application/json'].example),
    ).toMatch(/^\{"next":/);
  });
});
