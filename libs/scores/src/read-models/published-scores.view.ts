import { ViewColumn, ViewEntity } from 'typeorm';

/**
 * The scores read model (docs/architecture.md "Read models"): a member's published score, only
 * while they consent to scoring. Withdrawing consent deletes the score; the join makes sure a
 * leftover row (a run still writing when they withdrew) never counts anywhere — the perk feed,
 * eligibility, the claim, mails. Consent is read through identity's `member_profiles_v`.
 */
@ViewEntity('published_scores_v', {
  expression: `SELECT s.user_id, s.score, s.computed_at FROM member_scores s JOIN member_profiles_v u ON u.id = s.user_id WHERE u.scoring_consent`,
  dependsOn: ['member_profiles_v'],
})
export class PublishedScoreView {
  @ViewColumn({ name: 'user_id' }) userId: string;
  @ViewColumn() score: number;
  @ViewColumn({ name: 'computed_at' }) computedAt: Date;
}
