import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';

export const SESSION_READ = 'perkrank:session-read';

/**
 * More columns about the caller, read by the access check's own statement instead of a round trip
 * of its own: the session lookup runs on every authenticated request anyway, and a route whose
 * first step is another read of the caller's row (GET /v1/me, the perk feed's member profile)
 * saves that round trip. `columns` is a select list over `u` (the caller's `users` row; it may
 * read other contexts' read models by `u.id`) whose aliases are not among the session user's own
 * (`id`, `email`, `displayName`, `roles`, `status`, `emailVerified`); `name` names the prepared
 * statement. The row is read in the same statement as the session check, so it is as fresh as the
 * check itself.
 */
export interface SessionRead {
  name: string;
  columns: string;
}

/** The route's handler gets `read`'s columns with @SessionReadRow(). */
export const WithSessionRead = (read: SessionRead): MethodDecorator => SetMetadata(SESSION_READ, read);

/** The columns of the route's @WithSessionRead, as the access guard read them (undefined on other routes). */
export const SessionReadRow = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): Record<string, unknown> | undefined =>
    ctx.switchToHttp().getRequest<{ sessionRead?: Record<string, unknown> }>().sessionRead,
);
