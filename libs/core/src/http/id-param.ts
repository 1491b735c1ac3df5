import { createParamDecorator, ExecutionContext, Param, ParseUUIDPipe, PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { AppException } from '../errors/app.exception';

const uuidPipe = (): ParseUUIDPipe =>
  new ParseUUIDPipe({
    exceptionFactory: () => new AppException('not_found', 'not_found', 'No resource with this id was found.'),
  });

/** A UUID path parameter; anything else is a 404, exactly like an id that does not exist. */
export const IdParam = (name: string): ParameterDecorator => Param(name, uuidPipe());

/** Each named path parameter through the same check as IdParam. */
class UuidParamsPipe implements PipeTransform<Record<string, string>> {
  private readonly pipe = uuidPipe();
  constructor(private readonly names: readonly string[]) {}
  async transform(params: Record<string, string>): Promise<Record<string, string>> {
    const checked: Record<string, string> = {};
    for (const name of this.names)
      checked[name] = String(await this.pipe.transform(params[name], { type: 'param', data: name }));
    return checked;
  }
}

const PathParams = createParamDecorator(
  (_names: readonly string[], context: ExecutionContext) =>
    context.switchToHttp().getRequest<{ params: Record<string, string> }>().params,
);

/**
 * Several UUID path parameters as one object, e.g. `@IdParams('brandId', 'id') path: { brandId:
 * string; id: string }` for a nested resource: each checked as IdParam checks one (anything else
 * is a 404) and documented in OpenAPI as IdParam's are. Type the parameter as an object type, not
 * a class, so the global ValidationPipe leaves it alone.
 */
export const IdParams = (...names: string[]): ParameterDecorator => {
  const params = PathParams(names, new UuidParamsPipe(names));
  return (target, key, index) => {
    params(target, key, index);
    if (key === undefined) return;
    const descriptor = Object.getOwnPropertyDescriptor(target, key)!;
    for (const name of names) ApiParam({ name, required: true, type: String })(target, key, descriptor);
  };
};
