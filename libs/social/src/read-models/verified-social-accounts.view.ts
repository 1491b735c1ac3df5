import { ViewColumn, ViewEntity } from 'typeorm';

/**
 * The social read model (docs/architecture.md "Read models"): members' verified accounts, the
 * networks eligibility and profiles count. A plain projection, inlined by PostgreSQL.
 */
@ViewEntity('verified_social_accounts_v', {
  expression: `SELECT id, user_id, network FROM social_accounts WHERE status = 'verified'`,
})
export class VerifiedSocialAccountView {
  @ViewColumn() id: string;
  @ViewColumn({ name: 'user_id' }) userId: string;
  @ViewColumn() network: string;
}
