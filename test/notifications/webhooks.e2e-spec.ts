import { ClaimExpiryProcessor } from '@perkrank/claims';
import {
  checkWebhookUrl,
  OutboxDispatcher,
  SIGNATURE_HEADER,
  verifySignature,
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_RETRIES,
} from '@perkrank/notifications';
import {
  claimPerk,
  createTestApp,
  newBrand,
  newCampaign,
  newLiveCampaign,
  scoredInfluencer,
  startReceiver,
  type BrandFixture,
  type Client,
  useAdmin,
  useTestApp,
} from '@perkrank/testing';

type Receiver = Awaited<ReturnType<typeof startReceiver>>;
type Hook = { id: string; type: string; created: string; data: Record<string, unknown> };

describe('signed webhooks to a real HTTP receiver', () => {
  const t = useTestApp();
  const shared = useAdmin(t);
  let dispatcher: OutboxDispatcher;
  const nowSeconds = () => Math.floor(t.clock.now().getTime() / 1000);

  beforeAll(() => {
    dispatcher = t.app.get(OutboxDispatcher);
  });

  /** Runs `body` with a real receiver answering as `answer` says, the admin and a new brand; closes the receiver after. */
  async function withReceiver(
    answer: Parameters<typeof startReceiver>[0],
    body: (receiver: Receiver, admin: Client, brand: BrandFixture) => Promise<void>,
  ): Promise<void> {
    const receiver = await startReceiver(answer);
    try {
      await body(receiver, shared, await newBrand(t));
    } finally {
      await receiver.close();
    }
  }

  /** The brand subscribes `receiver` to claim.created; the answer carries the endpoint and its secret. */
  const subscribeToClaims = (brand: BrandFixture, receiver: Receiver) =>
    brand.owner
      .post(`/v1/brands/${brand.id}/webhook-endpoints`, { url: receiver.url, events: ['claim.created'] })
      .expect(201);

  /** A member claims a new live perk of the brand: one claim.created event. */
  async function claimOnce(brand: BrandFixture, admin: Client): Promise<void> {
    const live = await newLiveCampaign(t, brand, admin);
    await claimPerk(await scoredInfluencer(t, 80), live.id);
  }

  it('every event type reaches a subscribed endpoint, signed with its secret', async () => {
    await withReceiver(
      () => 200,
      async (receiver, admin, brand) => {
        const created = await brand.owner
          .post(`/v1/brands/${brand.id}/webhook-endpoints`, {
            url: receiver.url,
            events: [...WEBHOOK_EVENT_TYPES],
          })
          .expect(201);
        const secret = created.body.secret as string;
        expect(secret).toMatch(/^whsec_/);
        const listed = await brand.owner.get(`/v1/brands/${brand.id}/webhook-endpoints`).expect(200);
        expect(listed.body[0].secret).toBeUndefined(); // shown once

        // claim.created, claim.redeemed, claim.content_submitted, claim.cancelled, campaign.sold_out, campaign.approved
        const live = await newLiveCampaign(t, brand, admin, { inventory: { total: 3, perUser: 1 } });
        const [a, b, c] = await Promise.all([1, 2, 3].map(() => scoredInfluencer(t, 80)));
        const claimA = await claimPerk(a, live.id);
        const claimB = await claimPerk(b, live.id);
        await claimPerk(c, live.id); // the last unit: sold out
        await brand.owner.post(`/v1/brands/${brand.id}/redemptions`, { code: claimA.code }).expect(200);
        await a
          .post(`/v1/me/claims/${claimA.id}/content`, { url: 'https://mastodon.social/@a/1' })
          .expect(200);
        await b.post(`/v1/me/claims/${claimB.id}/cancel`).expect(200);
        // campaign.ended (brand ends it), campaign.removed, campaign.rejected, campaign.changes_requested
        await brand.owner.post(`/v1/campaigns/${live.id}/end`).expect(200);
        const toRemove = await newLiveCampaign(t, brand, admin);
        await admin
          .post(`/v1/admin/campaigns/${toRemove.id}/remove`, { reason: 'The venue closed.' })
          .expect(200);
        const toReject = await newCampaign(t, brand);
        await brand.owner.post(`/v1/campaigns/${toReject.id}/submit`).expect(200);
        await admin
          .post(`/v1/admin/campaigns/${toReject.id}/reject`, { reason: 'Cash is not a perk.' })
          .expect(200);
        const toChange = await newCampaign(t, brand);
        await brand.owner.post(`/v1/campaigns/${toChange.id}/submit`).expect(200);
        await admin
          .post(`/v1/admin/campaigns/${toChange.id}/request-changes`, { notes: 'Name the rooms.' })
          .expect(200);
        // claim.expired: a reservation past its deadline, swept by the expiry job.
        const short = await newLiveCampaign(t, brand, admin, { claimTtlHours: 1 });
        const d = await scoredInfluencer(t, 80);
        await claimPerk(d, short.id);
        t.clock.advance(2 * 3600_000);
        try {
          await t.app.get(ClaimExpiryProcessor).handle();
          await dispatcher.drain();
        } finally {
          t.clock.reset();
        }
        await dispatcher.drain();

        const hooks = receiver.received.map((r) => ({ ...r, event: JSON.parse(r.body) as Hook }));
        const types = new Set(hooks.map((h) => h.event.type));
        for (const type of WEBHOOK_EVENT_TYPES) expect(types).toContain(type);
        for (const hook of hooks) {
          const header = hook.headers[SIGNATURE_HEADER.toLowerCase()] as string;
          const t0 = Number(/t=(\d+)/.exec(header)?.[1]);
          expect(verifySignature(header, hook.body, secret, { nowSeconds: t0 })).toEqual({
            ok: true,
            timestamp: t0,
          });
          expect(Object.keys(hook.event).sort()).toEqual(['created', 'data', 'id', 'type']);
        }
        const createdHook = hooks.find(
          (h) => h.event.type === 'claim.created' && h.event.data.id === claimA.id,
        )!;
        expect(createdHook.event.data).toMatchObject({
          id: claimA.id,
          campaignId: live.id,
          code: claimA.code,
          status: 'reserved',
        });
        expect(createdHook.event.data.memberId).toBeUndefined();

        // A tampered body or signature fails the documented check.
        const header = createdHook.headers[SIGNATURE_HEADER.toLowerCase()] as string;
        const t0 = Number(/t=(\d+)/.exec(header)?.[1]);
        expect(
          verifySignature(header, createdHook.body.replace(claimA.code, 'XXXX-XXXX-XXXX'), secret, {
            nowSeconds: t0,
          }).ok,
        ).toBe(false);
        expect(
          verifySignature(header.replace(/v1=./, 'v1=0'), createdHook.body, secret, { nowSeconds: t0 }).ok,
        ).toBe(false);
        expect(verifySignature(header, createdHook.body, 'whsec_wrong', { nowSeconds: t0 }).ok).toBe(false);
        expect(verifySignature(header, createdHook.body, secret, { nowSeconds: t0 + 3600 })).toEqual({
          ok: false,
          reason: 'too_old',
        });

        // The delivery log shows them, newest first, with their attempts.
        const log = await brand.owner
          .get(`/v1/brands/${brand.id}/webhook-endpoints/${created.body.id}/deliveries?limit=100`)
          .expect(200);
        expect(log.body.data.length).toBe(hooks.length);
        expect(log.body.data.every((d: { status: string }) => d.status === 'succeeded')).toBe(true);
        expect(log.body.data[0].attemptLog[0].statusCode).toBe(200);
      },
    );
  }, 120_000);

  it('a receiver that fails twice gets the event three times with the same id, on the backoff schedule', async () => {
    await withReceiver(
      (_hook, n) => (n <= 2 ? 500 : 200),
      async (receiver, admin, brand) => {
        const endpoint = await subscribeToClaims(brand, receiver);
        await claimOnce(brand, admin);
        await dispatcher.drain();
        expect(receiver.received).toHaveLength(1);
        // Not due before the first delay; due right after it (first retry within 10 s).
        expect(WEBHOOK_RETRIES.delaysMs[0]).toBeLessThanOrEqual(10_000);
        try {
          t.clock.advance(WEBHOOK_RETRIES.delaysMs[0] - 1000);
          await dispatcher.drain();
          expect(receiver.received).toHaveLength(1);
          t.clock.advance(1000);
          await dispatcher.drain();
          expect(receiver.received).toHaveLength(2);
          t.clock.advance(WEBHOOK_RETRIES.delaysMs[1]);
          await dispatcher.drain();
        } finally {
          t.clock.reset();
        }
        expect(receiver.received).toHaveLength(3);
        const ids = receiver.received.map((r) => (JSON.parse(r.body) as Hook).id);
        expect(new Set(ids).size).toBe(1);
        const log = await brand.owner
          .get(`/v1/brands/${brand.id}/webhook-endpoints/${endpoint.body.id}/deliveries`)
          .expect(200);
        expect(log.body.data[0]).toMatchObject({ status: 'succeeded', attempts: 3, lastStatusCode: 200 });
        expect(log.body.data[0].attemptLog.map((a: { statusCode: number }) => a.statusCode)).toEqual([
          500, 500, 200,
        ]);

        // Manual redelivery: the same event id again.
        const again = await brand.owner
          .post(
            `/v1/brands/${brand.id}/webhook-endpoints/${endpoint.body.id}/deliveries/${log.body.data[0].id}/redeliver`,
          )
          .expect(202);
        expect(again.body.eventId).toBe(ids[0]);
        await dispatcher.drain();
        expect(receiver.received).toHaveLength(4);
        expect((JSON.parse(receiver.received[3].body) as Hook).id).toBe(ids[0]);
      },
    );
  });

  it('secret rotation signs with both secrets during the overlap', async () => {
    await withReceiver(
      () => 200,
      async (receiver, admin, brand) => {
        const endpoint = await subscribeToClaims(brand, receiver);
        const rotated = await brand.owner
          .post(`/v1/brands/${brand.id}/webhook-endpoints/${endpoint.body.id}/rotate-secret`, {
            overlapSeconds: 3600,
          })
          .expect(200);
        expect(rotated.body.secret).not.toBe(endpoint.body.secret);
        await claimOnce(brand, admin);
        await dispatcher.drain();
        const [hook] = receiver.received;
        const header = hook.headers[SIGNATURE_HEADER.toLowerCase()] as string;
        expect(header.match(/v1=/g)).toHaveLength(2);
        for (const secret of [endpoint.body.secret as string, rotated.body.secret as string])
          expect(verifySignature(header, hook.body, secret, { nowSeconds: nowSeconds() }).ok).toBe(true);
      },
    );
  });

  it('an endpoint failing for 3 days is disabled and its owner mailed', async () => {
    await withReceiver(
      () => 503,
      async (receiver, admin, brand) => {
        const endpoint = await subscribeToClaims(brand, receiver);
        await claimOnce(brand, admin);
        try {
          await dispatcher.drain();
          for (const delay of WEBHOOK_RETRIES.delaysMs) {
            t.clock.advance(delay);
            await dispatcher.drain();
          }
        } finally {
          t.clock.reset();
        }
        expect(receiver.received).toHaveLength(WEBHOOK_RETRIES.delaysMs.length + 1);
        const after = await brand.owner
          .get(`/v1/brands/${brand.id}/webhook-endpoints/${endpoint.body.id}`)
          .expect(200);
        expect(after.body).toMatchObject({ status: 'disabled' });
        const outbox = await admin
          .get('/v1/admin/outbox?kind=webhook_endpoint_disabled&limit=50')
          .expect(200);
        expect(outbox.body.data.some((m: { to: string }) => m.to === brand.owner.email)).toBe(true);
        // The brand turns it back on.
        const enabled = await brand.owner
          .patch(`/v1/brands/${brand.id}/webhook-endpoints/${endpoint.body.id}`, { enabled: true })
          .expect(200);
        expect(enabled.body.status).toBe('enabled');
      },
    );
  });

  it('refuses non-https and private targets unless WEBHOOKS_ALLOW_PRIVATE, and bad input, in the envelope', async () => {
    for (const url of [
      'http://hooks.example.com/x',
      'https://127.0.0.1/x',
      'https://10.1.2.3/x',
      'https://localhost/x',
      'https://[::1]/x',
      'https://169.254.169.254/latest',
    ])
      expect(checkWebhookUrl(url, false).ok).toBe(false);
    expect(checkWebhookUrl('https://hooks.example.com/perkrank', false).ok).toBe(true);
    expect(checkWebhookUrl('http://127.0.0.1:8080/x', true).ok).toBe(true);

    const strict = await createTestApp({ env: { WEBHOOKS_ALLOW_PRIVATE: 'false' }, database: t.db });
    try {
      const brand = await newBrand(strict);
      const refused = await brand.owner
        .post(`/v1/brands/${brand.id}/webhook-endpoints`, {
          url: 'https://127.0.0.1:9/hooks',
          events: ['claim.created'],
        })
        .expect(400);
      expect(refused.body.error).toMatchObject({ code: 'invalid_webhook_url', param: 'url' });
      const badEvent = await brand.owner
        .post(`/v1/brands/${brand.id}/webhook-endpoints`, {
          url: 'https://hooks.example.com/x',
          events: ['claim.nope'],
        })
        .expect(400);
      expect(badEvent.body.error.code).toBe('validation_failed');
      const created = await brand.owner
        .post(`/v1/brands/${brand.id}/webhook-endpoints`, {
          url: 'https://hooks.example.com/x',
          events: ['claim.created'],
        })
        .expect(201);
      // Every path id is a UUID; anything else is answered as an id that does not exist.
      const endpoint = `/v1/brands/${brand.id}/webhook-endpoints/${created.body.id}`;
      for (const path of [
        `/v1/brands/${brand.id}/webhook-endpoints/nope`,
        `/v1/brands/nope/webhook-endpoints/${created.body.id}`,
        `${endpoint}/deliveries`.replace(created.body.id, 'nope'),
      ]) {
        const missing = await brand.owner.get(path).expect(404);
        expect(missing.body.error.code).toBe('not_found');
      }
      await brand.owner.get(endpoint).expect(200);
      const noDelivery = await brand.owner.post(`${endpoint}/deliveries/nope/redeliver`, {}).expect(404);
      expect(noDelivery.body.error.code).toBe('not_found');
      const stranger = await newBrand(strict);
      await stranger.owner.get(`/v1/brands/${brand.id}/webhook-endpoints`).expect(404);
    } finally {
      await strict.app.close();
    }
  });
});
