import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Claims1795973532301 implements MigrationInterface {
  name = 'Claims1795973532301';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "claims" ("id" uuid NOT NULL, "campaign_id" uuid NOT NULL, "brand_id" uuid NOT NULL, "member_id" uuid, "slot" smallint NOT NULL, "code" character varying(64) NOT NULL, "code_kind" character varying(16) NOT NULL, "status" character varying(16) NOT NULL, "score_at_claim" real NOT NULL, "reserved_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "redeemed_at" TIMESTAMP(3) WITH TIME ZONE, "released_at" TIMESTAMP(3) WITH TIME ZONE, "content_url" character varying(2048), "content_submitted_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "ck_claims_redeemed" CHECK ((status = 'redeemed') = (redeemed_at IS NOT NULL)), CONSTRAINT "ck_claims_slot" CHECK (slot >= 0), CONSTRAINT "ck_claims_code_kind" CHECK (code_kind IN ('generated', 'pool')), CONSTRAINT "ck_claims_status" CHECK (status IN ('reserved', 'redeemed', 'expired', 'cancelled', 'revoked')), CONSTRAINT "PK_96c91970c0dcb2f69fdccd0a698" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_claims_due" ON "claims"  ("expires_at") WHERE status = 'reserved'`);
    await queryRunner.query(`CREATE INDEX "ix_claims_campaign" ON "claims"  ("campaign_id", "reserved_at", "id") `);
    await queryRunner.query(`CREATE INDEX "ix_claims_member" ON "claims"  ("member_id", "reserved_at", "id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_claims_member_slot" ON "claims"  ("campaign_id", "member_id", "slot") WHERE status IN ('reserved', 'redeemed')`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_claims_brand_code" ON "claims"  ("brand_id", "code") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_claims_code" ON "claims"  ("code") WHERE code_kind = 'generated'`);
    await queryRunner.query(`CREATE TABLE "claim_events" ("id" BIGSERIAL NOT NULL, "claim_id" uuid NOT NULL, "type" character varying(24) NOT NULL, "actor_type" character varying(16) NOT NULL, "actor_id" uuid, "at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "details" jsonb, CONSTRAINT "ck_claim_events_actor_type" CHECK (actor_type IN ('member', 'brand_user', 'api_key', 'admin', 'system')), CONSTRAINT "ck_claim_events_type" CHECK (type IN ('reserved', 'redeemed', 'cancelled', 'expired', 'revoked', 'content_submitted')), CONSTRAINT "PK_80155c96869c58af00970213e98" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_claim_events_actor" ON "claim_events"  ("actor_id") WHERE actor_id IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "ix_claim_events_claim" ON "claim_events"  ("claim_id", "id") `);
    await queryRunner.query(`CREATE TABLE "pool_codes" ("id" BIGSERIAL NOT NULL, "campaign_id" uuid NOT NULL, "brand_id" uuid NOT NULL, "code" character varying(64) NOT NULL, "pick" integer NOT NULL, "claim_id" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "PK_e160893fbd152ee1f2e7c24eff9" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_pool_codes_free" ON "pool_codes"  ("campaign_id", "pick") WHERE claim_id IS NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_pool_codes_brand_code" ON "pool_codes"  ("brand_id", "code") `);
    await queryRunner.query(`ALTER TABLE "claims" ADD CONSTRAINT "fk_claims_campaign" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "claims" ADD CONSTRAINT "fk_claims_member" FOREIGN KEY ("member_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "claim_events" ADD CONSTRAINT "fk_claim_events_claim" FOREIGN KEY ("claim_id") REFERENCES "claims"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "pool_codes" ADD CONSTRAINT "fk_pool_codes_campaign" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    // Hand-written (TypeORM does not model triggers): claim events are append-only. An UPDATE may
    // only clear actor_id and details, and only in a transaction that declared an erasure with
    // set_config('perkrank.claim_events_redaction', 'on', true) (ClaimRepository.eraseMember); the row
    // is compared whole, so later columns are protected too. A DELETE is allowed only when cascaded
    // (pg_trigger_depth() > 1) from its claim, i.e. from a campaign deleted with everything it had.
    await queryRunner.query(`CREATE FUNCTION claim_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE allowed claim_events%ROWTYPE;
      BEGIN
        IF TG_OP = 'DELETE' AND pg_trigger_depth() > 1 THEN RETURN OLD; END IF;
        IF TG_OP <> 'UPDATE' OR current_setting('perkrank.claim_events_redaction', true) IS DISTINCT FROM 'on' THEN
          RAISE EXCEPTION 'claim_events is append-only';
        END IF;
        allowed := OLD;
        IF NEW.actor_id IS NULL THEN allowed.actor_id := NULL; END IF;
        IF NEW.details IS NULL THEN allowed.details := NULL; END IF;
        IF NEW IS DISTINCT FROM allowed THEN
          RAISE EXCEPTION 'claim_events is append-only: an erasure may only clear actor_id and details';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER claim_events_append_only BEFORE UPDATE OR DELETE ON "claim_events"
      FOR EACH ROW EXECUTE FUNCTION claim_events_append_only()`);
    await queryRunner.query(`CREATE TRIGGER claim_events_no_truncate BEFORE TRUNCATE ON "claim_events"
      FOR EACH STATEMENT EXECUTE FUNCTION claim_events_append_only()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER claim_events_no_truncate ON "claim_events"`);
    await queryRunner.query(`DROP TRIGGER claim_events_append_only ON "claim_events"`);
    await queryRunner.query(`DROP FUNCTION claim_events_append_only()`);
    await queryRunner.query(`ALTER TABLE "pool_codes" DROP CONSTRAINT "fk_pool_codes_campaign"`);
    await queryRunner.query(`ALTER TABLE "claim_events" DROP CONSTRAINT "fk_claim_events_claim"`);
    await queryRunner.query(`ALTER TABLE "claims" DROP CONSTRAINT "fk_claims_member"`);
    await queryRunner.query(`ALTER TABLE "claims" DROP CONSTRAINT "fk_claims_campaign"`);
    await queryRunner.query(`DROP INDEX "public"."uq_pool_codes_brand_code"`);
    await queryRunner.query(`DROP INDEX "public"."ix_pool_codes_free"`);
    await queryRunner.query(`DROP TABLE "pool_codes"`);
    await queryRunner.query(`DROP INDEX "public"."ix_claim_events_claim"`);
    await queryRunner.query(`DROP INDEX "public"."ix_claim_events_actor"`);
    await queryRunner.query(`DROP TABLE "claim_events"`);
    await queryRunner.query(`DROP INDEX "public"."uq_claims_code"`);
    await queryRunner.query(`DROP INDEX "public"."uq_claims_brand_code"`);
    await queryRunner.query(`DROP INDEX "public"."uq_claims_member_slot"`);
    await queryRunner.query(`DROP INDEX "public"."ix_claims_member"`);
    await queryRunner.query(`DROP INDEX "public"."ix_claims_campaign"`);
    await queryRunner.query(`DROP INDEX "public"."ix_claims_due"`);
    await queryRunner.query(`DROP TABLE "claims"`);
  }
}
