import { newAdmin, newBrand, newBrandUser, newInfluencer, registerUser, useTestApp } from '@perkrank/testing';

/**
 * Issue #11, item 15: brand teams grow by invitation. Inviting answers the same whether or not the
 * email has an account (no enumeration), and nobody becomes staff or gains the brand role without
 * accepting.
 */
describe('brand team invitations (API)', () => {
  const t = useTestApp();

  const invite = (brand: Awaited<ReturnType<typeof newBrand>>, email: string, role = 'staff') =>
    brand.owner.post(`/v1/brands/${brand.id}/members`, { email, role });

  it('answers the same for an email with an account (an admin, even) and one without, revealing no one', async () => {
    const brand = await newBrand(t);
    const admin = await newAdmin(t);
    const known = await invite(brand, admin.email);
    const unknown = await invite(brand, `nobody-${Date.now()}@example.com`);
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(Object.keys(known.body).sort()).toEqual(Object.keys(unknown.body).sort());
    const shape = (body: Record<string, unknown>) => ({
      ...body,
      id: '',
      email: '',
      createdAt: '',
      expiresAt: '',
    });
    expect(shape(known.body)).toEqual(shape(unknown.body));
    expect(JSON.stringify(known.body)).not.toContain(admin.id);
    expect(known.body).not.toHaveProperty('displayName');

    // Nothing happened to the admin: not staff, no brand role, until they accept.
    const members = await brand.owner.get(`/v1/brands/${brand.id}/members`).expect(200);
    expect(members.body.data.map((m: { userId: string }) => m.userId)).not.toContain(admin.id);
    expect((await admin.get('/v1/me').expect(200)).body.roles).toEqual(['admin']);
    await admin.get(`/v1/brands/${brand.id}`).expect(404);
  });

  it('lets only the invitee list and accept: then they are staff with the brand role', async () => {
    const brand = await newBrand(t);
    const person = await newInfluencer(t);
    const stranger = await newInfluencer(t);
    const sent = await invite(brand, person.email.toUpperCase(), 'staff').expect(202);

    const mine = await person.get('/v1/me/invitations').expect(200);
    expect(mine.body.data).toEqual([
      expect.objectContaining({
        id: sent.body.id,
        brand: { id: brand.id, name: brand.name },
        role: 'staff',
        status: 'pending',
      }),
    ]);
    expect((await stranger.get('/v1/me/invitations').expect(200)).body.data).toEqual([]);
    const foreign = await stranger.post(`/v1/me/invitations/${sent.body.id}/accept`).expect(404);
    expect(foreign.body.error.code).toBe('invitation_not_found');

    const accepted = await person.post(`/v1/me/invitations/${sent.body.id}/accept`).expect(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', respondedAt: expect.any(String) });
    expect((await person.get('/v1/me').expect(200)).body.roles).toEqual(['influencer', 'brand']);
    const members = await brand.owner.get(`/v1/brands/${brand.id}/members`).expect(200);
    expect(members.body.data).toContainEqual(expect.objectContaining({ userId: person.id, role: 'staff' }));
    // Answered once: a second accept finds nothing open.
    await person.post(`/v1/me/invitations/${sent.body.id}/accept`).expect(404);
    expect((await person.get('/v1/me/invitations').expect(200)).body.data).toEqual([]);
    const again = await invite(brand, person.email).expect(409);
    expect(again.body.error.code).toBe('already_member');
  });

  it('declining leaves the person outside the brand; inviting twice hands out the same invitation', async () => {
    const brand = await newBrand(t);
    const person = await newBrandUser(t);
    const first = await invite(brand, person.email).expect(202);
    const second = await invite(brand, person.email, 'manager').expect(202);
    expect(second.body).toMatchObject({ id: first.body.id, role: 'manager' });
    const declined = await person.post(`/v1/me/invitations/${first.body.id}/decline`).expect(200);
    expect(declined.body.status).toBe('declined');
    await person.post(`/v1/me/invitations/${first.body.id}/accept`).expect(404);
    await person.get(`/v1/brands/${brand.id}`).expect(404);
  });

  it('reaches an account registered after the invitation; revoked and expired invitations cannot be accepted', async () => {
    const brand = await newBrand(t);
    const email = `later-${Date.now()}@example.com`;
    const sent = await invite(brand, email).expect(202);
    const pending = await brand.owner.get(`/v1/brands/${brand.id}/invitations`).expect(200);
    expect(pending.body.data.map((i: { id: string }) => i.id)).toEqual([sent.body.id]);
    const newcomer = await registerUser(t, { email, accountType: 'influencer' });
    expect((await newcomer.get('/v1/me/invitations').expect(200)).body.data).toHaveLength(1);

    await brand.owner.delete(`/v1/brands/${brand.id}/invitations/${sent.body.id}`).expect(204);
    await newcomer.post(`/v1/me/invitations/${sent.body.id}/accept`).expect(404);

    const renewed = await invite(brand, email).expect(202);
    expect(renewed.body.id).not.toBe(sent.body.id);
    t.clock.advance(8 * 86_400_000); // invitations last 7 days
    try {
      expect((await newcomer.get('/v1/me/invitations').expect(200)).body.data).toEqual([]);
      await newcomer.post(`/v1/me/invitations/${renewed.body.id}/accept`).expect(404);
    } finally {
      t.clock.reset();
    }
  });

  it('lets only owners invite managers, and nobody invite into a brand they do not run', async () => {
    const brand = await newBrand(t);
    const outsider = await newBrand(t);
    const person = await newInfluencer(t);
    await outsider.owner
      .post(`/v1/brands/${brand.id}/members`, { email: person.email, role: 'staff' })
      .expect(404);
    await person.post(`/v1/brands/${brand.id}/members`, { email: person.email, role: 'staff' }).expect(404);
    const bad = await invite(brand, 'not-an-email').expect(400);
    expect(bad.body.error.code).toBe('validation_failed');
  });
});
