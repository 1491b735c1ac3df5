import { RefundProcessor } from '@perkrank/payments';
import {
  newBrand,
  newCampaign,
  scoredInfluencer,
  useAdmin,
  useTestApp,
  type BrandFixture,
  submitAndApprove,
} from '@perkrank/testing';
import {
  deliverStripeEvent,
  usePaymentsApp,
  STRIPE_TEST_SECRET_KEY as SECRET_KEY,
  STRIPE_TEST_WEBHOOK_SECRET as WEBHOOK_SECRET,
} from '../support/payments';

const UNIT_FEE = 150;

describe('paying for campaigns with Stripe (API)', () => {
  const logs: string[] = [];
  const { t, fake } = usePaymentsApp(UNIT_FEE, {
    logDestination: { write: (line: string) => void logs.push(line) },
  });
  const admin = useAdmin(t);

  function deliver(event: object, options: { secret?: string; timestamp?: number; body?: string } = {}) {
    return deliverStripeEvent(t, event, options);
  }

  async function fundingOf(brand: BrandFixture, campaignId: string): Promise<string> {
    const res = await brand.owner.get(`/v1/campaigns/${campaignId}`).expect(200);
    return res.body.funding.status as string;
  }

  async function checkout(brand: BrandFixture, total = 10) {
    const campaign = await newCampaign(t, brand, { inventory: { total, perUser: 1 } });
    expect((campaign.funding as { status: string }).status).toBe('unfunded');
    const res = await brand.owner.post(`/v1/campaigns/${campaign.id}/checkout`).expect(201);
    expect(res.body).toMatchObject({
      amountMinor: total * UNIT_FEE,
      currency: 'EUR',
      checkoutUrl: expect.stringContaining(res.body.sessionId),
    });
    expect(await fundingOf(brand, campaign.id)).toBe('pending');
    return { campaign, sessionId: res.body.sessionId as string };
  }

  async function fundedCampaign(brand: BrandFixture, total = 10) {
    const { campaign, sessionId } = await checkout(brand, total);
    const session = fake.completeSession(sessionId);
    await deliver(fake.event('checkout.session.completed', session)).expect(200);
    expect(await fundingOf(brand, campaign.id)).toBe('funded');
    return { campaign, sessionId, session };
  }

  async function ledger(brand: BrandFixture): Promise<Array<{ kind: string; amountMinor: number }>> {
    return (await brand.owner.get(`/v1/brands/${brand.id}/payments`).expect(200)).body.data;
  }

  it('checkout → completed webhook → funded → approved campaign is claimable', async () => {
    const brand = await newBrand(t);
    const member = await scoredInfluencer(t, 80);
    const { campaign, session } = await fundedCampaign(brand, 12);
    expect(fake.sessions.get(session.id)?.metadata).toEqual({ campaign_id: campaign.id, brand_id: brand.id });
    expect(fake.sessions.get(session.id)?.client_reference_id).toBe(campaign.id);

    const approved = await submitAndApprove(brand, admin, campaign.id);
    expect(approved).toMatchObject({
      status: 'approved',
      claimable: true,
      funding: { status: 'funded' },
    });
    const feed = await member.get('/v1/perks').expect(200);
    expect(feed.body.data.map((p: { id: string }) => p.id)).toContain(campaign.id);
    expect(await ledger(brand)).toEqual([
      expect.objectContaining({ kind: 'charge', amountMinor: 12 * UNIT_FEE, currency: 'EUR' }),
    ]);
  });

  it('keeps an approved but unfunded campaign out of the feed', async () => {
    const brand = await newBrand(t);
    const member = await scoredInfluencer(t, 80);
    const campaign = await newCampaign(t, brand);
    const approved = await submitAndApprove(brand, admin, campaign.id);
    expect(approved).toMatchObject({
      status: 'approved',
      claimable: false,
      funding: { status: 'unfunded' },
    });
    const feed = await member.get('/v1/perks').expect(200);
    expect(feed.body.data.map((p: { id: string }) => p.id)).not.toContain(campaign.id);
  });

  it('processes an event delivered three times once', async () => {
    const brand = await newBrand(t);
    const { sessionId } = await checkout(brand);
    const event = fake.event('checkout.session.completed', fake.completeSession(sessionId));
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push((await deliver(event).expect(200)).body);
    expect(answers.map((a: { duplicate: boolean }) => a.duplicate)).toEqual([false, true, true]);
    expect(await ledger(brand)).toHaveLength(1);
  });

  it('leaves the campaign unfunded when an async payment fails', async () => {
    const brand = await newBrand(t);
    const { campaign, sessionId } = await checkout(brand);
    await deliver(fake.event('checkout.session.completed', fake.completeSession(sessionId, 'unpaid'))).expect(
      200,
    );
    expect(await fundingOf(brand, campaign.id)).toBe('pending');
    await deliver(
      fake.event('checkout.session.async_payment_failed', fake.settleSession(sessionId, 'unpaid')),
    ).expect(200);
    expect(await fundingOf(brand, campaign.id)).toBe('unfunded');
    expect(await ledger(brand)).toEqual([]);
  });

  it('returns an expired checkout to unfunded, and a new checkout opens a new session', async () => {
    const brand = await newBrand(t);
    const { campaign, sessionId } = await checkout(brand);
    await deliver(fake.event('checkout.session.expired', fake.expireSession(sessionId))).expect(200);
    expect(await fundingOf(brand, campaign.id)).toBe('unfunded');
    const again = await brand.owner.post(`/v1/campaigns/${campaign.id}/checkout`).expect(201);
    expect(again.body.sessionId).not.toBe(sessionId);
    expect(await fundingOf(brand, campaign.id)).toBe('pending');
  });

  it('does not retry a card error and answers 503 payment_provider_error without booking anything', async () => {
    const brand = await newBrand(t);
    const campaign = await newCampaign(t, brand);
    const before = fake.requestsTo('POST', '/v1/checkout/sessions').length;
    fake.failNext(402, {
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'generic_decline',
      message: 'Your card was declined.',
    });
    const res = await brand.owner.post(`/v1/campaigns/${campaign.id}/checkout`).expect(503);
    expect(res.body.error.code).toBe('payment_provider_error');
    expect(fake.requestsTo('POST', '/v1/checkout/sessions').length - before).toBe(1);
    expect(await fundingOf(brand, campaign.id)).toBe('unfunded');
  });

  it('ends in the same state whatever order the events arrive in', async () => {
    const brand = await newBrand(t);
    // The settlement (succeeded or failed) arrives before checkout.session.completed.
    for (const [settlement, paymentStatus, funding] of [
      ['checkout.session.async_payment_succeeded', 'paid', 'funded'],
      ['checkout.session.async_payment_failed', 'unpaid', 'unfunded'],
    ] as const) {
      const session = await checkout(brand);
      const completed = fake.event(
        'checkout.session.completed',
        fake.completeSession(session.sessionId, 'unpaid'),
      );
      const settled = fake.event(settlement, fake.settleSession(session.sessionId, paymentStatus));
      await deliver(settled).expect(200);
      await deliver(completed).expect(200);
      expect(await fundingOf(brand, session.campaign.id)).toBe(funding);
    }
    expect((await ledger(brand)).filter((e) => e.kind === 'charge')).toHaveLength(1);
  });

  it('rejects a tampered body, a wrong secret and an old timestamp with 400 invalid_signature, changing nothing', async () => {
    const brand = await newBrand(t);
    const { campaign, sessionId } = await checkout(brand);
    const event = fake.event('checkout.session.completed', fake.completeSession(sessionId));
    const tampered = JSON.stringify(event).replace(sessionId, `${sessionId}x`);
    const attempts = [
      deliver(event, { body: tampered }),
      deliver(event, { secret: 'whsec_someone_else' }),
      deliver(event, { timestamp: Math.floor(Date.now() / 1000) - 3600 }),
      t.http.post('/v1/webhooks/stripe').set('Content-Type', 'application/json').send(JSON.stringify(event)),
    ];
    for (const attempt of attempts) {
      const res = await attempt.expect(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_signature', type: 'invalid_request_error' });
    }
    expect(await fundingOf(brand, campaign.id)).toBe('pending');
    const seen: unknown[] = await t.dataSource.query('SELECT 1 FROM stripe_events WHERE id = $1', [event.id]);
    expect(seen).toHaveLength(0);
    // The genuine delivery still works afterwards.
    await deliver(event).expect(200);
    expect(await fundingOf(brand, campaign.id)).toBe('funded');
  });

  it('refunds a rejected funded campaign in full, once, on Stripe and in the ledger', async () => {
    const brand = await newBrand(t);
    const { campaign, session } = await fundedCampaign(brand, 10);
    await brand.owner.post(`/v1/campaigns/${campaign.id}/submit`).expect(200);
    await admin
      .post(`/v1/admin/campaigns/${campaign.id}/reject`, { reason: 'Not a real hotel offer' })
      .expect(200);
    const processor = t.app.get(RefundProcessor);
    expect(await processor.handle()).toEqual({ refunded: 1, failed: 0 });
    expect(await processor.handle()).toEqual({ refunded: 0, failed: 0 });
    const refunds = [...fake.refunds.values()].filter((r) => r.payment_intent === session.payment_intent);
    expect(refunds).toEqual([expect.objectContaining({ amount: 10 * UNIT_FEE })]);
    const entries = await ledger(brand);
    expect(entries.map((e) => [e.kind, e.amountMinor])).toEqual([
      ['refund', 10 * UNIT_FEE],
      ['charge', 10 * UNIT_FEE],
    ]);
    expect(await fundingOf(brand, campaign.id)).toBe('refunded');
    // Stripe's own charge.refunded notice for the same refund books nothing more.
    const charge = {
      id: 'ch_test_1',
      object: 'charge',
      payment_intent: session.payment_intent,
      amount: 10 * UNIT_FEE,
      amount_refunded: 10 * UNIT_FEE,
      refunded: true,
    };
    await deliver(fake.event('charge.refunded', charge)).expect(200);
    expect(await ledger(brand)).toHaveLength(2);
  });

  it('refunds the unclaimed units pro rata when a campaign ends: 40 of 100 claimed → 60 units back', async () => {
    const brand = await newBrand(t);
    const { campaign, session } = await fundedCampaign(brand, 100);
    await submitAndApprove(brand, admin, campaign.id);
    const members = await Promise.all(Array.from({ length: 40 }, () => scoredInfluencer(t, 75)));
    for (const member of members) await member.post(`/v1/perks/${campaign.id}/claims`).expect(201);
    await brand.owner.post(`/v1/campaigns/${campaign.id}/end`).expect(200);
    expect(await t.app.get(RefundProcessor).handle()).toEqual({ refunded: 1, failed: 0 });
    const refunds = [...fake.refunds.values()].filter((r) => r.payment_intent === session.payment_intent);
    expect(refunds.map((r) => r.amount)).toEqual([60 * UNIT_FEE]);
    expect((await ledger(brand)).map((e) => [e.kind, e.amountMinor])).toEqual([
      ['refund', 60 * UNIT_FEE],
      ['charge', 100 * UNIT_FEE],
    ]);
  });

  it('retries a refund Stripe could not take, with the same idempotency key', async () => {
    const brand = await newBrand(t);
    const { campaign } = await fundedCampaign(brand, 4);
    await brand.owner.post(`/v1/campaigns/${campaign.id}/submit`).expect(200);
    await admin
      .post(`/v1/admin/campaigns/${campaign.id}/reject`, { reason: 'Duplicate listing' })
      .expect(200);
    fake.failNext(500, { type: 'api_error', message: 'Stripe is having a bad day' }, 3);
    const processor = t.app.get(RefundProcessor);
    expect(await processor.handle()).toEqual({ refunded: 0, failed: 1 });
    expect(await processor.handle()).toEqual({ refunded: 1, failed: 0 });
    const keys = fake.requestsTo('POST', '/v1/refunds').map((r) => r.idempotencyKey);
    expect(new Set(keys.slice(-4)).size).toBe(1);
  });

  it('creates one Checkout Session for a checkout retried with the same Idempotency-Key', async () => {
    const brand = await newBrand(t);
    const campaign = await newCampaign(t, brand);
    const before = fake.requestsTo('POST', '/v1/checkout/sessions').length;
    const first = await brand.owner
      .post(`/v1/campaigns/${campaign.id}/checkout`)
      .set('Idempotency-Key', 'pay-1')
      .expect(201);
    const second = await brand.owner
      .post(`/v1/campaigns/${campaign.id}/checkout`)
      .set('Idempotency-Key', 'pay-1')
      .expect(201);
    expect(second.body).toEqual(first.body);
    // Even without the header, an open session is handed out again rather than duplicated.
    const third = await brand.owner.post(`/v1/campaigns/${campaign.id}/checkout`).expect(201);
    expect(third.body.sessionId).toBe(first.body.sessionId);
    expect(fake.requestsTo('POST', '/v1/checkout/sessions').length - before).toBe(1);
  });

  it("survives Stripe's rate limit through the client's retries, reusing our idempotency key", async () => {
    const brand = await newBrand(t);
    const campaign = await newCampaign(t, brand);
    fake.failNext(429, { type: 'invalid_request_error', code: 'rate_limit', message: 'Too many requests' });
    await brand.owner.post(`/v1/campaigns/${campaign.id}/checkout`).expect(201);
    const calls = fake.requestsTo('POST', '/v1/checkout/sessions').slice(-2);
    expect(calls[0].idempotencyKey).toBe(calls[1].idempotencyKey);
  });

  it('lets only owners and managers pay and read payments; admins read all', async () => {
    const brand = await newBrand(t);
    const other = await newBrand(t);
    const campaign = await newCampaign(t, brand);
    await other.owner.post(`/v1/campaigns/${campaign.id}/checkout`).expect(404);
    await other.owner.get(`/v1/brands/${brand.id}/payments`).expect(404);
    const all = await admin.get('/v1/admin/payments').expect(200);
    expect(Array.isArray(all.body.data)).toBe(true);
    await brand.owner.get('/v1/admin/payments').expect(403);
  });

  it('never logs the Stripe secret key, the webhook secret or card data', () => {
    const text = logs.join('\n');
    expect(logs.length).toBeGreaterThan(10);
    for (const secret of [SECRET_KEY, WEBHOOK_SECRET, '4242424242424242']) expect(text).not.toContain(secret);
  });
});

describe('payments switched off (no STRIPE_SECRET_KEY)', () => {
  const t = useTestApp();

  it('needs no funding: checkout answers 409 funding_not_required', async () => {
    const brand = await newBrand(t);
    const campaign = await newCampaign(t, brand);
    expect(campaign.funding).toMatchObject({ status: 'not_required' });
    const res = await brand.owner.post(`/v1/campaigns/${campaign.id}/checkout`).expect(409);
    expect(res.body.error.code).toBe('funding_not_required');
  });
});
