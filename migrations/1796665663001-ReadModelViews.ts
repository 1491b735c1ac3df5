import type { MigrationInterface, QueryRunner } from 'typeorm';

/** TypeORM's record of a view entity's definition (what `migration:check` compares the entities with). */
const VIEW_DEFINITION = `INSERT INTO "typeorm_metadata"("database", "schema", "table", "type", "name", "value") VALUES (DEFAULT, $1, DEFAULT, $2, $3, $4)`;

/**
 * The read models other contexts read through (docs/architecture.md "Read models"): identity's
 * member profiles, brands and brand teams, campaigns', scores' published scores and social's
 * verified accounts. Written by hand from `migration:generate`'s output, which leaves out the
 * parameters of TypeORM's view records and the table that keeps them.
 */
export class ReadModelViews1796665663001 implements MigrationInterface {
  name = 'ReadModelViews1796665663001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE IF NOT EXISTS "typeorm_metadata" ("type" character varying NOT NULL, "database" character varying, "schema" character varying, "table" character varying, "name" character varying, "value" text)`,
    );
    await queryRunner.query(`CREATE VIEW "member_profiles_v" AS SELECT id, email, display_name, status, topics, country, city, public_profile, scoring_consent FROM users`);
    await queryRunner.query(VIEW_DEFINITION, ['public', 'VIEW', 'member_profiles_v', `SELECT id, email, display_name, status, topics, country, city, public_profile, scoring_consent FROM users`]);
    await queryRunner.query(`CREATE VIEW "brands_v" AS SELECT id, name FROM brands`);
    await queryRunner.query(VIEW_DEFINITION, ['public', 'VIEW', 'brands_v', `SELECT id, name FROM brands`]);
    await queryRunner.query(`CREATE VIEW "brand_members_v" AS SELECT brand_id, user_id, role FROM brand_memberships`);
    await queryRunner.query(VIEW_DEFINITION, ['public', 'VIEW', 'brand_members_v', `SELECT brand_id, user_id, role FROM brand_memberships`]);
    await queryRunner.query(`CREATE VIEW "campaigns_v" AS SELECT id, brand_id, title, status, funding_status, moderation_notes, moderation_reason, starts_at, ends_at, inventory_total, inventory_remaining, funded_units, perk_type, perk_terms, perk_value_minor, perk_currency, disclosure_required, location_venue_name, location_city, location_country, location_address FROM campaigns`);
    await queryRunner.query(VIEW_DEFINITION, ['public', 'VIEW', 'campaigns_v', `SELECT id, brand_id, title, status, funding_status, moderation_notes, moderation_reason, starts_at, ends_at, inventory_total, inventory_remaining, funded_units, perk_type, perk_terms, perk_value_minor, perk_currency, disclosure_required, location_venue_name, location_city, location_country, location_address FROM campaigns`]);
    await queryRunner.query(`CREATE VIEW "published_scores_v" AS SELECT s.user_id, s.score, s.computed_at FROM member_scores s JOIN member_profiles_v u ON u.id = s.user_id WHERE u.scoring_consent`);
    await queryRunner.query(VIEW_DEFINITION, ['public', 'VIEW', 'published_scores_v', `SELECT s.user_id, s.score, s.computed_at FROM member_scores s JOIN member_profiles_v u ON u.id = s.user_id WHERE u.scoring_consent`]);
    await queryRunner.query(`CREATE VIEW "verified_social_accounts_v" AS SELECT id, user_id, network FROM social_accounts WHERE status = 'verified'`);
    await queryRunner.query(VIEW_DEFINITION, ['public', 'VIEW', 'verified_social_accounts_v', `SELECT id, user_id, network FROM social_accounts WHERE status = 'verified'`]);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "typeorm_metadata" WHERE "type" = 'VIEW' AND "name" = 'verified_social_accounts_v' AND "schema" = 'public'`);
    await queryRunner.query(`DROP VIEW "verified_social_accounts_v"`);
    await queryRunner.query(`DELETE FROM "typeorm_metadata" WHERE "type" = 'VIEW' AND "name" = 'published_scores_v' AND "schema" = 'public'`);
    await queryRunner.query(`DROP VIEW "published_scores_v"`);
    await queryRunner.query(`DELETE FROM "typeorm_metadata" WHERE "type" = 'VIEW' AND "name" = 'campaigns_v' AND "schema" = 'public'`);
    await queryRunner.query(`DROP VIEW "campaigns_v"`);
    await queryRunner.query(`DELETE FROM "typeorm_metadata" WHERE "type" = 'VIEW' AND "name" = 'brand_members_v' AND "schema" = 'public'`);
    await queryRunner.query(`DROP VIEW "brand_members_v"`);
    await queryRunner.query(`DELETE FROM "typeorm_metadata" WHERE "type" = 'VIEW' AND "name" = 'brands_v' AND "schema" = 'public'`);
    await queryRunner.query(`DROP VIEW "brands_v"`);
    await queryRunner.query(`DELETE FROM "typeorm_metadata" WHERE "type" = 'VIEW' AND "name" = 'member_profiles_v' AND "schema" = 'public'`);
    await queryRunner.query(`DROP VIEW "member_profiles_v"`);
  }
}
