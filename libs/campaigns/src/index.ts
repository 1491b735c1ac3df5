/**
 * @perkrank/campaigns — perk campaigns, moderation and the perk feed. So far: the pure rules
 * (topics, the campaign state machine, eligibility, draft validation, moderation flags).
 */
export * from './rules';
