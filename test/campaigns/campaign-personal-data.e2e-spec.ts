import { CampaignPersonalData } from '@perkrank/campaigns';
import {
  newBrand,
  newBrandMember,
  newInfluencer,
  newLiveCampaign,
  useTestApp,
  useAdmin,
} from '@perkrank/testing';

describe("campaigns' part of export and erasure", () => {
  const t = useTestApp();
  const admin = useAdmin(t);

  it('exports the reports a member filed and the campaigns they drafted, and erases every trace', async () => {
    const brand = await newBrand(t);
    const manager = await newBrandMember(t, brand, 'manager');
    const perk = await newLiveCampaign(t, brand, admin);
    const drafted = await manager
      .post(`/v1/brands/${brand.id}/campaigns`, { title: 'Drafted by the manager' })
      .expect(201);
    const reporter = await newInfluencer(t);
    await manager
      .post('/v1/reports', { subjectType: 'campaign', subjectId: perk.id, reason: 'A rival copied this.' })
      .expect(201);
    await reporter
      .post('/v1/reports', { subjectType: 'user', subjectId: manager.id, reason: 'Asked me for money.' })
      .expect(201);
    const contributor = t.app.get(CampaignPersonalData);

    const exported = await contributor.export(manager.id);
    expect(exported).toEqual({
      reportsFiled: [expect.objectContaining({ subjectId: perk.id, reason: 'A rival copied this.' })],
      campaignsDrafted: [{ id: drafted.body.id, brandId: brand.id, title: 'Drafted by the manager' }],
    });

    await t.dataSource.transaction((manager_) => contributor.erase(manager.id, manager_));
    const rows: Array<{ n: number }> = await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM reports WHERE reporter_id = $1 OR subject_id = $1)
            + (SELECT count(*)::int FROM campaigns WHERE created_by = $1) AS n`,
      [manager.id],
    );
    expect(rows[0].n).toBe(0);
    // The brand's campaign stays.
    const kept = await brand.owner.get(`/v1/campaigns/${drafted.body.id}`).expect(200);
    expect(kept.body.title).toBe('Drafted by the manager');
    expect(await contributor.export(manager.id)).toEqual({ reportsFiled: [], campaignsDrafted: [] });
  });
});
