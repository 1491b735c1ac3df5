import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { uuidv7 } from '../ids/uuid7';

/** Where the interceptor leaves the ticket on the request. */
export const IDEMPOTENCY_TICKET = 'perkrank:idempotency-ticket';

/**
 * An `Idempotency-Key` not yet taken, handed to a handler marked `@Idempotent({ inStatement: true })`
 * (docs/api.md "Idempotency"). The handler either
 *
 * - has its own statement record the key as completed with its answer ({@link recordSql} in a CTE
 *   over the row the answer is built from, then {@link recorded} = true): one statement makes the
 *   change and records the answer, or neither when it fails — an existing record of the key (a
 *   replay, a request in progress, another body, an expired record) makes the insert fail on the
 *   key's unique index and undoes the whole statement; or
 * - calls {@link take} before doing anything else: the key is taken as on every idempotent route
 *   (which throws the stored answer for a replay, or the conflict), and the interceptor records the
 *   handler's answer.
 */
export class IdempotencyTicket {
  readonly id = uuidv7();
  readonly scope: string;
  readonly key: string;
  readonly requestHash: string;
  readonly now: Date;
  readonly ttlSeconds: number;
  readonly leaseSeconds: number;
  /** The status a success answers with (what the statement records). */
  readonly status: number;
  private done = false;
  private readonly takeKey: () => Promise<void>;

  constructor(fields: {
    scope: string;
    key: string;
    requestHash: string;
    now: Date;
    ttlSeconds: number;
    leaseSeconds: number;
    status: number;
    take: () => Promise<void>;
  }) {
    this.scope = fields.scope;
    this.key = fields.key;
    this.requestHash = fields.requestHash;
    this.now = fields.now;
    this.ttlSeconds = fields.ttlSeconds;
    this.leaseSeconds = fields.leaseSeconds;
    this.status = fields.status;
    this.takeKey = fields.take;
  }

  /** The handler's statement recorded the key and its answer. */
  get recorded(): boolean {
    return this.done;
  }

  markRecorded(): void {
    this.done = true;
  }

  /** Takes the key the ordinary way; throws the stored answer (a replay) or the conflict. */
  take(): Promise<void> {
    return this.takeKey();
  }

  /**
   * The values {@link recordSql} reads, in its parameters' order: id, scope, key, request hash,
   * time-to-live and lease in seconds, status. All null without a ticket: the insert selects nothing.
   */
  static values(ticket: IdempotencyTicket | undefined): unknown[] {
    if (!ticket) return [null, null, null, null, null, null, null];
    return [
      ticket.id,
      ticket.scope,
      ticket.key,
      ticket.requestHash,
      ticket.ttlSeconds,
      ticket.leaseSeconds,
      ticket.status,
    ];
  }

  /**
   * An INSERT recording the key as completed with `body` (a jsonb expression over `source`, the
   * statement's CTE of the row the answer shows), for a data-modifying CTE. `first` is the number
   * of the first of the seven parameters {@link values} gives; `now` the statement's time parameter.
   */
  static recordSql(first: number, now: string, source: string, body: string): string {
    const $ = (i: number): string => `$${first + i}`;
    return `INSERT INTO idempotency_keys (id, scope, key, request_hash, state, created_at, expires_at,
                                  lease_expires_at, response_status, response_body)
  SELECT ${$(0)}::uuid, ${$(1)}::text, ${$(2)}::varchar, ${$(3)}::text, 'completed', ${now},
         ${now}::timestamptz + make_interval(secs => ${$(4)}::int),
         ${now}::timestamptz + make_interval(secs => ${$(5)}::int), ${$(6)}::int, ${body}
    FROM ${source} WHERE ${$(1)}::text IS NOT NULL`;
  }
}

/** The request's IdempotencyTicket (undefined without an Idempotency-Key). */
export const IdempotencyTicketParam = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): IdempotencyTicket | undefined =>
    ctx.switchToHttp().getRequest<{ [IDEMPOTENCY_TICKET]?: IdempotencyTicket }>()[IDEMPOTENCY_TICKET],
);
