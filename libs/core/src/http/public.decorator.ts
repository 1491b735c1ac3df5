import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'perkrank:public';

/** Opts a route (or controller) out of the global bearer-token guard. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
