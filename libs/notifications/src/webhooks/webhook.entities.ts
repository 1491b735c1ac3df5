import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Brand } from '@perkrank/identity';

/** A brand's receiver of signed events (Stripe's model). */
@Entity('webhook_endpoints')
@Check('ck_webhook_endpoints_status', `status IN ('enabled', 'disabled')`)
export class WebhookEndpoint {
  @PrimaryColumn('uuid')
  id: string;

  @Index('ix_webhook_endpoints_brand_id')
  @Column('uuid')
  brandId: string;

  @Column('varchar', { length: 2048 })
  url: string;

  @Column('varchar', { length: 200, nullable: true })
  description: string | null;

  @Column('text', { array: true })
  events: string[];

  /** The signing secret (needed in clear to sign; shown to the brand once). */
  @Column('varchar', { length: 100 })
  secret: string;

  /** The secret before the last rotation, still signing until `previousSecretExpiresAt`. */
  @Column('varchar', { length: 100, nullable: true })
  previousSecret: string | null;

  @Column('timestamptz', { nullable: true })
  previousSecretExpiresAt: Date | null;

  @Column('varchar', { length: 16, default: 'enabled' })
  status: string;

  @Column('varchar', { length: 200, nullable: true })
  disabledReason: string | null;

  @Column('timestamptz', { nullable: true })
  disabledAt: Date | null;

  /** Failed attempts since the last success. */
  @Column('int', { default: 0 })
  consecutiveFailures: number;

  @Column('timestamptz', { nullable: true })
  lastSuccessAt: Date | null;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;

  @ManyToOne(() => Brand, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'brand_id', foreignKeyConstraintName: 'fk_webhook_endpoints_brand' })
  brand?: Brand;
}

/** One event for a brand, written in the transaction of the change; its id is what receivers dedupe on. */
@Entity('webhook_events')
@Index('ix_webhook_events_brand_created', ['brandId', 'createdAt'])
export class WebhookEvent {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  brandId: string;

  @Column('varchar', { length: 60 })
  type: string;

  @Column('jsonb')
  data: Record<string, unknown>;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @ManyToOne(() => Brand, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'brand_id', foreignKeyConstraintName: 'fk_webhook_events_brand' })
  brand?: Brand;
}

/** An event on its way to one endpoint: retried with backoff until it succeeds or gives up. */
@Entity('webhook_deliveries')
@Check('ck_webhook_deliveries_status', `status IN ('pending', 'succeeded', 'failed')`)
@Index('ix_webhook_deliveries_due', ['nextAttemptAt'], { where: `status = 'pending'` })
@Index('ix_webhook_deliveries_endpoint', ['endpointId', 'createdAt', 'id'])
export class WebhookDelivery {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  endpointId: string;

  @Index('ix_webhook_deliveries_event_id')
  @Column('uuid')
  eventId: string;

  @Column('varchar', { length: 16, default: 'pending' })
  status: string;

  @Column('int', { default: 0 })
  attempts: number;

  @Column('timestamptz')
  nextAttemptAt: Date;

  @Column('timestamptz', { nullable: true })
  lastAttemptAt: Date | null;

  @Column('int', { nullable: true })
  lastStatusCode: number | null;

  @Column('varchar', { length: 500, nullable: true })
  lastError: string | null;

  @Column('timestamptz', { nullable: true })
  deliveredAt: Date | null;

  /** Manual redelivery of an earlier delivery: this row's origin. */
  @Column('uuid', { nullable: true })
  redeliveryOf: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @ManyToOne(() => WebhookEndpoint, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'endpoint_id', foreignKeyConstraintName: 'fk_webhook_deliveries_endpoint' })
  endpoint?: WebhookEndpoint;

  @ManyToOne(() => WebhookEvent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'fk_webhook_deliveries_event' })
  event?: WebhookEvent;
}

/** Every attempt of a delivery: the log a brand reads when its receiver misbehaves. */
@Entity('webhook_delivery_attempts')
export class WebhookDeliveryAttempt {
  @PrimaryColumn('uuid')
  id: string;

  @Index('ix_webhook_delivery_attempts_delivery')
  @Column('uuid')
  deliveryId: string;

  @Column({ type: 'timestamptz', precision: 3 })
  attemptedAt: Date;

  @Column('int', { nullable: true })
  statusCode: number | null;

  @Column('varchar', { length: 500, nullable: true })
  error: string | null;

  @Column('int')
  durationMs: number;

  @ManyToOne(() => WebhookDelivery, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'delivery_id', foreignKeyConstraintName: 'fk_webhook_delivery_attempts_delivery' })
  delivery?: WebhookDelivery;
}
