import { ClaimService, formatCode } from '@perkrank/claims';
import { DomainEvents, uuidv7 } from '@perkrank/core';
import type { AuthUser } from '@perkrank/identity';
import {
  type Client,
  claimPerk,
  newClaimablePerk,
  type PerkFixture,
  remainingStock,
  scoredInfluencer,
  useAdmin,
  useTestApp,
} from '@perkrank/testing';

/**
 * A claim that succeeds is one statement (ClaimRepository.claimAtOnce) that writes the rows of
 * `claim.created` and, for the last unit, of `campaign.sold_out` itself, instead of publishing the
 * events to notifications' handlers in a transaction. The explaining way (a claim the statement
 * did not make) still publishes them. These pin that both write the very same rows: the member's
 * confirmation, the brand's webhook events and their deliveries, the sold-out mail to the brand's
 * owner and managers.
 */
describe('claim outbox rows (API)', () => {
  const t = useTestApp();
  const admin = useAdmin(t);

  /** A two-unit perk whose brand listens for claim.created and campaign.sold_out. */
  async function listenedPerk(): Promise<PerkFixture> {
    const fixture = await newClaimablePerk(t, admin, { inventory: { total: 2, perUser: 1 } });
    const now = t.clock.now();
    await t.dataSource.query(
      `INSERT INTO webhook_endpoints (id, brand_id, url, events, secret, status, consecutive_failures, created_at, updated_at)
       VALUES ($1, $2, 'https://hooks.example.test/perkrank', ARRAY['claim.created', 'campaign.sold_out'],
               'whsec_test', 'enabled', 0, $3, $3)`,
      [uuidv7(), fixture.brand.id, now],
    );
    return fixture;
  }

  /** How often each domain event was published while `work` ran. */
  async function publishedDuring(work: () => Promise<unknown>): Promise<Record<string, number>> {
    const spy = jest.spyOn(t.app.get(DomainEvents), 'publish');
    try {
      await work();
      const counts: Record<string, number> = {};
      for (const [event] of spy.mock.calls) counts[event.type] = (counts[event.type] ?? 0) + 1;
      return counts;
    } finally {
      spy.mockRestore();
    }
  }

  /** The explaining way: the service without the profile the access check reads. */
  function claimExplaining(member: Client, campaignId: string): Promise<unknown> {
    const caller: AuthUser = {
      id: member.id,
      email: member.email,
      displayName: member.displayName,
      roles: ['influencer'],
      status: 'active',
      sessionId: 'test',
      emailVerified: true,
    };
    return t.app.get(ClaimService).claim(caller, campaignId);
  }

  /**
   * Every outbox row about the perk, its own ids, codes and times replaced by names, so that two
   * perks claimed alike compare equal.
   */
  async function outboxOf(fixture: PerkFixture, members: Client[]): Promise<unknown> {
    const campaignId = fixture.campaign.id;
    const names = new Map<string, string>([
      [campaignId, 'campaign'],
      [fixture.brand.id, 'brand'],
      [fixture.brand.owner.id, 'owner'],
    ]);
    const iso = (d: Date): string => d.toISOString();
    const [campaign] = await t.dataSource.query(
      `SELECT title, starts_at, ends_at FROM campaigns WHERE id = $1`,
      [campaignId],
    );
    names.set(campaign.title, 'title');
    names.set(iso(campaign.starts_at), 'starts');
    names.set(iso(campaign.ends_at), 'ends');
    for (const [i, member] of members.entries()) {
      const [claim] = await t.dataSource.query(
        `SELECT id, code, reserved_at, expires_at FROM claims WHERE campaign_id = $1 AND member_id = $2`,
        [campaignId, member.id],
      );
      names.set(member.id, `member${i}`);
      names.set(claim.id, `claim${i}`);
      names.set(formatCode(claim.code), `formatted${i}`);
      names.set(claim.code, `code${i}`);
      names.set(iso(claim.reserved_at), `reserved${i}`);
      names.set(iso(claim.expires_at), `expires${i}`);
    }
    const mails = await t.dataSource.query(
      `SELECT kind, user_id AS "userId", params, to_address AS "toAddress"
         FROM mail_outbox
        WHERE params->>'campaignId' = $1 AND kind IN ('claim_confirmation', 'campaign_sold_out')
        ORDER BY kind, user_id`,
      [campaignId],
    );
    const events = await t.dataSource.query(
      `SELECT e.type, e.data, (SELECT count(*)::int FROM webhook_deliveries d WHERE d.event_id = e.id) AS deliveries
         FROM webhook_events e WHERE e.brand_id = $1 ORDER BY e.type, e.data->>'id'`,
      [fixture.brand.id],
    );
    let text = JSON.stringify({ mails, events });
    for (const [value, name] of names) text = text.replaceAll(value, `<${name}>`);
    return JSON.parse(text);
  }

  it('writes the rows notifications’ handlers write, without publishing an event', async () => {
    const atOnce = await listenedPerk();
    const explained = await listenedPerk();
    const first = [await scoredInfluencer(t, 75), await scoredInfluencer(t, 75)];
    const second = [await scoredInfluencer(t, 75), await scoredInfluencer(t, 75)];

    // Through the API: the one statement, no domain event (the second claim takes the last unit).
    expect(await publishedDuring(() => claimPerk(first[0], atOnce.campaign.id))).toEqual({});
    expect(await publishedDuring(() => claimPerk(first[1], atOnce.campaign.id))).toEqual({});
    // The explaining way publishes the events and their handlers write the rows.
    expect(await publishedDuring(() => claimExplaining(second[0], explained.campaign.id))).toEqual({
      'claim.created': 1,
    });
    expect(await publishedDuring(() => claimExplaining(second[1], explained.campaign.id))).toEqual({
      'claim.created': 1,
      'campaign.sold_out': 1,
    });

    const made = await outboxOf(atOnce, first);
    expect(made).toEqual(await outboxOf(explained, second));
    // And what they are: each member's confirmation, the owner's sold-out mail, three webhooks.
    expect(made).toMatchObject({
      mails: [
        {
          kind: 'campaign_sold_out',
          userId: '<owner>',
          params: { campaignId: '<campaign>', brandId: '<brand>' },
        },
        {
          kind: 'claim_confirmation',
          params: { claimId: '<claim0>', code: '<code0>', codeKind: 'generated', expiresAt: '<expires0>' },
        },
        {
          kind: 'claim_confirmation',
          params: { claimId: '<claim1>', code: '<code1>', codeKind: 'generated', expiresAt: '<expires1>' },
        },
      ],
      events: [
        {
          type: 'campaign.sold_out',
          data: { id: '<campaign>', inventoryRemaining: 0, startsAt: '<starts>', endsAt: '<ends>' },
          deliveries: 1,
        },
        { type: 'claim.created', data: { code: '<formatted0>', reservedAt: '<reserved0>' }, deliveries: 1 },
        { type: 'claim.created', data: { code: '<formatted1>', reservedAt: '<reserved1>' }, deliveries: 1 },
      ],
    });
    expect(await remainingStock(atOnce)).toBe(0);
  });

  it('writes nothing for a claim refused, and explains the refusal', async () => {
    const fixture = await listenedPerk();
    const member = await scoredInfluencer(t, 75);
    await claimPerk(member, fixture.campaign.id);
    const again = await member.post(`/v1/perks/${fixture.campaign.id}/claims`).expect(409);
    expect(again.body.error.code).toBe('already_claimed');
    const mails = await t.dataSource.query(
      `SELECT kind FROM mail_outbox WHERE user_id = $1 AND params->>'campaignId' = $2`,
      [member.id, fixture.campaign.id],
    );
    expect(mails).toEqual([{ kind: 'claim_confirmation' }]);
    expect(await remainingStock(fixture)).toBe(1);
  });
});
