import {
  newBrand,
  newCampaign,
  newInfluencer,
  newLiveCampaign,
  useTestApp,
  useAdmin,
} from '@perkrank/testing';

describe('reports (API)', () => {
  const t = useTestApp();
  const admin = useAdmin(t);

  it('takes reports about campaigns and users from anyone and lists them for admins, newest first', async () => {
    const brand = await newBrand(t);
    const perk = await newLiveCampaign(t, brand, admin);
    const reporter = await newInfluencer(t);
    const spammer = await newInfluencer(t);

    const first = await reporter
      .post('/v1/reports', {
        subjectType: 'campaign',
        subjectId: perk.id,
        reason: 'The hotel denies this offer.',
      })
      .expect(201);
    expect(first.body).toMatchObject({ subjectType: 'campaign', subjectId: perk.id });
    expect(first.body).not.toHaveProperty('reporterId');
    await brand.owner
      .post('/v1/reports', {
        subjectType: 'user',
        subjectId: spammer.id,
        reason: 'Asks for cash instead of posts.',
      })
      .expect(201);

    const list = await admin.get('/v1/admin/reports').expect(200);
    expect(list.body.data.slice(0, 2)).toEqual([
      expect.objectContaining({ subjectType: 'user', subjectId: spammer.id, reporterId: brand.owner.id }),
      expect.objectContaining({
        subjectType: 'campaign',
        subjectId: perk.id,
        reporterId: reporter.id,
        reporterDisplayName: reporter.displayName,
        reason: 'The hotel denies this offer.',
      }),
    ]);
    const campaignsOnly = await admin.get('/v1/admin/reports?subjectType=campaign').expect(200);
    expect(campaignsOnly.body.data.every((r: { subjectType: string }) => r.subjectType === 'campaign')).toBe(
      true,
    );
    const paged = await admin.get('/v1/admin/reports?limit=1').expect(200);
    expect(paged.body).toMatchObject({ hasMore: true, nextCursor: expect.any(String) });
    const next = await admin.get(`/v1/admin/reports?limit=1&cursor=${paged.body.nextCursor}`).expect(200);
    expect(next.body.data[0].id).not.toBe(paged.body.data[0].id);
  });

  it('does not reveal drafts or unknown subjects, and validates reports', async () => {
    const brand = await newBrand(t);
    const draft = await newCampaign(t, brand);
    const reporter = await newInfluencer(t);
    const hidden = await reporter
      .post('/v1/reports', { subjectType: 'campaign', subjectId: draft.id, reason: 'Looks fake to me.' })
      .expect(404);
    expect(hidden.body.error.code).toBe('report_subject_not_found');
    await reporter
      .post('/v1/reports', {
        subjectType: 'user',
        subjectId: '0190a7c4-0000-7000-8000-000000000000',
        reason: 'Nobody.',
      })
      .expect(404);
    const bad = await reporter
      .post('/v1/reports', { subjectType: 'brand', subjectId: 'x', reason: '' })
      .expect(400);
    expect(Object.keys(bad.body.error.details.fields).sort()).toEqual(['reason', 'subjectId', 'subjectType']);
    const list = await admin.get('/v1/admin/reports').expect(200);
    expect(list.body.data.map((r: { subjectId: string }) => r.subjectId)).not.toContain(draft.id);
  });
});
