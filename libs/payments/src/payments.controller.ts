import { Controller, Get, Headers, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import {
  ApiErrors,
  ApiOperationDoc,
  ApiPageResponse,
  Idempotent,
  IdParam,
  keyAt,
  Page,
  pageLimit,
  PageQuery,
  PostAction,
  Public,
  SkipRequestRate,
  toPage,
} from '@perkrank/core';
import { AuthUser, BrandAccess, CurrentUser, Roles } from '@perkrank/identity';
import type { Request } from 'express';
import { CheckoutService } from './checkout/checkout.service';
import { PaymentsRepository } from './ledger/payments.repository';
import { CheckoutResponseDto, LedgerEntryDto, WebhookAckDto } from './payments.dto';
import { StripeWebhookService } from './webhooks/stripe-webhook.service';

const page = (rows: LedgerEntryDto[], limit: number): Page<LedgerEntryDto> =>
  toPage(rows, limit, keyAt('createdAt'), (r) => r);

@ApiTags('payments')
@ApiBearerAuth('bearer')
@Controller('v1')
export class PaymentsController {
  constructor(
    private readonly checkoutService: CheckoutService,
    private readonly payments: PaymentsRepository,
    private readonly access: BrandAccess,
  ) {}

  @Post('campaigns/:id/checkout')
  @Idempotent()
  @ApiCreatedResponse({
    type: CheckoutResponseDto,
    description: '409 funding_not_required when payments are off',
  })
  @ApiOperationDoc({
    operationId: 'createCheckout',
    summary: 'Pay for a campaign',
    description:
      'Starts a Stripe Checkout session to fund a campaign and returns its URL. Owner or manager of the brand.',
  })
  @ApiErrors({
    status: 409,
    description: 'already_funded, funding_not_required, campaign_not_fundable or checkout_in_progress',
  })
  checkout(@CurrentUser() user: AuthUser, @IdParam('id') id: string): Promise<CheckoutResponseDto> {
    return this.checkoutService.checkout(user, id);
  }

  @Get('brands/:brandId/payments')
  @ApiPageResponse(LedgerEntryDto, 'Charges and refunds, newest first')
  @ApiOperationDoc({
    operationId: 'listBrandPayments',
    summary: "List a brand's payments",
    description: "The brand's payment ledger, newest first, by cursor. Brand members.",
  })
  async brandLedger(
    @CurrentUser() user: AuthUser,
    @IdParam('brandId') brandId: string,
    @Query() query: PageQuery,
  ): Promise<Page<LedgerEntryDto>> {
    await this.access.require(user, brandId, 'payments.manage');
    const limit = pageLimit(query);
    return page(await this.payments.ledger(limit, query.cursor, brandId), limit);
  }

  @Get('admin/payments')
  @Roles('admin')
  @ApiPageResponse(LedgerEntryDto, 'Every charge and refund, newest first')
  @ApiOperationDoc({
    operationId: 'listAllPayments',
    summary: 'List all payments',
    description: 'The payment ledger of every brand, newest first, by cursor. Admin only.',
  })
  async allLedger(@Query() query: PageQuery): Promise<Page<LedgerEntryDto>> {
    const limit = pageLimit(query);
    return page(await this.payments.ledger(limit, query.cursor), limit);
  }
}

@ApiTags('payments')
@Controller('v1/webhooks')
export class StripeWebhookController {
  constructor(private readonly webhooks: StripeWebhookService) {}

  /** Stripe calls this; the body must stay raw for the signature check. */
  @Public()
  // Signed by Stripe, which retries on 429: a limit here would only delay money events.
  @SkipRequestRate()
  @PostAction('stripe', {
    type: WebhookAckDto,
    description: '400 invalid_signature when Stripe-Signature does not verify',
  })
  @ApiOperationDoc({
    operationId: 'receiveStripeWebhook',
    summary: 'Receive a Stripe event',
    description:
      "Stripe's webhook endpoint: verifies the signature and records the payment. Not for clients.",
  })
  @ApiErrors(400)
  receive(
    @Req() req: Request & { rawBody?: Buffer },
    @Headers('stripe-signature') signature?: string,
  ): Promise<WebhookAckDto> {
    return this.webhooks.receive(req.rawBody, signature);
  }
}
