/**
 * The campaign life cycle as one table: which actor may move a campaign from which state with
 * which action. Services consult it before the conditional UPDATE that makes the move, so the rule
 * lives in one place and the database only has to guard against races.
 */

export const CAMPAIGN_STATES = [
  'draft',
  'pending_review',
  'changes_requested',
  'rejected',
  'approved',
  'paused',
  'ended',
  'removed',
] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

export const CAMPAIGN_ACTIONS = [
  'submit',
  'pause',
  'resume',
  'end',
  'approve',
  'reject',
  'request_changes',
  'remove',
  'expire',
] as const;
export type CampaignAction = (typeof CAMPAIGN_ACTIONS)[number];

/** Brand roles act for the brand; staff exist only to look up and redeem codes. */
export const CAMPAIGN_ACTORS = ['owner', 'manager', 'staff', 'admin', 'system'] as const;
export type CampaignActor = (typeof CAMPAIGN_ACTORS)[number];

export const FUNDING_STATUSES = ['not_required', 'unfunded', 'pending', 'funded', 'refunded'] as const;
export type FundingStatus = (typeof FUNDING_STATUSES)[number];

export type TransitionResult =
  { ok: true; to: CampaignState } | { ok: false; reason: 'invalid_transition' | 'forbidden' };

interface ActionRule {
  actors: readonly CampaignActor[];
  moves: Readonly<Partial<Record<CampaignState, CampaignState>>>;
}

const BRAND: readonly CampaignActor[] = ['owner', 'manager'];
const ADMIN: readonly CampaignActor[] = ['admin'];
const SYSTEM: readonly CampaignActor[] = ['system'];

const RULES: Readonly<Record<CampaignAction, ActionRule>> = {
  submit: { actors: BRAND, moves: { draft: 'pending_review', changes_requested: 'pending_review' } },
  pause: { actors: BRAND, moves: { approved: 'paused' } },
  resume: { actors: BRAND, moves: { paused: 'approved' } },
  end: { actors: BRAND, moves: { approved: 'ended', paused: 'ended' } },
  approve: { actors: ADMIN, moves: { pending_review: 'approved' } },
  reject: { actors: ADMIN, moves: { pending_review: 'rejected' } },
  request_changes: { actors: ADMIN, moves: { pending_review: 'changes_requested' } },
  remove: { actors: ADMIN, moves: { approved: 'removed', paused: 'removed' } },
  // Only the scheduler knows the window has passed; it calls this once endsAt <= now.
  expire: { actors: SYSTEM, moves: { approved: 'ended', paused: 'ended' } },
};

/**
 * The actor is checked before the state, so an actor who may never take an action learns nothing
 * about the campaign's current state from the answer.
 */
export function transition(
  state: CampaignState,
  action: CampaignAction,
  actor: CampaignActor,
): TransitionResult {
  const rule = RULES[action];
  if (!rule.actors.includes(actor)) return { ok: false, reason: 'forbidden' };
  const to = rule.moves[state];
  return to === undefined ? { ok: false, reason: 'invalid_transition' } : { ok: true, to };
}

/** What `actor` can do to a campaign in `state` right now, e.g. to show the right buttons. */
export function availableActions(state: CampaignState, actor: CampaignActor): CampaignAction[] {
  return CAMPAIGN_ACTIONS.filter((action) => transition(state, action, actor).ok);
}

/** Brands may change a campaign only before review or when review asked for changes. */
export function isEditable(state: CampaignState): boolean {
  return state === 'draft' || state === 'changes_requested';
}

/** No action leads out of these states. */
export function isTerminal(state: CampaignState): boolean {
  return CAMPAIGN_ACTIONS.every((action) => RULES[action].moves[state] === undefined);
}

export interface ClaimabilityInput {
  status: CampaignState;
  fundingStatus: FundingStatus;
  startsAt: Date;
  endsAt: Date;
  remaining: number;
}

/**
 * Derived on every read and never stored: a stored flag would go stale the moment the window
 * opens or closes or the last unit is claimed. The window is half-open, [startsAt, endsAt).
 */
export function isClaimable(campaign: ClaimabilityInput, now: Date): boolean {
  const funded = campaign.fundingStatus === 'funded' || campaign.fundingStatus === 'not_required';
  const t = now.getTime();
  return (
    campaign.status === 'approved' &&
    funded &&
    campaign.startsAt.getTime() <= t &&
    t < campaign.endsAt.getTime() &&
    campaign.remaining > 0
  );
}

/** True when the scheduler should `expire` the campaign: still live or paused, window over. */
export function isDueToExpire(campaign: Pick<ClaimabilityInput, 'status' | 'endsAt'>, now: Date): boolean {
  return (
    (campaign.status === 'approved' || campaign.status === 'paused') &&
    campaign.endsAt.getTime() <= now.getTime()
  );
}
