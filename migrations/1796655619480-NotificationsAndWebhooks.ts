import type { MigrationInterface, QueryRunner } from 'typeorm';

export class NotificationsAndWebhooks1796655619480 implements MigrationInterface {
  name = 'NotificationsAndWebhooks1796655619480';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "email_tokens" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "purpose" character varying(16) NOT NULL, "token_hash" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_email_tokens_purpose" CHECK (purpose IN ('verify_email', 'password_reset')), CONSTRAINT "PK_08abb3fa348e894c274a6730d35" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_email_tokens_user_id" ON "email_tokens"  ("user_id") `);
    await queryRunner.query(`CREATE TABLE "mail_outbox" ("id" uuid NOT NULL, "kind" character varying(40) NOT NULL, "user_id" uuid, "to_address" character varying(320), "language" character varying(2), "params" jsonb NOT NULL DEFAULT '{}', "subject" text, "text_body" text, "html_body" text, "status" character varying(16) NOT NULL DEFAULT 'queued', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_error" character varying(500), "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_mail_outbox_status" CHECK (status IN ('queued', 'sent', 'captured', 'skipped', 'dead')), CONSTRAINT "PK_fecc63c96385bc35a39ccf2a72e" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_mail_outbox_user_id" ON "mail_outbox"  ("user_id") `);
    await queryRunner.query(`CREATE INDEX "ix_mail_outbox_created" ON "mail_outbox"  ("created_at", "id") `);
    await queryRunner.query(`CREATE INDEX "ix_mail_outbox_due" ON "mail_outbox"  ("next_attempt_at") WHERE status = 'queued'`);
    await queryRunner.query(`CREATE TABLE "notification_preferences" ("user_id" uuid NOT NULL, "language" character varying(2) NOT NULL DEFAULT 'en', "disabled" text array NOT NULL DEFAULT '{}', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_notification_preferences_language" CHECK (language IN ('en', 'de')), CONSTRAINT "PK_64c90edc7310c6be7c10c96f675" PRIMARY KEY ("user_id"))`);
    await queryRunner.query(`CREATE TABLE "webhook_endpoints" ("id" uuid NOT NULL, "brand_id" uuid NOT NULL, "url" character varying(2048) NOT NULL, "description" character varying(200), "events" text array NOT NULL, "secret" character varying(100) NOT NULL, "previous_secret" character varying(100), "previous_secret_expires_at" TIMESTAMP WITH TIME ZONE, "status" character varying(16) NOT NULL DEFAULT 'enabled', "disabled_reason" character varying(200), "disabled_at" TIMESTAMP WITH TIME ZONE, "consecutive_failures" integer NOT NULL DEFAULT '0', "last_success_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "ck_webhook_endpoints_status" CHECK (status IN ('enabled', 'disabled')), CONSTRAINT "PK_054c4cfb95223732f5939d2d546" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_webhook_endpoints_brand_id" ON "webhook_endpoints"  ("brand_id") `);
    await queryRunner.query(`CREATE TABLE "webhook_events" ("id" uuid NOT NULL, "brand_id" uuid NOT NULL, "type" character varying(60) NOT NULL, "data" jsonb NOT NULL, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "PK_4cba37e6a0acb5e1fc49c34ebfd" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_webhook_events_brand_created" ON "webhook_events"  ("brand_id", "created_at") `);
    await queryRunner.query(`CREATE TABLE "webhook_deliveries" ("id" uuid NOT NULL, "endpoint_id" uuid NOT NULL, "event_id" uuid NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_attempt_at" TIMESTAMP WITH TIME ZONE, "last_status_code" integer, "last_error" character varying(500), "delivered_at" TIMESTAMP WITH TIME ZONE, "redelivery_of" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, CONSTRAINT "ck_webhook_deliveries_status" CHECK (status IN ('pending', 'succeeded', 'failed')), CONSTRAINT "PK_535dd409947fb6d8fc6dfc0112a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_webhook_deliveries_event_id" ON "webhook_deliveries"  ("event_id") `);
    await queryRunner.query(`CREATE INDEX "ix_webhook_deliveries_endpoint" ON "webhook_deliveries"  ("endpoint_id", "created_at", "id") `);
    await queryRunner.query(`CREATE INDEX "ix_webhook_deliveries_due" ON "webhook_deliveries"  ("next_attempt_at") WHERE status = 'pending'`);
    await queryRunner.query(`CREATE TABLE "webhook_delivery_attempts" ("id" uuid NOT NULL, "delivery_id" uuid NOT NULL, "attempted_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "status_code" integer, "error" character varying(500), "duration_ms" integer NOT NULL, CONSTRAINT "PK_59ef9124585b56c18b98548a0c6" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_webhook_delivery_attempts_delivery" ON "webhook_delivery_attempts"  ("delivery_id") `);
    await queryRunner.query(`ALTER TABLE "users" ADD "email_verified_at" TIMESTAMP WITH TIME ZONE`);
    // Accounts that exist before verification did are taken as verified (they were never asked).
    await queryRunner.query(`UPDATE "users" SET "email_verified_at" = "created_at"`);
    await queryRunner.query(`ALTER TABLE "email_tokens" ADD CONSTRAINT "fk_email_tokens_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "mail_outbox" ADD CONSTRAINT "fk_mail_outbox_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "notification_preferences" ADD CONSTRAINT "fk_notification_preferences_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "fk_webhook_endpoints_brand" FOREIGN KEY ("brand_id") REFERENCES "brands"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "webhook_events" ADD CONSTRAINT "fk_webhook_events_brand" FOREIGN KEY ("brand_id") REFERENCES "brands"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "fk_webhook_deliveries_endpoint" FOREIGN KEY ("endpoint_id") REFERENCES "webhook_endpoints"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "fk_webhook_deliveries_event" FOREIGN KEY ("event_id") REFERENCES "webhook_events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "webhook_delivery_attempts" ADD CONSTRAINT "fk_webhook_delivery_attempts_delivery" FOREIGN KEY ("delivery_id") REFERENCES "webhook_deliveries"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    // Wakes the outbox dispatcher when mails or deliveries are written: NOTIFY is sent on commit.
    await queryRunner.query(`CREATE FUNCTION perkrank_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('perkrank_outbox', TG_TABLE_NAME);
  RETURN NULL;
END $$`);
    await queryRunner.query(`CREATE TRIGGER tr_mail_outbox_notify AFTER INSERT OR UPDATE OF status ON "mail_outbox" FOR EACH STATEMENT EXECUTE FUNCTION perkrank_outbox_notify()`);
    await queryRunner.query(`CREATE TRIGGER tr_webhook_deliveries_notify AFTER INSERT ON "webhook_deliveries" FOR EACH STATEMENT EXECUTE FUNCTION perkrank_outbox_notify()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER IF EXISTS tr_webhook_deliveries_notify ON "webhook_deliveries"`);
    await queryRunner.query(`DROP TRIGGER IF EXISTS tr_mail_outbox_notify ON "mail_outbox"`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS perkrank_outbox_notify()`);
    await queryRunner.query(`ALTER TABLE "webhook_delivery_attempts" DROP CONSTRAINT "fk_webhook_delivery_attempts_delivery"`);
    await queryRunner.query(`ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "fk_webhook_deliveries_event"`);
    await queryRunner.query(`ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "fk_webhook_deliveries_endpoint"`);
    await queryRunner.query(`ALTER TABLE "webhook_events" DROP CONSTRAINT "fk_webhook_events_brand"`);
    await queryRunner.query(`ALTER TABLE "webhook_endpoints" DROP CONSTRAINT "fk_webhook_endpoints_brand"`);
    await queryRunner.query(`ALTER TABLE "notification_preferences" DROP CONSTRAINT "fk_notification_preferences_user"`);
    await queryRunner.query(`ALTER TABLE "mail_outbox" DROP CONSTRAINT "fk_mail_outbox_user"`);
    await queryRunner.query(`ALTER TABLE "email_tokens" DROP CONSTRAINT "fk_email_tokens_user"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "email_verified_at"`);
    await queryRunner.query(`DROP INDEX "public"."ix_webhook_delivery_attempts_delivery"`);
    await queryRunner.query(`DROP TABLE "webhook_delivery_attempts"`);
    await queryRunner.query(`DROP INDEX "public"."ix_webhook_deliveries_due"`);
    await queryRunner.query(`DROP INDEX "public"."ix_webhook_deliveries_endpoint"`);
    await queryRunner.query(`DROP INDEX "public"."ix_webhook_deliveries_event_id"`);
    await queryRunner.query(`DROP TABLE "webhook_deliveries"`);
    await queryRunner.query(`DROP INDEX "public"."ix_webhook_events_brand_created"`);
    await queryRunner.query(`DROP TABLE "webhook_events"`);
    await queryRunner.query(`DROP INDEX "public"."ix_webhook_endpoints_brand_id"`);
    await queryRunner.query(`DROP TABLE "webhook_endpoints"`);
    await queryRunner.query(`DROP TABLE "notification_preferences"`);
    await queryRunner.query(`DROP INDEX "public"."ix_mail_outbox_due"`);
    await queryRunner.query(`DROP INDEX "public"."ix_mail_outbox_created"`);
    await queryRunner.query(`DROP INDEX "public"."ix_mail_outbox_user_id"`);
    await queryRunner.query(`DROP TABLE "mail_outbox"`);
    await queryRunner.query(`DROP INDEX "public"."ix_email_tokens_user_id"`);
    await queryRunner.query(`DROP TABLE "email_tokens"`);
  }
}
