import { ViewColumn, ViewEntity } from 'typeorm';

/*
 * Identity's read models: the views other contexts read accounts and brands through, never the
 * tables (docs/architecture.md "Read models"). Each is a plain projection, so PostgreSQL inlines
 * it into the reading statement: a join through a view costs what a join on the table costs.
 */

/** Every account as other contexts may see it: no credentials, no suspension notes, no birth date. */
@ViewEntity('member_profiles_v', {
  expression: `SELECT id, email, display_name, status, topics, country, city, public_profile, scoring_consent FROM users`,
})
export class MemberProfileView {
  @ViewColumn() id: string;
  @ViewColumn() email: string;
  @ViewColumn({ name: 'display_name' }) displayName: string;
  @ViewColumn() status: string;
  @ViewColumn() topics: string[];
  @ViewColumn() country: string | null;
  @ViewColumn() city: string | null;
  @ViewColumn({ name: 'public_profile' }) publicProfile: boolean;
  @ViewColumn({ name: 'scoring_consent' }) scoringConsent: boolean;
}

/** Brands: id and name. */
@ViewEntity('brands_v', { expression: `SELECT id, name FROM brands` })
export class BrandNameView {
  @ViewColumn() id: string;
  @ViewColumn() name: string;
}

/** Who is on which brand's team, in which role. */
@ViewEntity('brand_members_v', { expression: `SELECT brand_id, user_id, role FROM brand_memberships` })
export class BrandMemberView {
  @ViewColumn({ name: 'brand_id' }) brandId: string;
  @ViewColumn({ name: 'user_id' }) userId: string;
  @ViewColumn() role: string;
}
