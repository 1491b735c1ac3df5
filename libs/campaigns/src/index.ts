/**
 * @perkrank/campaigns — brand campaigns (drafts, the life cycle, the moderation workflow and its
 * flags), reports from users, and the influencer's perk feed with eligibility. The pure rules
 * (states, eligibility, draft validation, submission, moderation flags) carry no framework imports.
 */
export * from './rules';
export * from './campaigns.module';
export * from './campaign.exception';
export * from './campaigns/campaign.entity';
export * from './campaigns/campaign.repository';
export * from './campaigns/campaign-access';
export * from './campaigns/campaign.service';
export * from './moderation/moderation.service';
export * from './feed/perk-feed.repository';
export * from './feed/perk-feed.service';
export * from './feed/live-campaigns';
export * from './feed/perk-view';
export * from './feed/eligibility-inputs.repository';
export * from './jobs/campaign-expiry.processor';
export * from './privacy/campaign-personal-data';
export * from './reports/report.entity';
export * from './read-models/campaigns.view';
export * from './campaigns/campaign-stock';
