import fc from 'fast-check';
import { BRAND_ROLES, can } from '@perkrank/identity';
import {
  CAMPAIGN_ACTIONS,
  CAMPAIGN_ACTORS,
  CAMPAIGN_STATES,
  FUNDING_STATUSES,
  type CampaignAction,
  type CampaignActor,
  type CampaignState,
  type ClaimabilityInput,
  type TransitionResult,
  availableActions,
  isClaimable,
  isDueToExpire,
  isEditable,
  isTerminal,
  transition,
} from './campaign-state';

/**
 * The specification, written out independently of the implementation's table:
 * `action: allowed actors | from -> to, …`.
 */
const SPEC = `
  submit:          owner manager | draft -> pending_review, changes_requested -> pending_review
  pause:           owner manager | approved -> paused
  resume:          owner manager | paused -> approved
  end:             owner manager | approved -> ended, paused -> ended
  approve:         admin         | pending_review -> approved
  reject:          admin         | pending_review -> rejected
  request_changes: admin         | pending_review -> changes_requested
  remove:          admin         | approved -> removed, paused -> removed
  expire:          system        | approved -> ended, paused -> ended
`;

const spec = new Map<string, { actors: string[]; moves: Map<string, string> }>();
for (const line of SPEC.trim().split('\n')) {
  const [head = '', movesText = ''] = line.split('|');
  const [action = '', actorsText = ''] = head.split(':');
  const moves = new Map(
    movesText.split(',').map((move) => {
      const [from = '', to = ''] = move.split('->').map((s) => s.trim());
      return [from, to] as const;
    }),
  );
  spec.set(action.trim(), { actors: actorsText.trim().split(/\s+/), moves });
}

function expected(state: CampaignState, action: CampaignAction, actor: CampaignActor): TransitionResult {
  const rule = spec.get(action);
  if (rule === undefined) throw new Error(`no spec for ${action}`);
  if (!rule.actors.includes(actor)) return { ok: false, reason: 'forbidden' };
  const to = rule.moves.get(state);
  return to === undefined
    ? { ok: false, reason: 'invalid_transition' }
    : { ok: true, to: to as CampaignState };
}

const combinations = CAMPAIGN_STATES.flatMap((state) =>
  CAMPAIGN_ACTIONS.flatMap((action) => CAMPAIGN_ACTORS.map((actor) => [state, action, actor] as const)),
);

describe('campaign state machine', () => {
  it('has a spec row for every action and every state named in it exists', () => {
    expect([...spec.keys()].sort()).toEqual([...CAMPAIGN_ACTIONS].sort());
    for (const { actors, moves } of spec.values()) {
      for (const actor of actors) expect(CAMPAIGN_ACTORS).toContain(actor);
      for (const [from, to] of moves) {
        expect(CAMPAIGN_STATES).toContain(from);
        expect(CAMPAIGN_STATES).toContain(to);
      }
    }
    expect(combinations).toHaveLength(8 * 9 * 5);
  });

  it.each(combinations)('%s + %s by %s', (state, action, actor) => {
    expect(transition(state, action, actor)).toEqual(expected(state, action, actor));
  });

  it.each([
    ['draft', 'submit', 'owner', { ok: true, to: 'pending_review' }],
    ['changes_requested', 'submit', 'manager', { ok: true, to: 'pending_review' }],
    ['draft', 'submit', 'staff', { ok: false, reason: 'forbidden' }],
    ['draft', 'submit', 'admin', { ok: false, reason: 'forbidden' }],
    ['approved', 'submit', 'owner', { ok: false, reason: 'invalid_transition' }],
    ['pending_review', 'approve', 'admin', { ok: true, to: 'approved' }],
    ['draft', 'approve', 'admin', { ok: false, reason: 'invalid_transition' }],
    ['pending_review', 'approve', 'owner', { ok: false, reason: 'forbidden' }],
    ['approved', 'pause', 'staff', { ok: false, reason: 'forbidden' }],
    ['paused', 'resume', 'owner', { ok: true, to: 'approved' }],
    ['paused', 'remove', 'admin', { ok: true, to: 'removed' }],
    ['ended', 'remove', 'admin', { ok: false, reason: 'invalid_transition' }],
    ['approved', 'expire', 'system', { ok: true, to: 'ended' }],
    ['approved', 'expire', 'admin', { ok: false, reason: 'forbidden' }],
    ['pending_review', 'expire', 'system', { ok: false, reason: 'invalid_transition' }],
    ['approved', 'end', 'system', { ok: false, reason: 'forbidden' }],
  ] as const)('spot check: %s + %s by %s', (state, action, actor, result) => {
    expect(transition(state, action, actor)).toEqual(result);
  });

  it('answers forbidden the same way whatever the state, so it reveals nothing', () => {
    for (const action of CAMPAIGN_ACTIONS) {
      for (const actor of CAMPAIGN_ACTORS) {
        const forbidden = CAMPAIGN_STATES.map((state) => transition(state, action, actor)).filter(
          (result) => !result.ok && result.reason === 'forbidden',
        );
        expect([0, CAMPAIGN_STATES.length]).toContain(forbidden.length);
      }
    }
  });

  it('lets staff do nothing to a campaign', () => {
    for (const state of CAMPAIGN_STATES) expect(availableActions(state, 'staff')).toEqual([]);
  });

  it('lists the available actions', () => {
    expect(availableActions('approved', 'owner')).toEqual(['pause', 'end']);
    expect(availableActions('paused', 'admin')).toEqual(['remove']);
    expect(availableActions('pending_review', 'admin')).toEqual(['approve', 'reject', 'request_changes']);
    expect(availableActions('paused', 'system')).toEqual(['expire']);
  });

  it.each(CAMPAIGN_STATES.map((state) => [state]))('isEditable / isTerminal: %s', (state) => {
    expect(isEditable(state)).toBe(state === 'draft' || state === 'changes_requested');
    expect(isTerminal(state)).toBe(state === 'rejected' || state === 'ended' || state === 'removed');
  });
});

describe('isClaimable', () => {
  const now = new Date('2026-06-01T12:00:00Z');
  const live: ClaimabilityInput = {
    status: 'approved',
    fundingStatus: 'funded',
    startsAt: new Date('2026-05-01T00:00:00Z'),
    endsAt: new Date('2026-07-01T00:00:00Z'),
    remaining: 10,
  };

  it.each([
    ['a live funded campaign', {}, true],
    ['funding not required', { fundingStatus: 'not_required' }, true],
    ['unfunded', { fundingStatus: 'unfunded' }, false],
    ['payment pending', { fundingStatus: 'pending' }, false],
    ['refunded', { fundingStatus: 'refunded' }, false],
    ['paused', { status: 'paused' }, false],
    ['pending review', { status: 'pending_review' }, false],
    ['starting exactly now', { startsAt: now }, true],
    ['starting a millisecond later', { startsAt: new Date(now.getTime() + 1) }, false],
    ['ending exactly now', { endsAt: now }, false],
    ['ending a millisecond later', { endsAt: new Date(now.getTime() + 1) }, true],
    ['one unit left', { remaining: 1 }, true],
    ['sold out', { remaining: 0 }, false],
    ['an invalid end date', { endsAt: new Date(Number.NaN) }, false],
  ] as const)('%s → %s', (_name, change, claimable) => {
    expect(isClaimable({ ...live, ...change }, now)).toBe(claimable);
  });

  it('is true exactly when every condition holds', () => {
    const t0 = now.getTime();
    fc.assert(
      fc.property(
        fc.constantFrom(...CAMPAIGN_STATES),
        fc.constantFrom(...FUNDING_STATUSES),
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: -2, max: 3 }),
        (status, fundingStatus, startOffset, endOffset, remaining) => {
          const campaign = {
            status,
            fundingStatus,
            startsAt: new Date(t0 + startOffset),
            endsAt: new Date(t0 + endOffset),
            remaining,
          };
          const all =
            status === 'approved' &&
            (fundingStatus === 'funded' || fundingStatus === 'not_required') &&
            startOffset <= 0 &&
            endOffset > 0 &&
            remaining > 0;
          expect(isClaimable(campaign, now)).toBe(all);
        },
      ),
    );
  });

  it('marks live and paused campaigns past their window as due to expire', () => {
    expect(isDueToExpire({ status: 'approved', endsAt: now }, now)).toBe(true);
    expect(isDueToExpire({ status: 'paused', endsAt: new Date(now.getTime() - 1) }, now)).toBe(true);
    expect(isDueToExpire({ status: 'approved', endsAt: new Date(now.getTime() + 1) }, now)).toBe(false);
    expect(isDueToExpire({ status: 'pending_review', endsAt: now }, now)).toBe(false);
    expect(isDueToExpire({ status: 'ended', endsAt: now }, now)).toBe(false);
  });
});

describe('campaign actors and the brand-role policy', () => {
  it('lets exactly the roles holding campaigns.manage move a campaign for the brand', () => {
    for (const role of BRAND_ROLES)
      expect(transition('draft', 'submit', role).ok).toBe(can(role, 'campaigns.manage'));
  });
});
