import { IdempotencyRepository } from '@perkrank/core';
import {
  type Client,
  newClaimablePerk,
  type PerkFixture,
  remainingStock,
  scoredInfluencer,
  useTestApp,
  useAdmin,
} from '@perkrank/testing';

/**
 * An API process killed while it serves a claim leaves the claim's idempotency record `in_progress`,
 * and maybe the claim committed: the client got no answer and retries with the same key. Once the
 * record's lease runs out the retry takes the key over, and the claim answers as its first run did.
 */
describe('a claim retried after the process serving it died (Idempotency-Key takeover)', () => {
  const t = useTestApp();
  const admin = useAdmin(t);

  const perk = (overrides = {}): Promise<PerkFixture> => newClaimablePerk(t, admin, overrides);
  const pastTheLease = (): void => t.clock.advance((t.config.IDEMPOTENCY_LEASE_SECONDS + 1) * 1000);

  /** What a process killed after the claim committed but before recording its answer leaves behind. */
  async function crashBeforeAnswer(member: Client, key: string): Promise<void> {
    const result: [unknown[], number] = await t.dataSource.query(
      `UPDATE idempotency_keys SET state = 'in_progress', response_status = NULL, response_body = NULL
        WHERE scope = $1 AND key = $2`,
      [`user:${member.id}`, key],
    );
    expect(result[1]).toBe(1);
  }

  async function claimsOf(fixture: PerkFixture, member: Client): Promise<string[]> {
    const rows: Array<{ id: string }> = await t.dataSource.query(
      `SELECT id FROM claims WHERE campaign_id = $1 AND member_id = $2`,
      [fixture.campaign.id, member.id],
    );
    return rows.map((r) => r.id);
  }

  it.each([
    ['one unit per member', { inventory: { total: 20, perUser: 1 } }, 19],
    ['three units per member (a re-run could reserve another)', { inventory: { total: 20, perUser: 3 } }, 19],
    ['the last unit (a re-run would find it sold out)', { inventory: { total: 1, perUser: 1 } }, 0],
  ])('answers 201 with the committed claim once the lease ran out: %s', async (_name, overrides, left) => {
    const fixture = await perk(overrides);
    const member = await scoredInfluencer(t, 80);
    const url = `/v1/perks/${fixture.campaign.id}/claims`;
    const first = await member.post(url).set('Idempotency-Key', 'lost-answer').expect(201);
    await crashBeforeAnswer(member, 'lost-answer');

    // While the lease holds, the first run may still be alive: the retry waits.
    const early = await member.post(url).set('Idempotency-Key', 'lost-answer').expect(409);
    expect(early.body.error.code).toBe('idempotency_request_in_progress');

    pastTheLease();
    const retry = await member.post(url).set('Idempotency-Key', 'lost-answer').expect(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    expect(retry.body).toEqual(first.body);
    expect(await claimsOf(fixture, member)).toEqual([first.body.id]);
    expect(await remainingStock(fixture)).toBe(left);

    // The takeover recorded its answer: the next retry is a replay.
    const replay = await member.post(url).set('Idempotency-Key', 'lost-answer').expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
  });

  it('claims on the takeover when the first run died before its claim committed', async () => {
    const fixture = await perk();
    const member = await scoredInfluencer(t, 80);
    const repo = t.app.get(IdempotencyRepository);
    const url = `/v1/perks/${fixture.campaign.id}/claims`;
    // The request hash of this very request: take it from a record of the same request under another key.
    await member.post(url).set('Idempotency-Key', 'probe').expect(201);
    const [{ hash }]: Array<{ hash: string }> = await t.dataSource.query(
      `SELECT request_hash AS hash FROM idempotency_keys WHERE scope = $1 AND key = 'probe'`,
      [`user:${member.id}`],
    );
    await member.post(`/v1/me/claims/${(await claimsOf(fixture, member))[0]}/cancel`).expect(200);
    const held = await repo.claim(`user:${member.id}`, 'died-early', hash, t.clock.now(), 86400, 30);
    expect(held).toBeDefined();

    pastTheLease();
    const retry = await member.post(url).set('Idempotency-Key', 'died-early').expect(201);
    expect(retry.body).toMatchObject({ campaignId: fixture.campaign.id, status: 'reserved' });
    const [row] = await t.dataSource.query(`SELECT id, state FROM idempotency_keys WHERE key = 'died-early'`);
    expect(row.state).toBe('completed');
    expect(row.id).not.toBe(held); // taken over under a new id: the first run can no longer record an answer
  });

  it('lets exactly one of many concurrent retries take the key over', async () => {
    const fixture = await perk({ inventory: { total: 20, perUser: 3 } });
    const member = await scoredInfluencer(t, 80);
    const url = `/v1/perks/${fixture.campaign.id}/claims`;
    const first = await member.post(url).set('Idempotency-Key', 'many-retries').expect(201);
    await crashBeforeAnswer(member, 'many-retries');
    pastTheLease();

    const answers = await Promise.all(
      Array.from({ length: 8 }, () => member.post(url).set('Idempotency-Key', 'many-retries')),
    );
    const ran = answers.filter((a) => a.status === 201 && a.headers['idempotent-replayed'] === undefined);
    expect(ran).toHaveLength(1);
    for (const a of answers) {
      if (a.status === 201) expect(a.body).toEqual(first.body);
      else {
        expect(a.status).toBe(409);
        expect(a.body.error.code).toBe('idempotency_request_in_progress');
      }
    }
    expect(await claimsOf(fixture, member)).toEqual([first.body.id]);
    expect(await remainingStock(fixture)).toBe(19);
  });

  it('takes over an expired lease in one statement: one of many concurrent callers wins', async () => {
    const repo = t.app.get(IdempotencyRepository);
    const start = t.clock.now();
    expect(await repo.claim('test:race', 'k', 'h', start, 86400, 30)).toBeDefined();
    const later = new Date(start.getTime() + 31_000);
    const winners = (
      await Promise.all(Array.from({ length: 10 }, () => repo.claim('test:race', 'k', 'h', later, 86400, 30)))
    ).filter((id) => id !== undefined);
    expect(winners).toHaveLength(1);
    // Nobody takes over a lease still running, nor a different request's key, nor a completed one.
    expect(
      await repo.claim('test:race', 'k', 'h', new Date(later.getTime() + 29_000), 86400, 30),
    ).toBeUndefined();
    const evenLater = new Date(later.getTime() + 31_000);
    expect(await repo.claim('test:race', 'k', 'other', evenLater, 86400, 30)).toBeUndefined();
    await repo.complete(winners[0], 201, { ok: true });
    expect(await repo.claim('test:race', 'k', 'h', evenLater, 86400, 30)).toBeUndefined();
    expect(await repo.find('test:race', 'k')).toMatchObject({
      state: 'completed',
      responseBody: { ok: true },
    });
  });
});
