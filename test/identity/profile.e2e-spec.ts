import { newInfluencer, useTestApp } from '@perkrank/testing';

describe('member profile (API)', () => {
  const t = useTestApp();

  it('starts empty and updates topics, country and city', async () => {
    const user = await newInfluencer(t);
    const before = await user.get('/v1/me').expect(200);
    expect(before.body.profile).toEqual({ topics: [], country: null, city: null });
    const res = await user
      .patch('/v1/me', { topics: ['travel', 'food'], country: 'de', city: ' Berlin ' })
      .expect(200);
    expect(res.body.profile).toEqual({ topics: ['travel', 'food'], country: 'DE', city: 'Berlin' });
    const cleared = await user.patch('/v1/me', { city: null }).expect(200);
    expect(cleared.body.profile).toEqual({ topics: ['travel', 'food'], country: 'DE', city: null });
  });

  it('rejects topics outside the published list and writes nothing', async () => {
    const user = await newInfluencer(t);
    const res = await user.patch('/v1/me', { topics: ['travel', 'crypto-pumps'], country: 'XX' }).expect(400);
    expect(Object.keys(res.body.error.details.fields).sort()).toEqual(['country', 'topics']);
    const me = await user.get('/v1/me').expect(200);
    expect(me.body.profile.topics).toEqual([]);
    await user.patch('/v1/me', { email: 'new@example.com' }).expect(400);
  });
});
