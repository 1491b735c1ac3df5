import {
  CAMPAIGN_ACTIONS,
  CAMPAIGN_STATES,
  type CampaignAction,
  type CampaignState,
} from '@perkrank/campaigns';
import { newCampaign, useTestApp, useAdmin, useBrand } from '@perkrank/testing';

type State = CampaignState;
/** Every action a caller can take through the API (expiry is the sweep's, not a caller's). */
type Action = Exclude<CampaignAction, 'expire'>;

const STATES: readonly State[] = CAMPAIGN_STATES;
const ACTIONS = CAMPAIGN_ACTIONS.filter((a): a is Action => a !== 'expire');

/** The contract, written out independently of the state machine's own table. */
const ALLOWED: Record<State, Partial<Record<Action, State>>> = {
  draft: { submit: 'pending_review' },
  pending_review: { approve: 'approved', reject: 'rejected', request_changes: 'changes_requested' },
  changes_requested: { submit: 'pending_review' },
  rejected: {},
  approved: { pause: 'paused', end: 'ended', remove: 'removed' },
  paused: { resume: 'approved', end: 'ended', remove: 'removed' },
  ended: {},
  removed: {},
};

/** How each state is reached through the API, from a fresh complete draft. */
const PATH: Record<State, Action[]> = {
  draft: [],
  pending_review: ['submit'],
  changes_requested: ['submit', 'request_changes'],
  rejected: ['submit', 'reject'],
  approved: ['submit', 'approve'],
  paused: ['submit', 'approve', 'pause'],
  ended: ['submit', 'approve', 'end'],
  removed: ['submit', 'approve', 'remove'],
};

describe('campaign transitions through the API', () => {
  const t = useTestApp();
  const admin = useAdmin(t);
  const brand = useBrand(t);

  function act(id: string, action: Action) {
    switch (action) {
      case 'submit':
      case 'pause':
      case 'resume':
      case 'end':
        return brand.owner.post(`/v1/campaigns/${id}/${action}`);
      case 'approve':
        return admin.post(`/v1/admin/campaigns/${id}/approve`, {});
      case 'reject':
        return admin.post(`/v1/admin/campaigns/${id}/reject`, { reason: 'Not a perk.' });
      case 'request_changes':
        return admin.post(`/v1/admin/campaigns/${id}/request-changes`, { notes: 'Add the terms.' });
      case 'remove':
        return admin.post(`/v1/admin/campaigns/${id}/remove`, { reason: 'Reported as fake.' });
    }
  }

  async function campaignIn(state: State): Promise<string> {
    const { id } = await newCampaign(t, brand);
    for (const step of PATH[state]) await act(id, step).expect(200);
    const res = await brand.owner.get(`/v1/campaigns/${id}`).expect(200);
    expect(res.body.status).toBe(state);
    return id;
  }

  const table = STATES.flatMap((state) => ACTIONS.map((action) => [state, action] as const));

  it.each(table)('%s + %s', async (state, action) => {
    const id = await campaignIn(state);
    const to = ALLOWED[state][action];
    const res = await act(id, action);
    if (to === undefined) {
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ type: 'conflict_error', code: 'invalid_transition' });
      const unchanged = await brand.owner.get(`/v1/campaigns/${id}`).expect(200);
      expect(unchanged.body.status).toBe(state);
    } else {
      expect(res.status).toBe(200);
      expect(res.body.status).toBe(to);
    }
  });

  it.each(STATES.map((state) => [state]))('PATCH in %s', async (state) => {
    const id = await campaignIn(state);
    const res = await brand.owner.patch(`/v1/campaigns/${id}`, { title: 'A new title' });
    if (state === 'draft' || state === 'changes_requested') {
      expect(res.status).toBe(200);
      expect(res.body.title).toBe('A new title');
    } else {
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('campaign_not_editable');
      const unchanged = await brand.owner.get(`/v1/campaigns/${id}`).expect(200);
      expect(unchanged.body.title).not.toBe('A new title');
    }
  });

  it('refuses to submit an incomplete draft and names every missing part', async () => {
    const draft = await brand.owner
      .post(`/v1/brands/${brand.id}/campaigns`, { title: 'Half a campaign', inventory: { total: 5 } })
      .expect(201);
    expect(draft.body).toMatchObject({
      status: 'draft',
      description: null,
      inventory: { total: 5, remaining: 5 },
    });
    const res = await brand.owner.post(`/v1/campaigns/${draft.body.id}/submit`).expect(409);
    expect(res.body.error.code).toBe('campaign_incomplete');
    expect(res.body.error.details.reasons.map((r: { field: string }) => r.field)).toEqual([
      'description',
      'perk.type',
      'eligibility.minScore',
      'inventory.perUser',
      'codes.mode',
      'schedule.startsAt',
      'schedule.endsAt',
      'claimTtlHours',
    ]);
    const still = await brand.owner.get(`/v1/campaigns/${draft.body.id}`).expect(200);
    expect(still.body.status).toBe('draft');
  });

  it('refuses to submit a pool-mode campaign whose pool is smaller than its stock', async () => {
    const { id } = await newCampaign(t, brand, { codes: { mode: 'pool' }, inventory: { total: 10 } });
    const res = await brand.owner.post(`/v1/campaigns/${id}/submit`).expect(409);
    expect(res.body.error).toMatchObject({
      code: 'campaign_incomplete',
      details: { reasons: [expect.objectContaining({ field: 'codes', code: 'pool_too_small' })] },
    });
  });

  it('refuses to submit once the window typed into the draft has passed', async () => {
    const { id } = await newCampaign(t, brand);
    t.clock.advance(31 * 24 * 3_600_000);
    try {
      const res = await brand.owner.post(`/v1/campaigns/${id}/submit`).expect(409);
      expect(res.body.error.details.reasons).toEqual([
        expect.objectContaining({ field: 'schedule.endsAt', code: 'invalid' }),
      ]);
    } finally {
      t.clock.reset();
    }
  });
});
