import { Pseudonymizer, SocialErasure } from '@perkrank/social';
import { insertSocialAccount, newInfluencer, useTestApp } from '@perkrank/testing';

const TOKEN = 'ingest-token-for-erasure-tests-0123';

describe('erasure and export of a member’s interactions', () => {
  const t = useTestApp({ env: { INGEST_TOKEN: TOKEN } });

  let seq = 0;
  const event = (actor: string, target: string, kind = 'like'): object => ({
    eventId: `erase-${seq++}`,
    network: 'x',
    kind,
    actor: { id: actor },
    target: { id: target },
    occurredAt: new Date(t.clock.now().getTime() - 86_400_000).toISOString(),
  });
  const keysOf = async (network: string, nativeId: string): Promise<number> =>
    (
      await t.dataSource.query(
        'SELECT count(*)::int AS n FROM interactions WHERE actor_key = $1 OR target_key = $1',
        [t.app.get(Pseudonymizer).actorBigInt(network, nativeId).toString()],
      )
    )[0].n as number;

  it('exports their interactions and account history, and DELETE /v1/me removes them', async () => {
    const member = await newInfluencer(t, { scoringConsent: true });
    const account = await insertSocialAccount(t, member, { network: 'x', handle: `erasable_${seq}` });
    const nativeId = account.nativeId!;
    await t.http
      .post('/v1/ingest/interactions')
      .set('Authorization', `Bearer ${TOKEN}`)
      .send({
        events: [
          event('fan-1', nativeId),
          event('fan-2', nativeId, 'share'),
          event(nativeId, 'someone-else'),
          event('a', 'b'),
        ],
        accounts: [{ network: 'x', id: nativeId, followers: 10, following: 2, posts: 3 }],
      })
      .expect(200);
    expect(await keysOf('x', nativeId)).toBe(3);

    const exported = await member.get('/v1/me/export').expect(200);
    const text = JSON.stringify(exported.body);
    expect(text).toContain('"direction":"received"');
    expect(text).toContain('"direction":"given"');
    expect(text).toContain('"socialAccountStats"');

    await member.delete('/v1/me').expect(204);
    expect(await keysOf('x', nativeId)).toBe(0);
    expect(await keysOf('x', 'a')).toBe(1);
    expect(await t.dataSource.query('SELECT 1 FROM social_accounts WHERE id = $1', [account.id])).toEqual([]);
    expect(
      await t.dataSource.query('SELECT 1 FROM social_account_stats WHERE account_id = $1', [account.id]),
    ).toEqual([]);
  });

  it('eraseMember deletes the accounts and interactions in the caller’s transaction', async () => {
    const member = await newInfluencer(t);
    const account = await insertSocialAccount(t, member, { network: 'x', handle: `direct_${seq}` });
    await t.http
      .post('/v1/ingest/interactions')
      .set('Authorization', `Bearer ${TOKEN}`)
      .send({ events: [event('fan-9', account.nativeId!)] })
      .expect(200);
    const erasure = t.app.get(SocialErasure);
    // Rolled back with the transaction: nothing happens.
    await expect(
      t.dataSource.transaction(async (manager) => {
        await erasure.eraseMember(member.id, manager);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await keysOf('x', account.nativeId!)).toBe(1);
    const outcome = await t.dataSource.transaction((manager) => erasure.eraseMember(member.id, manager));
    expect(outcome).toEqual({ accounts: 1, interactions: 1 });
    expect(await keysOf('x', account.nativeId!)).toBe(0);
  });
});
