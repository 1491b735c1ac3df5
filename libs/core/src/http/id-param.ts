import { Param, ParseUUIDPipe } from '@nestjs/common';
import { AppException } from '../errors/app.exception';

/** A UUID path parameter; anything else is a 404, exactly like an id that does not exist. */
export const IdParam = (name: string): ParameterDecorator =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () =>
        new AppException('not_found', 'not_found', 'No resource with this id was found.'),
    }),
  );
