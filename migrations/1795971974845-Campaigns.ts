import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Campaigns1795971974845 implements MigrationInterface {
  name = 'Campaigns1795971974845';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "campaigns" ("id" uuid NOT NULL, "brand_id" uuid NOT NULL, "status" character varying(24) NOT NULL DEFAULT 'draft', "version" integer NOT NULL DEFAULT '1', "title" character varying(120) NOT NULL, "description" text, "perk_type" character varying(16), "perk_terms" text, "perk_value_minor" bigint, "perk_currency" character(3), "min_score" real, "topics" text array NOT NULL DEFAULT '{}', "networks" text array NOT NULL DEFAULT '{}', "countries" text array NOT NULL DEFAULT '{}', "cities" text array NOT NULL DEFAULT '{}', "city_keys" text array NOT NULL DEFAULT '{}', "inventory_total" integer, "inventory_remaining" integer, "inventory_per_user" integer, "codes_mode" character varying(16), "code_pool_size" integer NOT NULL DEFAULT '0', "starts_at" TIMESTAMP(3) WITH TIME ZONE, "ends_at" TIMESTAMP(3) WITH TIME ZONE, "claim_ttl_hours" integer, "location_venue_name" character varying(200), "location_city" character varying(100), "location_city_key" character varying(100), "location_country" character(2), "location_address" character varying(300), "disclosure_required" boolean NOT NULL DEFAULT true, "funding_status" character varying(16) NOT NULL DEFAULT 'not_required', "moderation_flags" jsonb NOT NULL DEFAULT '[]', "moderation_notes" text, "moderation_reason" text, "status_changed_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "submitted_at" TIMESTAMP(3) WITH TIME ZONE, "approved_at" TIMESTAMP(3) WITH TIME ZONE, "created_by" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "ck_campaigns_complete" CHECK (status = 'draft' OR (description IS NOT NULL AND perk_type IS NOT NULL AND min_score IS NOT NULL AND inventory_total IS NOT NULL AND inventory_remaining IS NOT NULL AND inventory_per_user IS NOT NULL AND codes_mode IS NOT NULL AND starts_at IS NOT NULL AND ends_at IS NOT NULL AND claim_ttl_hours IS NOT NULL)), CONSTRAINT "ck_campaigns_claim_ttl" CHECK (claim_ttl_hours BETWEEN 1 AND 720), CONSTRAINT "ck_campaigns_window" CHECK (ends_at > starts_at), CONSTRAINT "ck_campaigns_min_score" CHECK (min_score >= 0 AND min_score <= 100), CONSTRAINT "ck_campaigns_per_user" CHECK (inventory_per_user >= 1 AND inventory_per_user <= inventory_total), CONSTRAINT "ck_campaigns_inventory" CHECK (inventory_remaining >= 0 AND inventory_remaining <= inventory_total), CONSTRAINT "ck_campaigns_codes_mode" CHECK (codes_mode IN ('generated', 'pool')), CONSTRAINT "ck_campaigns_perk_type" CHECK (perk_type IN ('upgrade', 'product', 'experience', 'discount', 'access')), CONSTRAINT "ck_campaigns_funding_status" CHECK (funding_status IN ('not_required', 'unfunded', 'pending', 'funded', 'refunded')), CONSTRAINT "ck_campaigns_status" CHECK (status IN ('draft', 'pending_review', 'changes_requested', 'rejected', 'approved', 'paused', 'ended', 'removed')), CONSTRAINT "PK_831e3fcd4fc45b4e4c3f57a9ee4" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_campaigns_due_to_end" ON "campaigns"  ("ends_at") WHERE status IN ('approved', 'paused')`);
    await queryRunner.query(`CREATE INDEX "ix_campaigns_live_location" ON "campaigns"  ("location_country", "location_city_key") WHERE status = 'approved'`);
    await queryRunner.query(`CREATE INDEX "ix_campaigns_live_city_keys" ON "campaigns" USING gin ("city_keys") WHERE status = 'approved'`);
    await queryRunner.query(`CREATE INDEX "ix_campaigns_live_countries" ON "campaigns" USING gin ("countries") WHERE status = 'approved'`);
    await queryRunner.query(`CREATE INDEX "ix_campaigns_live_topics" ON "campaigns" USING gin ("topics") WHERE status = 'approved'`);
    await queryRunner.query(`CREATE INDEX "ix_campaigns_live_min_score" ON "campaigns"  ("min_score") WHERE status = 'approved'`);
    await queryRunner.query(`CREATE INDEX "ix_campaigns_live_order" ON "campaigns"  ("approved_at", "id") WHERE status = 'approved'`);
    await queryRunner.query(`CREATE INDEX "ix_campaigns_status_changed" ON "campaigns"  ("status", "status_changed_at", "id") `);
    await queryRunner.query(`CREATE INDEX "ix_campaigns_brand_created" ON "campaigns"  ("brand_id", "created_at", "id") `);
    await queryRunner.query(`CREATE TABLE "reports" ("id" uuid NOT NULL, "reporter_id" uuid NOT NULL, "subject_type" character varying(16) NOT NULL, "subject_id" uuid NOT NULL, "reason" text NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_reports_subject_type" CHECK (subject_type IN ('campaign', 'user')), CONSTRAINT "PK_d9013193989303580053c0b5ef6" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_reports_reporter_id" ON "reports"  ("reporter_id") `);
    await queryRunner.query(`CREATE INDEX "ix_reports_subject" ON "reports"  ("subject_type", "subject_id") `);
    await queryRunner.query(`CREATE INDEX "ix_reports_created_at_id" ON "reports"  ("created_at", "id") `);
    await queryRunner.query(`ALTER TABLE "campaigns" ADD CONSTRAINT "fk_campaigns_brand" FOREIGN KEY ("brand_id") REFERENCES "brands"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "reports" ADD CONSTRAINT "fk_reports_reporter" FOREIGN KEY ("reporter_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "reports" DROP CONSTRAINT "fk_reports_reporter"`);
    await queryRunner.query(`ALTER TABLE "campaigns" DROP CONSTRAINT "fk_campaigns_brand"`);
    await queryRunner.query(`DROP INDEX "public"."ix_reports_created_at_id"`);
    await queryRunner.query(`DROP INDEX "public"."ix_reports_subject"`);
    await queryRunner.query(`DROP INDEX "public"."ix_reports_reporter_id"`);
    await queryRunner.query(`DROP TABLE "reports"`);
    await queryRunner.query(`DROP INDEX "public"."ix_campaigns_brand_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_campaigns_status_changed"`);
    await queryRunner.query(`DROP INDEX "public"."ix_campaigns_live_order"`);
    await queryRunner.query(`DROP INDEX "public"."ix_campaigns_live_min_score"`);
    await queryRunner.query(`DROP INDEX "public"."ix_campaigns_live_topics"`);
    await queryRunner.query(`DROP INDEX "public"."ix_campaigns_live_countries"`);
    await queryRunner.query(`DROP INDEX "public"."ix_campaigns_live_city_keys"`);
    await queryRunner.query(`DROP INDEX "public"."ix_campaigns_live_location"`);
    await queryRunner.query(`DROP INDEX "public"."ix_campaigns_due_to_end"`);
    await queryRunner.query(`DROP TABLE "campaigns"`);
  }
}
