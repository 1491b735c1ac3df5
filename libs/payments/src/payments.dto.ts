import { ApiProperty } from '@nestjs/swagger';

export class CheckoutResponseDto {
  @ApiProperty({ example: 'https://checkout.stripe.com/c/pay/cs_test_…' }) checkoutUrl: string;
  @ApiProperty({ example: 'cs_test_…' }) sessionId: string;
  @ApiProperty({ example: 20000, description: 'inventory total × CAMPAIGN_UNIT_FEE_MINOR' })
  amountMinor: number;
  @ApiProperty({ example: 'EUR' }) currency: string;
}

export class LedgerEntryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) brandId: string;
  @ApiProperty({ format: 'uuid' }) campaignId: string;
  @ApiProperty({ enum: ['charge', 'refund'] }) kind: string;
  @ApiProperty() amountMinor: number;
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty({ description: 'Stripe payment intent or refund id' }) stripeRef: string;
  @ApiProperty() description: string;
  @ApiProperty() createdAt: Date;
}

export class WebhookAckDto {
  @ApiProperty({ example: true }) received: boolean;
  @ApiProperty({ description: 'true when this event id was processed before (no effect)' })
  duplicate: boolean;
}
