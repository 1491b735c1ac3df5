import {
  campaignBody,
  newAdmin,
  newBrand,
  scoredInfluencer,
  useTestApp,
  submitAndApprove,
} from '@perkrank/testing';

const HOUR = 3_600_000;

describe('campaign life cycle: draft → review → feed → removal (API)', () => {
  const t = useTestApp({
    env: { MODERATION_DENY_WORDS: 'casino', MODERATION_VALUE_CEILING_MINOR: 'EUR:10000' },
  });

  it('walks the whole path, with flags, notes, audit entries and the feed', async () => {
    const admin = await newAdmin(t);
    const brand = await newBrand(t); // created just now: the campaign gets the new_brand flag
    const eligible = await scoredInfluencer(t, 72.5, { topics: ['travel'], country: 'DE', city: 'berlin' });
    const below = await scoredInfluencer(t, 41, { topics: ['travel'], country: 'DE', city: 'Berlin' });

    // 1. The brand drafts a campaign with short terms, a link, a high value and a denied word.
    const body = campaignBody(t, {
      title: 'Casino night and suite upgrade',
      description: 'Book at www.example-hotel.com and show your code at the desk.',
      perk: { type: 'upgrade', terms: 'Two nights.', valueMinor: 25_000, currency: 'EUR' },
      eligibility: { minScore: 60, topics: ['travel', 'food'], countries: ['DE'], cities: ['Berlin'] },
    });
    const draft = await brand.owner.post(`/v1/brands/${brand.id}/campaigns`, body).expect(201);
    expect(draft.body).toMatchObject({
      status: 'draft',
      brandId: brand.id,
      claimable: false,
      funding: { status: 'not_required', amountMinor: null, currency: null },
      inventory: { total: 20, remaining: 20, perUser: 1 },
      moderation: { notes: null, reason: null },
    });
    const id: string = draft.body.id;

    // 2. Submit: it enters the queue with its flags.
    const submitted = await brand.owner.post(`/v1/campaigns/${id}/submit`).expect(200);
    expect(submitted.body.status).toBe('pending_review');
    expect(submitted.body).not.toHaveProperty('flags');
    const queue = await admin.get('/v1/admin/campaigns?status=pending_review').expect(200);
    const queued = queue.body.data.find((c: { id: string }) => c.id === id);
    expect(queued.brand).toMatchObject({ id: brand.id, name: brand.name });
    expect(queued.flags.map((f: { code: string }) => f.code).sort()).toEqual([
      'denied_word',
      'links_in_description',
      'new_brand',
      'terms_too_short',
      'value_above_ceiling',
    ]);

    // 3. The admin asks for changes; the brand sees the notes and edits.
    await admin.post(`/v1/admin/campaigns/${id}/request-changes`, {}).expect(400);
    const changes = await admin
      .post(`/v1/admin/campaigns/${id}/request-changes`, {
        notes: 'Remove the link and spell out the terms.',
      })
      .expect(200);
    expect(changes.body.status).toBe('changes_requested');
    const seen = await brand.owner.get(`/v1/campaigns/${id}`).expect(200);
    expect(seen.body.moderation).toEqual({ notes: 'Remove the link and spell out the terms.', reason: null });
    const edited = await brand.owner
      .patch(`/v1/campaigns/${id}`, {
        title: 'Suite upgrade for Berlin creators',
        description: 'Show your code at the front desk when you check in.',
        perk: { terms: 'Valid for stays of two nights or more, subject to availability on arrival.' },
      })
      .expect(200);
    expect(edited.body.perk).toMatchObject({ type: 'upgrade', valueMinor: 25_000, currency: 'EUR' });
    expect(edited.body.eligibility.topics).toEqual(['travel', 'food']);

    // 4. Resubmit (flags recomputed), approve.
    await brand.owner.post(`/v1/campaigns/${id}/submit`).expect(200);
    const again = await admin.get(`/v1/admin/campaigns/${id}`).expect(200);
    expect(again.body.flags.map((f: { code: string }) => f.code).sort()).toEqual([
      'new_brand',
      'value_above_ceiling',
    ]);
    const approved = await admin
      .post(`/v1/admin/campaigns/${id}/approve`, { note: 'Looks good.' })
      .expect(200);
    expect(approved.body).toMatchObject({ status: 'approved', claimable: true });
    const asBrand = await brand.owner.get(`/v1/campaigns/${id}`).expect(200);
    expect(asBrand.body).toMatchObject({
      status: 'approved',
      claimable: true,
      moderation: { notes: 'Looks good.' },
    });

    // 5. The eligible influencer sees it; the one below the threshold sees it only when locked ones are shown.
    const feed = await eligible.get('/v1/perks').expect(200);
    const item = feed.body.data.find((p: { id: string }) => p.id === id);
    expect(item).toMatchObject({
      id,
      title: 'Suite upgrade for Berlin creators',
      brand: { id: brand.id, name: brand.name },
      perk: { type: 'upgrade', valueMinor: 25_000, currency: 'EUR' },
      minScore: 60,
      remaining: 20,
      location: { venueName: 'Hotel Example', city: 'Berlin', country: 'DE', address: null },
      eligible: true,
      reasons: [],
    });
    expect(item.endsAt).toBe(body.schedule.endsAt);
    const detail = await eligible.get(`/v1/perks/${id}`).expect(200);
    expect(detail.body.eligibility).toEqual({ eligible: true, reasons: [] });

    const belowFeed = await below.get('/v1/perks').expect(200);
    expect(belowFeed.body.data.map((p: { id: string }) => p.id)).not.toContain(id);
    const locked = await below.get('/v1/perks?includeLocked=true').expect(200);
    expect(locked.body.data.find((p: { id: string }) => p.id === id)).toMatchObject({
      eligible: false,
      reasons: ['below_score_threshold'],
    });
    const belowDetail = await below.get(`/v1/perks/${id}`).expect(200);
    expect(belowDetail.body.eligibility).toEqual({ eligible: false, reasons: ['below_score_threshold'] });

    // 6. The admin removes it: it leaves the feed, and the brand sees why.
    await admin.post(`/v1/admin/campaigns/${id}/remove`, {}).expect(400);
    await admin.post(`/v1/admin/campaigns/${id}/remove`, { reason: 'The venue has closed.' }).expect(200);
    const after = await eligible.get('/v1/perks?includeLocked=true').expect(200);
    expect(after.body.data.map((p: { id: string }) => p.id)).not.toContain(id);
    await eligible.get(`/v1/perks/${id}`).expect(404);
    const removed = await brand.owner.get(`/v1/campaigns/${id}`).expect(200);
    expect(removed.body).toMatchObject({
      status: 'removed',
      claimable: false,
      moderation: { reason: 'The venue has closed.' },
    });

    // Every moderator decision is in the audit log with actor, before and after.
    const audit = await admin.get(`/v1/admin/audit-log?subjectId=${id}`).expect(200);
    const entries = [...audit.body.data].reverse();
    expect(entries.map((e: { action: string }) => e.action)).toEqual([
      'campaign.request_changes',
      'campaign.approve',
      'campaign.remove',
    ]);
    for (const entry of entries) expect(entry.actorId).toBe(admin.id);
    expect(entries[0]).toMatchObject({
      before: { status: 'pending_review' },
      after: { status: 'changes_requested', moderationNotes: 'Remove the link and spell out the terms.' },
      reason: 'Remove the link and spell out the terms.',
    });
    expect(entries[1]).toMatchObject({ before: { status: 'pending_review' }, after: { status: 'approved' } });
    expect(entries[2]).toMatchObject({
      before: { status: 'approved' },
      after: { status: 'removed', moderationReason: 'The venue has closed.' },
      reason: 'The venue has closed.',
    });
  });

  it('rejects with a reason the brand sees, and lets the brand pause, resume and end', async () => {
    const admin = await newAdmin(t);
    const brand = await newBrand(t);
    const rejected = await brand.owner.post(`/v1/brands/${brand.id}/campaigns`, campaignBody(t)).expect(201);
    await brand.owner.post(`/v1/campaigns/${rejected.body.id}/submit`).expect(200);
    await admin.post(`/v1/admin/campaigns/${rejected.body.id}/reject`, { reason: '  ' }).expect(400);
    await admin
      .post(`/v1/admin/campaigns/${rejected.body.id}/reject`, { reason: 'Cash prizes are not perks.' })
      .expect(200);
    const seen = await brand.owner.get(`/v1/campaigns/${rejected.body.id}`).expect(200);
    expect(seen.body).toMatchObject({
      status: 'rejected',
      moderation: { reason: 'Cash prizes are not perks.' },
    });

    const live = await brand.owner.post(`/v1/brands/${brand.id}/campaigns`, campaignBody(t)).expect(201);
    const id: string = live.body.id;
    await submitAndApprove(brand, admin, id);
    const member = await scoredInfluencer(t, 90);
    const ids = async (): Promise<string[]> =>
      (await member.get('/v1/perks').expect(200)).body.data.map((p: { id: string }) => p.id);
    expect(await ids()).toContain(id);

    const paused = await brand.owner.post(`/v1/campaigns/${id}/pause`).expect(200);
    expect(paused.body).toMatchObject({ status: 'paused', claimable: false });
    expect(await ids()).not.toContain(id);
    await brand.owner.post(`/v1/campaigns/${id}/resume`).expect(200);
    expect(await ids()).toContain(id);
    const ended = await brand.owner.post(`/v1/campaigns/${id}/end`).expect(200);
    expect(ended.body.status).toBe('ended');
    expect(await ids()).not.toContain(id);
  });

  it('replays a creation sent again with the same Idempotency-Key, creating one draft', async () => {
    const brand = await newBrand(t);
    const body = campaignBody(t);
    const first = await brand.owner
      .post(`/v1/brands/${brand.id}/campaigns`, body)
      .set('Idempotency-Key', 'create-once')
      .expect(201);
    const again = await brand.owner
      .post(`/v1/brands/${brand.id}/campaigns`, body)
      .set('Idempotency-Key', 'create-once')
      .expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    const other = await brand.owner
      .post(`/v1/brands/${brand.id}/campaigns`, { ...body, title: 'Another title' })
      .set('Idempotency-Key', 'create-once')
      .expect(409);
    expect(other.body.error.code).toBe('idempotency_key_reused');
    const list = await brand.owner.get(`/v1/brands/${brand.id}/campaigns`).expect(200);
    expect(list.body.data).toHaveLength(1);
  });

  it('lists the queue oldest first and pages through it', async () => {
    const admin = await newAdmin(t);
    const brand = await newBrand(t);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const draft = await brand.owner.post(`/v1/brands/${brand.id}/campaigns`, campaignBody(t)).expect(201);
      await brand.owner.post(`/v1/campaigns/${draft.body.id}/submit`).expect(200);
      ids.push(draft.body.id);
      t.clock.advance(1000);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { data: Array<{ id: string }>; nextCursor: string | null } } = await admin
        .get(`/v1/admin/campaigns?limit=1${cursor ? `&cursor=${cursor}` : ''}`)
        .expect(200);
      seen.push(...page.body.data.map((c) => c.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const ours = seen.filter((id) => ids.includes(id));
    expect(ours).toEqual(ids);
    t.clock.advance(HOUR);
  });
});
