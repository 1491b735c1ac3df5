import { RefundProcessor } from '@perkrank/payments';
import {
  createTestApp,
  newAdmin,
  newBrand,
  newCampaign,
  until,
  useAdmin,
  type BrandFixture,
  submitAndApprove,
} from '@perkrank/testing';
import { deliverStripeEvent, paymentsEnv, usePaymentsApp } from '../support/payments';

const UNIT_FEE = 200;

/**
 * What was paid for is what can be claimed (issue #11, items 1–3): a funded campaign's stock is
 * fixed, an open checkout is voided by a stock change, one session is open per campaign, every
 * paid session is refunded when the campaign is rejected, and refunds start right after commit.
 */
describe('paid units and claimable stock', () => {
  // A producer enqueues jobs but runs none: the test sees the refund job the close enqueued.
  const { t, fake } = usePaymentsApp(UNIT_FEE, { jobs: 'producer' });
  const admin = useAdmin(t);

  function deliver(event: object) {
    return deliverStripeEvent(t, event).expect(200);
  }

  async function campaignOf(brand: BrandFixture, id: string) {
    return (await brand.owner.get(`/v1/campaigns/${id}`).expect(200)).body as {
      inventory: { total: number; remaining: number };
      funding: { status: string; units: number | null };
    };
  }

  async function checkout(brand: BrandFixture, campaignId: string): Promise<string> {
    return (await brand.owner.post(`/v1/campaigns/${campaignId}/checkout`).expect(201)).body.sessionId;
  }

  const openSessions = async (campaignId: string): Promise<number> =>
    Number(
      (
        await t.dataSource.query(
          `SELECT count(*)::int AS n FROM checkout_sessions WHERE campaign_id = $1 AND status = 'open'`,
          [campaignId],
        )
      )[0].n,
    );

  const refundJobs = async (): Promise<number> =>
    Number(
      (
        await t.dataSource.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'payments.refunds'`)
      )[0].n,
    );

  it('refuses to raise the stock of a funded campaign (409 campaign_funded), and so does the database', async () => {
    const brand = await newBrand(t);
    const campaign = await newCampaign(t, brand, { inventory: { total: 1, perUser: 1 } });
    const sessionId = await checkout(brand, campaign.id);
    await deliver(fake.event('checkout.session.completed', fake.completeSession(sessionId)));
    expect((await campaignOf(brand, campaign.id)).funding).toMatchObject({ status: 'funded', units: 1 });

    const res = await brand.owner.patch(`/v1/campaigns/${campaign.id}`, { inventory: { total: 100000 } });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'campaign_funded', param: 'inventory.total' });
    expect((await campaignOf(brand, campaign.id)).inventory).toMatchObject({ total: 1, remaining: 1 });

    // Even a write that bypasses the service cannot give a funded campaign unpaid stock.
    await expect(
      t.dataSource.query(
        `UPDATE campaigns SET inventory_total = 100000, inventory_remaining = 100000 WHERE id = $1`,
        [campaign.id],
      ),
    ).rejects.toThrow(/ck_campaigns_funded_stock/);

    // Other edits still work while the campaign is editable.
    await brand.owner.patch(`/v1/campaigns/${campaign.id}`, { title: 'Still one room' }).expect(200);
    const approved = await submitAndApprove(brand, admin, campaign.id);
    expect(approved.inventory).toMatchObject({ total: 1, remaining: 1 });
  });

  it('voids an open checkout when the stock changes: expired at Stripe, funding back to unfunded', async () => {
    const brand = await newBrand(t);
    const campaign = await newCampaign(t, brand, { inventory: { total: 10, perUser: 1 } });
    const first = await checkout(brand, campaign.id);
    await brand.owner.patch(`/v1/campaigns/${campaign.id}`, { inventory: { total: 20 } }).expect(200);
    expect((await campaignOf(brand, campaign.id)).funding.status).toBe('unfunded');
    expect(fake.sessions.get(first)?.status).toBe('expired');
    expect(() => fake.completeSession(first)).toThrow(/expired/);

    // The next checkout is for the new stock, and it is the only open session.
    const second = await checkout(brand, campaign.id);
    expect(fake.sessions.get(second)?.amount_total).toBe(20 * UNIT_FEE);
    expect(await openSessions(campaign.id)).toBe(1);
  });

  it('never funds a campaign by a session paid for other units: that payment is refunded in full', async () => {
    const brand = await newBrand(t);
    const campaign = await newCampaign(t, brand, { inventory: { total: 1, perUser: 1 } });
    const old = await checkout(brand, campaign.id);
    // The brand pays the old session in the same moment it raises the stock (the webhook comes later).
    const paid = fake.completeSession(old);
    await brand.owner.patch(`/v1/campaigns/${campaign.id}`, { inventory: { total: 100000 } }).expect(200);
    await deliver(fake.event('checkout.session.completed', paid));
    const after = await campaignOf(brand, campaign.id);
    expect(after.funding).toMatchObject({ status: 'unfunded', units: null });
    expect(after.inventory.total).toBe(100000);
    expect(await refundJobs()).toBeGreaterThan(0);

    await t.app.get(RefundProcessor).handle();
    const refunds = [...fake.refunds.values()].filter((r) => r.payment_intent === paid.payment_intent);
    expect(refunds.map((r) => [r.amount, r.metadata.reason])).toEqual([[1 * UNIT_FEE, 'superseded']]);
  });

  it('keeps one open session per campaign: a checkout for new units expires the old one at Stripe', async () => {
    const brand = await newBrand(t);
    const campaign = await newCampaign(t, brand, { inventory: { total: 10, perUser: 1 } });
    const first = await checkout(brand, campaign.id);
    // Stock changed behind the open session (a write from before this fix): checkout still keeps one.
    await t.dataSource.query(
      `UPDATE campaigns SET inventory_total = 20, inventory_remaining = 20 WHERE id = $1`,
      [campaign.id],
    );
    const second = await checkout(brand, campaign.id);
    expect(second).not.toBe(first);
    expect(fake.sessions.get(first)?.status).toBe('expired');
    expect(fake.requestsTo('POST', `/v1/checkout/sessions/${first}/expire`)).toHaveLength(1);
    expect(await openSessions(campaign.id)).toBe(1);
    await expect(
      t.dataSource.query(`UPDATE checkout_sessions SET status = 'open' WHERE stripe_session_id = $1`, [
        first,
      ]),
    ).rejects.toThrow(/uq_checkout_sessions_one_open/);
  });

  it('refunds every paid session when the campaign is rejected, and enqueues the refund job at once', async () => {
    const brand = await newBrand(t);
    const campaign = await newCampaign(t, brand, { inventory: { total: 10, perUser: 1 } });
    const a = await checkout(brand, campaign.id);
    const paidA = fake.completeSession(a);
    // Raised to 20 while A's payment was under way; B is bought for 20 and funds the campaign.
    await brand.owner.patch(`/v1/campaigns/${campaign.id}`, { inventory: { total: 20 } }).expect(200);
    const b = await checkout(brand, campaign.id);
    const paidB = fake.completeSession(b);
    await deliver(fake.event('checkout.session.completed', paidB));
    await deliver(fake.event('checkout.session.completed', paidA));
    expect((await campaignOf(brand, campaign.id)).funding).toMatchObject({ status: 'funded', units: 20 });

    await t.app.get(RefundProcessor).handle();
    await brand.owner.post(`/v1/campaigns/${campaign.id}/submit`).expect(200);
    const jobsBefore = await refundJobs();
    await admin.post(`/v1/admin/campaigns/${campaign.id}/reject`, { reason: 'Not a real offer' }).expect(200);
    // Enqueued by the time the rejection answered, not at the next minute's cron.
    expect(await refundJobs()).toBe(jobsBefore + 1);

    await t.app.get(RefundProcessor).handle();
    const back = (pi: string | null) =>
      [...fake.refunds.values()].filter((r) => r.payment_intent === pi).reduce((sum, r) => sum + r.amount, 0);
    expect(back(paidA.payment_intent)).toBe(10 * UNIT_FEE);
    expect(back(paidB.payment_intent)).toBe(20 * UNIT_FEE);
    const ledger = (await brand.owner.get(`/v1/brands/${brand.id}/payments`).expect(200)).body.data as Array<{
      kind: string;
      amountMinor: number;
    }>;
    const total = (kind: string) =>
      ledger.filter((e) => e.kind === kind).reduce((s, e) => s + e.amountMinor, 0);
    expect(total('charge')).toBe(30 * UNIT_FEE);
    expect(total('refund')).toBe(30 * UNIT_FEE);
  });

  it('pays the refund out through the worker right after a rejection commits', async () => {
    const worker = await createTestApp({
      database: t.db,
      env: paymentsEnv(fake, UNIT_FEE),
      jobs: 'worker',
    });
    try {
      const brand = await newBrand(worker);
      const workerAdmin = await newAdmin(worker);
      const campaign = await newCampaign(worker, brand, { inventory: { total: 3, perUser: 1 } });
      const sessionId = (await brand.owner.post(`/v1/campaigns/${campaign.id}/checkout`).expect(201)).body
        .sessionId as string;
      const paid = fake.completeSession(sessionId);
      await deliverStripeEvent(worker, fake.event('checkout.session.completed', paid)).expect(200);
      await brand.owner.post(`/v1/campaigns/${campaign.id}/submit`).expect(200);
      await workerAdmin
        .post(`/v1/admin/campaigns/${campaign.id}/reject`, { reason: 'Duplicate' })
        .expect(200);
      const refund = await until(
        () =>
          Promise.resolve([...fake.refunds.values()].find((r) => r.payment_intent === paid.payment_intent)),
        'the refund at Stripe',
        20_000,
      );
      expect(refund.amount).toBe(3 * UNIT_FEE);
    } finally {
      await worker.close();
    }
  });
});
