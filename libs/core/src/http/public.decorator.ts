import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiPublicMark } from './api-docs';

export const IS_PUBLIC = 'perkrank:public';

/** Opts a route (or controller) out of the global bearer-token guard. */
export const Public = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(IS_PUBLIC, true), ApiPublicMark());
