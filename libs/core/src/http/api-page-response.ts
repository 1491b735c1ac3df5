import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';

type Properties = Record<string, object>;

/** A 200 of `{ data: [model...], ...more }`, every named property required. */
const wrapped = (model: Type, description: string | undefined, more: Properties = {}): MethodDecorator => {
  const properties = { data: { type: 'array', items: { $ref: getSchemaPath(model) } }, ...more };
  return applyDecorators(
    ApiExtraModels(model),
    ApiOkResponse({ description, schema: { type: 'object', required: Object.keys(properties), properties } }),
  );
};

/** Documents a cursor page (`{ data, hasMore, nextCursor }`) of `model`, as clients receive it. */
export const ApiPageResponse = (model: Type, description?: string): MethodDecorator =>
  wrapped(model, description, {
    hasMore: { type: 'boolean' },
    nextCursor: { type: 'string', nullable: true, description: 'Pass as ?cursor= for the next page' },
  });

/** Documents a whole list wrapped as `{ data: [...] }` (no cursor), as clients receive it. */
export const ApiListResponse = (model: Type, description?: string): MethodDecorator =>
  wrapped(model, description);
