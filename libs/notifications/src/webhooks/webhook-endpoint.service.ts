import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig, Clock, decodeCursor, type Page, toPage, uuidv7 } from '@perkrank/core';
import { type AuthUser, BrandAccess } from '@perkrank/identity';
import { DataSource } from 'typeorm';
import { NotificationsException } from '../notifications.exception';
import { newWebhookSecret } from './signature';
import { checkWebhookUrl } from './target';
import type {
  CreateWebhookEndpointDto,
  UpdateWebhookEndpointDto,
  WebhookDeliveryResponse,
  WebhookEndpointResponse,
  WebhookEndpointWithSecretResponse,
} from './webhook.dto';
import { WebhookEndpoint } from './webhook.entities';

/** One endpoint's place: `/v1/brands/:brandId/webhook-endpoints/:id`. */
export interface EndpointPath {
  brandId: string;
  id: string;
}

/** Who manages a brand's webhooks: the people who manage its campaigns. */
const MAX_ENDPOINTS_PER_BRAND = 16;
const DEFAULT_OVERLAP_SECONDS = 86_400;

function view(e: WebhookEndpoint, now: Date): WebhookEndpointResponse {
  return {
    id: e.id,
    brandId: e.brandId,
    url: e.url,
    description: e.description,
    events: e.events,
    status: e.status,
    disabledReason: e.disabledReason,
    consecutiveFailures: e.consecutiveFailures,
    lastSuccessAt: e.lastSuccessAt,
    previousSecretExpiresAt:
      e.previousSecretExpiresAt && e.previousSecretExpiresAt.getTime() > now.getTime()
        ? e.previousSecretExpiresAt
        : null,
    createdAt: e.createdAt,
  };
}

interface DeliveryRow {
  id: string;
  eventId: string;
  eventType: string;
  eventData: Record<string, unknown>;
  eventCreatedAt: Date;
  status: string;
  attempts: number;
  nextAttemptAt: Date;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  redeliveryOf: string | null;
  createdAt: Date;
}

/** A brand's webhook endpoints, their delivery log, redelivery and secret rotation. */
@Injectable()
export class WebhookEndpointService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: BrandAccess,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  private checkUrl(url: string): string {
    const check = checkWebhookUrl(url, this.config.webhooksAllowPrivate);
    if (!check.ok)
      throw new NotificationsException('invalid_webhook_url', `The webhook URL ${check.reason}.`, {
        param: 'url',
      });
    return check.url.toString();
  }

  async create(
    caller: AuthUser,
    brandId: string,
    input: CreateWebhookEndpointDto,
  ): Promise<WebhookEndpointWithSecretResponse> {
    await this.access.require(caller, brandId, 'webhooks.manage');
    const url = this.checkUrl(input.url);
    const now = this.clock.now();
    const endpoint: WebhookEndpoint = Object.assign(new WebhookEndpoint(), {
      id: uuidv7(),
      brandId,
      url,
      description: input.description ?? null,
      events: [...input.events].sort(),
      secret: newWebhookSecret(),
      previousSecret: null,
      previousSecretExpiresAt: null,
      status: 'enabled',
      disabledReason: null,
      disabledAt: null,
      consecutiveFailures: 0,
      lastSuccessAt: null,
      createdBy: caller.id,
      createdAt: now,
      updatedAt: now,
    });
    await this.db.transaction(async (manager) => {
      // Serialises concurrent creates of one brand so the cap holds.
      await manager.query(`SELECT 1 FROM brands_v WHERE id = $1 FOR UPDATE`, [brandId]);
      const counted: Array<{ n: number }> = await manager.query(
        `SELECT count(*)::int AS n FROM webhook_endpoints WHERE brand_id = $1`,
        [brandId],
      );
      const n = counted[0]?.n ?? 0;
      if (n >= MAX_ENDPOINTS_PER_BRAND)
        throw new NotificationsException(
          'too_many_webhook_endpoints',
          `A brand can have at most ${MAX_ENDPOINTS_PER_BRAND} webhook endpoints.`,
        );
      await manager.insert(WebhookEndpoint, endpoint);
    });
    return { ...view(endpoint, now), secret: endpoint.secret };
  }

  async list(caller: AuthUser, brandId: string): Promise<WebhookEndpointResponse[]> {
    await this.access.require(caller, brandId, 'webhooks.manage');
    const rows = await this.db
      .getRepository(WebhookEndpoint)
      .find({ where: { brandId }, order: { createdAt: 'ASC' } });
    const now = this.clock.now();
    return rows.map((e) => view(e, now));
  }

  async get(caller: AuthUser, path: EndpointPath): Promise<WebhookEndpointResponse> {
    return view(await this.manage(caller, path), this.clock.now());
  }

  async update(
    caller: AuthUser,
    path: EndpointPath,
    input: UpdateWebhookEndpointDto,
  ): Promise<WebhookEndpointResponse> {
    const endpoint = await this.manage(caller, path);
    const { brandId, id } = path;
    const now = this.clock.now();
    const set: Partial<WebhookEndpoint> = { updatedAt: now };
    if (input.url !== undefined) set.url = this.checkUrl(input.url);
    if (input.events !== undefined) set.events = [...input.events].sort();
    if (input.description !== undefined) set.description = input.description;
    if (input.enabled === true && endpoint.status !== 'enabled')
      Object.assign(set, {
        status: 'enabled',
        disabledReason: null,
        disabledAt: null,
        consecutiveFailures: 0,
      });
    if (input.enabled === false && endpoint.status !== 'disabled')
      Object.assign(set, { status: 'disabled', disabledReason: 'Disabled by the brand', disabledAt: now });
    await this.db.getRepository(WebhookEndpoint).update({ id, brandId }, set);
    return view(await this.load(brandId, id), now);
  }

  async remove(caller: AuthUser, { brandId, id }: EndpointPath): Promise<void> {
    await this.access.require(caller, brandId, 'webhooks.manage');
    const result = await this.db.getRepository(WebhookEndpoint).delete({ id, brandId });
    if (!result.affected) throw notFound();
  }

  /**
   * A new secret, shown once. The old one keeps signing beside it for `overlapSeconds` (both `v1`
   * values in the header), so the receiver can switch without dropping events.
   */
  async rotate(
    caller: AuthUser,
    path: EndpointPath,
    overlapSeconds = DEFAULT_OVERLAP_SECONDS,
  ): Promise<WebhookEndpointWithSecretResponse> {
    const endpoint = await this.manage(caller, path);
    const { brandId, id } = path;
    const now = this.clock.now();
    const secret = newWebhookSecret();
    await this.db.getRepository(WebhookEndpoint).update(
      { id, brandId },
      {
        secret,
        previousSecret: overlapSeconds > 0 ? endpoint.secret : null,
        previousSecretExpiresAt: overlapSeconds > 0 ? new Date(now.getTime() + overlapSeconds * 1000) : null,
        updatedAt: now,
      },
    );
    return { ...view(await this.load(brandId, id), now), secret };
  }

  async deliveries(
    caller: AuthUser,
    path: EndpointPath,
    query: { limit: number; cursor?: string; status?: string },
  ): Promise<Page<WebhookDeliveryResponse>> {
    const { id } = await this.manage(caller, path);
    const after = decodeCursor(query.cursor);
    const params: unknown[] = [id, query.limit + 1];
    const where = ['d.endpoint_id = $1'];
    if (query.status) where.push(`d.status = $${params.push(query.status)}`);
    if (after)
      where.push(
        `(d.created_at, d.id) < ($${params.push(after.at)}::timestamptz, $${params.push(after.id)}::uuid)`,
      );
    const rows: DeliveryRow[] = await this.db.query(
      `SELECT d.id, d.event_id AS "eventId", ev.type AS "eventType", ev.data AS "eventData", ev.created_at AS "eventCreatedAt",
              d.status, d.attempts, d.next_attempt_at AS "nextAttemptAt", d.last_status_code AS "lastStatusCode",
              d.last_error AS "lastError", d.delivered_at AS "deliveredAt", d.redelivery_of AS "redeliveryOf",
              d.created_at AS "createdAt"
         FROM webhook_deliveries d JOIN webhook_events ev ON ev.id = d.event_id
        WHERE ${where.join(' AND ')}
        ORDER BY d.created_at DESC, d.id DESC LIMIT $2`,
      params,
    );
    const attempts = await this.attempts(rows.slice(0, query.limit).map((r) => r.id));
    return toPage(
      rows,
      query.limit,
      (r) => ({ at: new Date(r.createdAt).toISOString(), id: r.id }),
      (r) => deliveryView(r, attempts.get(r.id) ?? []),
    );
  }

  /** Sends the delivery's event again (same event id) as a new delivery, due now. */
  async redeliver(
    caller: AuthUser,
    path: EndpointPath,
    deliveryId: string,
  ): Promise<WebhookDeliveryResponse> {
    const endpoint = await this.manage(caller, path);
    const endpointId = endpoint.id;
    if (endpoint.status !== 'enabled')
      throw new NotificationsException(
        'webhook_endpoint_not_found',
        'The endpoint is disabled: enable it first (PATCH with {"enabled": true}).',
      );
    const now = this.clock.now();
    const id = uuidv7();
    const inserted: unknown[] = await this.db.query(
      `WITH x AS (
         INSERT INTO webhook_deliveries (id, endpoint_id, event_id, status, attempts, next_attempt_at, redelivery_of, created_at)
         SELECT $1, d.endpoint_id, d.event_id, 'pending', 0, $4, d.id, $4
           FROM webhook_deliveries d WHERE d.id = $2 AND d.endpoint_id = $3
         RETURNING id
       )
       SELECT id FROM x`,
      [id, deliveryId, endpointId, now],
    );
    if (inserted.length === 0)
      throw new NotificationsException('webhook_delivery_not_found', 'No delivery with this id was found.');
    const rows: DeliveryRow[] = await this.db.query(
      `SELECT d.id, d.event_id AS "eventId", ev.type AS "eventType", ev.data AS "eventData", ev.created_at AS "eventCreatedAt",
              d.status, d.attempts, d.next_attempt_at AS "nextAttemptAt", d.last_status_code AS "lastStatusCode",
              d.last_error AS "lastError", d.delivered_at AS "deliveredAt", d.redelivery_of AS "redeliveryOf",
              d.created_at AS "createdAt"
         FROM webhook_deliveries d JOIN webhook_events ev ON ev.id = d.event_id WHERE d.id = $1`,
      [id],
    );
    return deliveryView(rows[0], []);
  }

  private async attempts(ids: string[]): Promise<Map<string, WebhookDeliveryResponse['attemptLog']>> {
    const map = new Map<string, WebhookDeliveryResponse['attemptLog']>();
    if (ids.length === 0) return map;
    const rows: Array<{
      deliveryId: string;
      attemptedAt: Date;
      statusCode: number | null;
      error: string | null;
      durationMs: number;
    }> = await this.db.query(
      `SELECT delivery_id AS "deliveryId", attempted_at AS "attemptedAt", status_code AS "statusCode", error,
                duration_ms AS "durationMs"
           FROM webhook_delivery_attempts WHERE delivery_id = ANY($1::uuid[]) ORDER BY attempted_at, id`,
      [ids],
    );
    for (const r of rows) {
      const list = map.get(r.deliveryId) ?? [];
      list.push({
        attemptedAt: r.attemptedAt,
        statusCode: r.statusCode,
        error: r.error,
        durationMs: r.durationMs,
      });
      map.set(r.deliveryId, list);
    }
    return map;
  }

  /** The caller may manage the brand's webhooks, and the endpoint is the brand's (else 404). */
  private async manage(caller: AuthUser, path: EndpointPath): Promise<WebhookEndpoint> {
    await this.access.require(caller, path.brandId, 'webhooks.manage');
    return this.load(path.brandId, path.id);
  }

  private async load(brandId: string, id: string): Promise<WebhookEndpoint> {
    const endpoint = await this.db.getRepository(WebhookEndpoint).findOneBy({ id, brandId });
    if (!endpoint) throw notFound();
    return endpoint;
  }
}

function notFound(): NotificationsException {
  return new NotificationsException(
    'webhook_endpoint_not_found',
    'No webhook endpoint with this id was found.',
  );
}

function deliveryView(
  r: DeliveryRow,
  attemptLog: WebhookDeliveryResponse['attemptLog'],
): WebhookDeliveryResponse {
  return {
    id: r.id,
    eventId: r.eventId,
    eventType: r.eventType,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.status === 'pending' ? r.nextAttemptAt : null,
    lastStatusCode: r.lastStatusCode,
    lastError: r.lastError,
    deliveredAt: r.deliveredAt,
    redeliveryOf: r.redeliveryOf,
    createdAt: r.createdAt,
    attemptLog,
    event: {
      id: r.eventId,
      type: r.eventType,
      created: new Date(r.eventCreatedAt).toISOString(),
      data: r.eventData,
    },
  };
}
