import Stripe from 'stripe';
import { createTestApp, type TestApp, type TestAppOptions } from './app';
import { StripeFake } from './fakes/stripe-fake';
import { beforeAllValue } from './use-test-app';

/** Test-only Stripe credentials; tests assert neither ever reaches a log line. */
export const STRIPE_TEST_SECRET_KEY = 'sk_test_perkrank_secret_key_value';
export const STRIPE_TEST_WEBHOOK_SECRET = 'whsec_perkrank_webhook_secret_value';

const signer = new Stripe('sk_test_signer_only');

/** The settings that switch payments on against the fake Stripe, in euros at this fee per unit. */
export function paymentsEnv(fake: StripeFake, unitFeeMinor: number): Record<string, string> {
  return {
    STRIPE_SECRET_KEY: STRIPE_TEST_SECRET_KEY,
    STRIPE_WEBHOOK_SECRET: STRIPE_TEST_WEBHOOK_SECRET,
    STRIPE_API_BASE: fake.url,
    CAMPAIGN_UNIT_FEE_MINOR: String(unitFeeMinor),
    CAMPAIGN_CURRENCY: 'EUR',
  };
}

/**
 * Posts a Stripe event to the webhook as Stripe would, signed (by default with the app's webhook
 * secret). `body` sends other bytes under the signature of the event, to test tampering.
 */
export function deliverStripeEvent(
  t: TestApp,
  event: object,
  options: { secret?: string; timestamp?: number; body?: string } = {},
) {
  const payload = JSON.stringify(event);
  const header = signer.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? STRIPE_TEST_WEBHOOK_SECRET,
    timestamp: options.timestamp,
  });
  return t.http
    .post('/v1/webhooks/stripe')
    .set('Stripe-Signature', header)
    .set('Content-Type', 'application/json')
    .send(options.body ?? payload);
}

/**
 * A describe block's app with payments on against a fake Stripe (started first, stopped last) at
 * this fee per unit; `options.env` adds to the payment settings.
 */
export function usePaymentsApp(
  unitFeeMinor: number,
  options: TestAppOptions = {},
): { t: TestApp; fake: StripeFake } {
  const fake = new StripeFake();
  const t = beforeAllValue(
    'usePaymentsApp',
    async () => {
      await fake.start();
      try {
        return await createTestApp({
          ...options,
          env: { ...paymentsEnv(fake, unitFeeMinor), ...options.env },
        });
      } catch (error) {
        await fake.stop();
        throw error;
      }
    },
    async (app) => {
      await app.close();
      await fake.stop();
    },
  );
  return { t, fake };
}
