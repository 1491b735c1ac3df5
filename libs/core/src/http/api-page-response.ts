import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';

/** Documents a cursor page (`{ data, hasMore, nextCursor }`) of `model`, as clients receive it. */
export const ApiPageResponse = (model: Type, description?: string): MethodDecorator =>
  applyDecorators(
    ApiExtraModels(model),
    ApiOkResponse({
      description,
      schema: {
        type: 'object',
        required: ['data', 'hasMore', 'nextCursor'],
        properties: {
          data: { type: 'array', items: { $ref: getSchemaPath(model) } },
          hasMore: { type: 'boolean' },
          nextCursor: { type: 'string', nullable: true, description: 'Pass as ?cursor= for the next page' },
        },
      },
    }),
  );

/** Documents a whole list wrapped as `{ data: [...] }` (no cursor), as clients receive it. */
export const ApiListResponse = (model: Type, description?: string): MethodDecorator =>
  applyDecorators(
    ApiExtraModels(model),
    ApiOkResponse({
      description,
      schema: {
        type: 'object',
        required: ['data'],
        properties: { data: { type: 'array', items: { $ref: getSchemaPath(model) } } },
      },
    }),
  );
