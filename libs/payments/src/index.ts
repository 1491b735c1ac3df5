/**
 * @perkrank/payments — brands pay a listing fee per unit of campaign stock through Stripe
 * Checkout; webhooks mark campaigns funded; rejections, removals and ends refund what is owed;
 * every charge and refund is a ledger row. Off (funding not required) without STRIPE_SECRET_KEY.
 */
export * from './payments.module';
export * from './gateway/stripe.gateway';
export * from './ledger/payment.entities';
export * from './refunds/refund.service';
