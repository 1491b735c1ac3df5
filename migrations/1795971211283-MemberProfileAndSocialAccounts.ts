import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MemberProfileAndSocialAccounts1795971211283 implements MigrationInterface {
  name = 'MemberProfileAndSocialAccounts1795971211283';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "social_accounts" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "network" character varying(16) NOT NULL, "handle" character varying(255) NOT NULL, "native_id" character varying(255), "status" character varying(24) NOT NULL, "verification_token" character varying(64) NOT NULL, "verified_at" TIMESTAMP WITH TIME ZONE, "verified_by" uuid, "followers" integer, "following" integer, "posts" integer, "last_synced_at" TIMESTAMP WITH TIME ZONE, "sync_state" jsonb, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_social_accounts_network" CHECK (network IN ('mastodon', 'bluesky', 'x', 'instagram', 'youtube', 'tiktok', 'facebook')), CONSTRAINT "ck_social_accounts_status" CHECK (status IN ('pending_verification', 'verified')), CONSTRAINT "PK_e9e58d2d8e9fafa20af914d9750" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_social_accounts_verified_handle" ON "social_accounts"  ("network", "handle") WHERE status = 'verified'`);
    await queryRunner.query(`CREATE INDEX "ix_social_accounts_user_id" ON "social_accounts"  ("user_id") `);
    await queryRunner.query(`ALTER TABLE "users" ADD "topics" text array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "users" ADD "country" character(2)`);
    await queryRunner.query(`ALTER TABLE "users" ADD "city" character varying(100)`);
    await queryRunner.query(`ALTER TABLE "social_accounts" ADD CONSTRAINT "fk_social_accounts_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "social_accounts" DROP CONSTRAINT "fk_social_accounts_user"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "city"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "country"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "topics"`);
    await queryRunner.query(`DROP INDEX "public"."ix_social_accounts_user_id"`);
    await queryRunner.query(`DROP INDEX "public"."uq_social_accounts_verified_handle"`);
    await queryRunner.query(`DROP TABLE "social_accounts"`);
  }
}
