import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery, Optional } from '@perkrank/core';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  MaxLength,
  Min,
  Max,
} from 'class-validator';
import { WEBHOOK_EVENT_TYPES } from './webhook-events';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

/** Published as the named `WebhookEventType` schema, so the web client gets the list as values. */
const EVENTS_SCHEMA = { enum: WEBHOOK_EVENT_TYPES, enumName: 'WebhookEventType', isArray: true } as const;

/**
 * A non-empty set of known event types, each at most once. applyDecorators applies its list first to
 * last, a stack bottom to top: listed bottom-up, the constraints register (and report) in the order
 * the stacked decorators had.
 */
function WebhookEvents(): PropertyDecorator {
  return applyDecorators(
    IsIn(WEBHOOK_EVENT_TYPES, {
      each: true,
      message: `each event must be one of: ${WEBHOOK_EVENT_TYPES.join(', ')}`,
    }),
    ArrayUnique(),
    ArrayMaxSize(WEBHOOK_EVENT_TYPES.length),
    ArrayMinSize(1),
    IsArray(),
  );
}

export class CreateWebhookEndpointDto {
  @ApiProperty({ example: 'https://hotel.example.com/perkrank/webhooks' })
  @Transform(trim)
  @IsString()
  @MaxLength(2048)
  url: string;

  @ApiProperty({ ...EVENTS_SCHEMA, example: ['claim.created', 'claim.redeemed'] })
  @WebhookEvents()
  events: string[];

  @ApiPropertyOptional({ maxLength: 200 })
  @Optional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  description?: string;
}

export class UpdateWebhookEndpointDto {
  @ApiPropertyOptional()
  @Optional()
  @Transform(trim)
  @IsString()
  @MaxLength(2048)
  url?: string;

  @ApiPropertyOptional(EVENTS_SCHEMA)
  @Optional()
  @WebhookEvents()
  events?: string[];

  @ApiPropertyOptional({ description: 'true re-enables an endpoint that was disabled' })
  @Optional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ maxLength: 200, nullable: true })
  @Optional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  description?: string;
}

export class RotateSecretDto {
  @ApiPropertyOptional({
    default: 86400,
    minimum: 0,
    maximum: 604800,
    description: 'How long the old secret keeps signing beside the new one (seconds; 0 ends it now)',
  })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(604_800)
  overlapSeconds?: number;
}

export class DeliveryListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['pending', 'succeeded', 'failed'] })
  @Optional()
  @IsIn(['pending', 'succeeded', 'failed'])
  status?: 'pending' | 'succeeded' | 'failed';
}

export class WebhookEndpointResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) brandId: string;
  @ApiProperty() url: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty(EVENTS_SCHEMA) events: string[];
  @ApiProperty({ enum: ['enabled', 'disabled'] }) status: string;
  @ApiProperty({ nullable: true, type: String }) disabledReason: string | null;
  @ApiProperty({ description: 'Failed attempts since the last successful one' }) consecutiveFailures: number;
  @ApiProperty({ nullable: true, type: Date }) lastSuccessAt: Date | null;
  @ApiProperty({ nullable: true, type: Date, description: 'Until then the previous secret also signs' })
  previousSecretExpiresAt: Date | null;
  @ApiProperty() createdAt: Date;
}

export class WebhookEndpointWithSecretResponse extends WebhookEndpointResponse {
  @ApiProperty({ description: 'The signing secret: shown this once, keep it on the receiving side' })
  secret: string;
}

export class WebhookAttemptView {
  @ApiProperty() attemptedAt: Date;
  @ApiProperty({ nullable: true, type: Number }) statusCode: number | null;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
  @ApiProperty() durationMs: number;
}

export class WebhookDeliveryResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The event id (the same on every retry and redelivery)' })
  eventId: string;
  @ApiProperty() eventType: string;
  @ApiProperty({ enum: ['pending', 'succeeded', 'failed'] }) status: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, type: Date }) nextAttemptAt: Date | null;
  @ApiProperty({ nullable: true, type: Number }) lastStatusCode: number | null;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty({ nullable: true, type: Date }) deliveredAt: Date | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) redeliveryOf: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ type: [WebhookAttemptView] }) attemptLog: WebhookAttemptView[];
  @ApiProperty({ description: 'The event body as delivered ({ id, type, created, data })' })
  event: Record<string, unknown>;
}
