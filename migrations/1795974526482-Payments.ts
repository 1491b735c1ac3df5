import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Payments1795974526482 implements MigrationInterface {
  name = 'Payments1795974526482';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "checkout_sessions" ("id" uuid NOT NULL, "campaign_id" uuid NOT NULL, "brand_id" uuid NOT NULL, "attempt" integer NOT NULL, "stripe_session_id" character varying(255) NOT NULL, "payment_intent_id" character varying(255), "amount_minor" bigint NOT NULL, "units" integer NOT NULL, "currency" character(3) NOT NULL, "status" character varying(16) NOT NULL, "checkout_url" text, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_checkout_sessions_status" CHECK (status IN ('open', 'paid', 'failed', 'expired')), CONSTRAINT "PK_5730b2bbc190203a94941d82bd1" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_checkout_sessions_stripe_id" ON "checkout_sessions"  ("stripe_session_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_checkout_sessions_campaign_attempt" ON "checkout_sessions"  ("campaign_id", "attempt") `);
    await queryRunner.query(`CREATE TABLE "ledger_entries" ("id" uuid NOT NULL, "brand_id" uuid NOT NULL, "campaign_id" uuid NOT NULL, "kind" character varying(8) NOT NULL, "amount_minor" bigint NOT NULL, "currency" character(3) NOT NULL, "stripe_ref" character varying(255) NOT NULL, "description" character varying(255) NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_ledger_entries_amount" CHECK (amount_minor > 0), CONSTRAINT "ck_ledger_entries_kind" CHECK (kind IN ('charge', 'refund')), CONSTRAINT "PK_6efcb84411d3f08b08450ae75d5" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_ledger_entries_stripe_ref" ON "ledger_entries"  ("stripe_ref") `);
    await queryRunner.query(`CREATE INDEX "ix_ledger_entries_campaign" ON "ledger_entries"  ("campaign_id") `);
    await queryRunner.query(`CREATE INDEX "ix_ledger_entries_created" ON "ledger_entries"  ("created_at", "id") `);
    await queryRunner.query(`CREATE INDEX "ix_ledger_entries_brand_created" ON "ledger_entries"  ("brand_id", "created_at", "id") `);
    await queryRunner.query(`CREATE TABLE "stripe_events" ("id" character varying(255) NOT NULL, "type" character varying(100) NOT NULL, "received_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "PK_d3247bd5fc3f66b6982bbcdd897" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "refund_requests" ("id" uuid NOT NULL, "campaign_id" uuid NOT NULL, "brand_id" uuid NOT NULL, "payment_intent_id" character varying(255) NOT NULL, "amount_minor" bigint NOT NULL, "currency" character(3) NOT NULL, "reason" character varying(24) NOT NULL, "status" character varying(16) NOT NULL, "stripe_refund_id" character varying(255), "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_refund_requests_amount" CHECK (amount_minor > 0), CONSTRAINT "ck_refund_requests_status" CHECK (status IN ('pending', 'succeeded', 'failed')), CONSTRAINT "PK_00c88ecd40a63abe92a3dc69897" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_refund_requests_pending" ON "refund_requests"  ("created_at") WHERE status = 'pending'`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_refund_requests_campaign" ON "refund_requests"  ("campaign_id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_refund_requests_campaign"`);
    await queryRunner.query(`DROP INDEX "public"."ix_refund_requests_pending"`);
    await queryRunner.query(`DROP TABLE "refund_requests"`);
    await queryRunner.query(`DROP TABLE "stripe_events"`);
    await queryRunner.query(`DROP INDEX "public"."ix_ledger_entries_brand_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_ledger_entries_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_ledger_entries_campaign"`);
    await queryRunner.query(`DROP INDEX "public"."uq_ledger_entries_stripe_ref"`);
    await queryRunner.query(`DROP TABLE "ledger_entries"`);
    await queryRunner.query(`DROP INDEX "public"."uq_checkout_sessions_campaign_attempt"`);
    await queryRunner.query(`DROP INDEX "public"."uq_checkout_sessions_stripe_id"`);
    await queryRunner.query(`DROP TABLE "checkout_sessions"`);
  }
}
