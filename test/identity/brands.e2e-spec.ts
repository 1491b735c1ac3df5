import { newBrand, newBrandMember, newBrandUser, newInfluencer, useTestApp } from '@perkrank/testing';

describe('brands, teams and API keys (API)', () => {
  const t = useTestApp();

  it('creates a brand whose creator is its owner', async () => {
    const owner = await newBrandUser(t);
    const res = await owner
      .post('/v1/brands', { name: '  Hotel Adlon  ', country: 'de', website: 'https://adlon.example' })
      .expect(201);
    expect(res.body).toMatchObject({
      name: 'Hotel Adlon',
      country: 'DE',
      role: 'owner',
      website: 'https://adlon.example',
    });
    const me = await owner.get('/v1/me').expect(200);
    expect(me.body.brands).toEqual([{ id: res.body.id, name: 'Hotel Adlon', role: 'owner' }]);
    const members = await owner.get(`/v1/brands/${res.body.id}/members`).expect(200);
    expect(members.body.data).toEqual([expect.objectContaining({ userId: owner.id, role: 'owner' })]);
  });

  it('validates brands and writes nothing on failure', async () => {
    const owner = await newBrandUser(t);
    const res = await owner
      .post('/v1/brands', { name: 'X', country: 'Germany', website: 'javascript:alert(1)' })
      .expect(400);
    expect(Object.keys(res.body.error.details.fields).sort()).toEqual(['country', 'name', 'website']);
    const mine = await owner.get('/v1/brands').expect(200);
    expect(mine.body.data).toEqual([]);
  });

  it('does not let influencers create brands', async () => {
    const influencer = await newInfluencer(t);
    const res = await influencer.post('/v1/brands', { name: 'Sneaky Brand', country: 'FR' }).expect(403);
    expect(res.body.error).toMatchObject({ type: 'permission_error', code: 'forbidden' });
  });

  it('lets owners add managers and staff, managers add staff, and staff nobody', async () => {
    const brand = await newBrand(t);
    const manager = await newBrandMember(t, brand, 'manager');
    const staff = await newBrandMember(t, brand, 'staff');
    const another = await newInfluencer(t);

    const byStaff = await staff
      .post(`/v1/brands/${brand.id}/members`, { email: another.email, role: 'staff' })
      .expect(403);
    expect(byStaff.body.error.code).toBe('forbidden');
    await manager
      .post(`/v1/brands/${brand.id}/members`, { email: another.email, role: 'manager' })
      .expect(403);
    const invited = await manager
      .post(`/v1/brands/${brand.id}/members`, { email: another.email.toUpperCase(), role: 'staff' })
      .expect(202);
    expect(invited.body).toMatchObject({ email: another.email, role: 'staff', status: 'pending' });
    await another.post(`/v1/me/invitations/${invited.body.id}/accept`).expect(200);
    // Joining a brand opens brand endpoints to the person.
    const me = await another.get('/v1/me').expect(200);
    expect(me.body.roles).toEqual(['influencer', 'brand']);

    const again = await brand.owner
      .post(`/v1/brands/${brand.id}/members`, { email: another.email, role: 'staff' })
      .expect(409);
    expect(again.body.error.code).toBe('already_member');
    // An email without an account gets an invitation like anyone else (nothing is revealed).
    await brand.owner
      .post(`/v1/brands/${brand.id}/members`, { email: 'nobody-here@example.com', role: 'staff' })
      .expect(202);

    const list = await staff.get(`/v1/brands/${brand.id}/members`).expect(200);
    expect(list.body.data.map((m: { role: string }) => m.role)).toEqual([
      'owner',
      'manager',
      'staff',
      'staff',
    ]);

    await manager.delete(`/v1/brands/${brand.id}/members/${brand.owner.id}`).expect(409);
    await staff.delete(`/v1/brands/${brand.id}/members/${another.id}`).expect(403);
    await manager.delete(`/v1/brands/${brand.id}/members/${another.id}`).expect(204);
  });

  it("answers 404 for another brand's resources, whoever asks", async () => {
    const brand = await newBrand(t);
    const outsider = await newBrand(t);
    const influencer = await newInfluencer(t);
    for (const client of [outsider.owner, influencer]) {
      const res = await client.get(`/v1/brands/${brand.id}`).expect(404);
      expect(res.body.error.type).toBe('not_found_error');
      await client.get(`/v1/brands/${brand.id}/members`).expect(404);
      await client
        .post(`/v1/brands/${brand.id}/members`, { email: influencer.email, role: 'staff' })
        .expect(404);
      await client.post(`/v1/brands/${brand.id}/api-keys`, {}).expect(404);
      await client.get(`/v1/brands/${brand.id}/api-keys`).expect(404);
    }
    await outsider.owner.get('/v1/brands/not-a-uuid').expect(404);
  });

  it('issues API keys shown once, usable until revoked; staff cannot manage them', async () => {
    const brand = await newBrand(t);
    const staff = await newBrandMember(t, brand, 'staff');
    await staff.post(`/v1/brands/${brand.id}/api-keys`, { name: 'PMS' }).expect(403);

    const created = await brand.owner
      .post(`/v1/brands/${brand.id}/api-keys`, { name: 'Opera PMS' })
      .expect(201);
    const key: string = created.body.key;
    expect(key).toMatch(/^prk_/);
    const listed = await brand.owner.get(`/v1/brands/${brand.id}/api-keys`).expect(200);
    expect(listed.body.data).toHaveLength(1);
    expect(JSON.stringify(listed.body)).not.toContain(key.split('.')[1]);

    const who = await t.http.get('/v1/api-keys/me').set('X-Api-Key', key).expect(200);
    expect(who.body).toEqual({ keyId: created.body.id, brandId: brand.id, name: 'Opera PMS' });
    // A key is not a bearer token and opens nothing else.
    await t.http.get('/v1/me').set('X-Api-Key', key).expect(401);
    const forged = await t.http.get('/v1/api-keys/me').set('X-Api-Key', `${key}x`).expect(401);
    expect(forged.body.error.code).toBe('invalid_api_key');

    await brand.owner.delete(`/v1/brands/${brand.id}/api-keys/${created.body.id}`).expect(204);
    const revoked = await t.http.get('/v1/api-keys/me').set('X-Api-Key', key).expect(401);
    expect(revoked.body.error.code).toBe('invalid_api_key');
    await brand.owner.delete(`/v1/brands/${brand.id}/api-keys/${created.body.id}`).expect(404);
  });

  it('replays a brand creation sent twice with the same Idempotency-Key', async () => {
    const owner = await newBrandUser(t);
    const body = { name: 'Idempotent Inn', country: 'AT' };
    const first = await owner.post('/v1/brands', body).set('Idempotency-Key', 'create-inn-1').expect(201);
    const second = await owner.post('/v1/brands', body).set('Idempotency-Key', 'create-inn-1').expect(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers['idempotent-replayed']).toBe('true');
    const mine = await owner.get('/v1/brands').expect(200);
    expect(mine.body.data).toHaveLength(1);

    const reused = await owner
      .post('/v1/brands', { ...body, name: 'Other Inn' })
      .set('Idempotency-Key', 'create-inn-1')
      .expect(409);
    expect(reused.body.error.code).toBe('idempotency_key_reused');
    // Keys are per caller: another user's identical key is unrelated.
    const other = await newBrandUser(t);
    const theirs = await other.post('/v1/brands', body).set('Idempotency-Key', 'create-inn-1').expect(201);
    expect(theirs.body.id).not.toBe(first.body.id);
    const tooLong = await owner.post('/v1/brands', body).set('Idempotency-Key', 'k'.repeat(256)).expect(400);
    expect(tooLong.body.error.param).toBe('Idempotency-Key');
  });

  it('replays a stored error for the same key and body', async () => {
    const owner = await newBrandUser(t);
    const bad = { name: 'Y', country: 'DE' };
    const first = await owner.post('/v1/brands', bad).set('Idempotency-Key', 'bad-1').expect(400);
    const second = await owner.post('/v1/brands', bad).set('Idempotency-Key', 'bad-1').expect(400);
    expect(second.body).toEqual(first.body);
  });
});
