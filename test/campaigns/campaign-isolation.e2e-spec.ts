import type request from 'supertest';
import {
  campaignBody,
  Client,
  newBrand,
  newBrandMember,
  newInfluencer,
  newLiveCampaign,
  useAdmin,
  useBrand,
  useTestApp,
} from '@perkrank/testing';

type Caller = 'owner' | 'manager' | 'staff' | 'otherBrand' | 'influencer' | 'admin';
type Kind = 'brandRead' | 'brandWrite' | 'admin';

interface Endpoint {
  name: string;
  kind: Kind;
  call: (client: Client) => request.Test;
}

describe('campaign isolation matrix (API)', () => {
  const t = useTestApp();
  const admin = useAdmin(t);
  const brand = useBrand(t);
  let callers: Record<Caller, Client>;
  let campaignId: string;
  let endpoints: Endpoint[];

  beforeAll(async () => {
    const other = await newBrand(t);
    callers = {
      owner: brand.owner,
      manager: await newBrandMember(t, brand, 'manager'),
      staff: await newBrandMember(t, brand, 'staff'),
      otherBrand: other.owner,
      influencer: await newInfluencer(t),
      admin,
    };
    campaignId = (await newLiveCampaign(t, brand, admin)).id;
    const c = `/v1/campaigns/${campaignId}`;
    const a = `/v1/admin/campaigns/${campaignId}`;
    endpoints = [
      {
        name: 'POST /brands/:id/campaigns',
        kind: 'brandWrite',
        call: (u) => u.post(`/v1/brands/${brand.id}/campaigns`, campaignBody(t)),
      },
      {
        name: 'GET /brands/:id/campaigns',
        kind: 'brandRead',
        call: (u) => u.get(`/v1/brands/${brand.id}/campaigns`),
      },
      { name: 'GET /campaigns/:id', kind: 'brandRead', call: (u) => u.get(c) },
      {
        name: 'PATCH /campaigns/:id',
        kind: 'brandWrite',
        call: (u) => u.patch(c, { title: 'Hijacked title' }),
      },
      { name: 'POST /campaigns/:id/submit', kind: 'brandWrite', call: (u) => u.post(`${c}/submit`) },
      { name: 'POST /campaigns/:id/pause', kind: 'brandWrite', call: (u) => u.post(`${c}/pause`) },
      { name: 'POST /campaigns/:id/resume', kind: 'brandWrite', call: (u) => u.post(`${c}/resume`) },
      { name: 'POST /campaigns/:id/end', kind: 'brandWrite', call: (u) => u.post(`${c}/end`) },
      { name: 'GET /admin/campaigns', kind: 'admin', call: (u) => u.get('/v1/admin/campaigns') },
      { name: 'GET /admin/campaigns/:id', kind: 'admin', call: (u) => u.get(a) },
      { name: 'POST /admin/campaigns/:id/approve', kind: 'admin', call: (u) => u.post(`${a}/approve`, {}) },
      {
        name: 'POST /admin/campaigns/:id/reject',
        kind: 'admin',
        call: (u) => u.post(`${a}/reject`, { reason: 'No.' }),
      },
      {
        name: 'POST /admin/campaigns/:id/request-changes',
        kind: 'admin',
        call: (u) => u.post(`${a}/request-changes`, { notes: 'Fix it.' }),
      },
      {
        name: 'POST /admin/campaigns/:id/remove',
        kind: 'admin',
        call: (u) => u.post(`${a}/remove`, { reason: 'Gone.' }),
      },
      { name: 'GET /admin/reports', kind: 'admin', call: (u) => u.get('/v1/admin/reports') },
    ];
  });

  /** The answer each caller must get; `undefined` = allowed (not run here when it would change state). */
  function expected(caller: Caller, kind: Kind): number | undefined {
    if (kind === 'admin') return caller === 'admin' ? undefined : 403;
    switch (caller) {
      case 'owner':
      case 'manager':
        return undefined;
      case 'staff':
        return kind === 'brandWrite' ? 403 : undefined;
      case 'otherBrand':
        return 404;
      case 'influencer':
      case 'admin':
        // Neither holds the brand role: brand endpoints are closed to them outright.
        return 403;
    }
  }

  const CALLERS: Caller[] = ['owner', 'manager', 'staff', 'otherBrand', 'influencer', 'admin'];

  it('answers every endpoint for every caller as the matrix says, and changes nothing when it refuses', async () => {
    const before = await brand.owner.get(`/v1/campaigns/${campaignId}`).expect(200);
    const outcomes: string[] = [];
    const wanted: string[] = [];
    for (const endpoint of endpoints) {
      for (const caller of CALLERS) {
        const status = expected(caller, endpoint.kind);
        if (status === undefined) continue;
        const res = await endpoint.call(callers[caller]);
        outcomes.push(`${endpoint.name} as ${caller}: ${res.status} ${res.body?.error?.type ?? ''}`);
        wanted.push(
          `${endpoint.name} as ${caller}: ${status} ${status === 404 ? 'not_found_error' : 'permission_error'}`,
        );
      }
    }
    expect(outcomes).toEqual(wanted);
    const after = await brand.owner.get(`/v1/campaigns/${campaignId}`).expect(200);
    expect(after.body).toEqual(before.body);
    const list = await brand.owner.get(`/v1/brands/${brand.id}/campaigns`).expect(200);
    expect(list.body.data).toHaveLength(1);
  });

  it('lets every member read, and owners and managers write', async () => {
    for (const caller of ['owner', 'manager', 'staff'] as const) {
      await callers[caller].get(`/v1/campaigns/${campaignId}`).expect(200);
      const list = await callers[caller].get(`/v1/brands/${brand.id}/campaigns`).expect(200);
      expect(list.body.data.map((c: { id: string }) => c.id)).toContain(campaignId);
    }
    for (const caller of ['owner', 'manager'] as const) {
      const draft = await callers[caller]
        .post(`/v1/brands/${brand.id}/campaigns`, campaignBody(t))
        .expect(201);
      await callers[caller]
        .patch(`/v1/campaigns/${draft.body.id}`, { title: 'Edited by a manager' })
        .expect(200);
      await callers[caller].post(`/v1/campaigns/${draft.body.id}/submit`).expect(200);
    }
    await callers.manager.post(`/v1/campaigns/${campaignId}/pause`).expect(200);
    await callers.owner.post(`/v1/campaigns/${campaignId}/resume`).expect(200);
    await callers.admin.get(`/v1/admin/campaigns/${campaignId}`).expect(200);
    await callers.admin.get('/v1/admin/campaigns').expect(200);
    await callers.admin.get('/v1/admin/reports').expect(200);
  });

  it('answers 404 for unknown and malformed ids exactly as for another brand', async () => {
    const unknown = '0190a7c4-0000-7000-8000-000000000000';
    const a = await brand.owner.get(`/v1/campaigns/${unknown}`).expect(404);
    const b = await callers.otherBrand.get(`/v1/campaigns/${campaignId}`).expect(404);
    expect(a.body.error.code).toBe(b.body.error.code);
    expect(a.body.error.message).toBe(b.body.error.message);
    await brand.owner.get('/v1/campaigns/not-a-uuid').expect(404);
    await callers.admin.post(`/v1/admin/campaigns/${unknown}/approve`, {}).expect(404);
  });

  it('needs a bearer token everywhere but the topic list', async () => {
    await t.http.get(`/v1/campaigns/${campaignId}`).expect(401);
    await t.http.get('/v1/perks').expect(401);
    await t.http.post('/v1/reports').send({}).expect(401);
    await t.http.get('/v1/admin/campaigns').expect(401);
    const topics = await t.http.get('/v1/topics').expect(200);
    expect(topics.body.data).toContain('travel');
    expect(topics.body.data.length).toBeGreaterThanOrEqual(25);
  });
});
