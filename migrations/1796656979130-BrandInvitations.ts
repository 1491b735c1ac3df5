import type { MigrationInterface, QueryRunner } from 'typeorm';

export class BrandInvitations1796656979130 implements MigrationInterface {
  name = 'BrandInvitations1796656979130';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "brand_invitations" ("id" uuid NOT NULL, "brand_id" uuid NOT NULL, "email" character varying(320) NOT NULL, "role" character varying(16) NOT NULL, "status" character varying(16) NOT NULL, "invited_by" uuid, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "responded_at" TIMESTAMP(3) WITH TIME ZONE, CONSTRAINT "ck_brand_invitations_role" CHECK (role IN ('manager', 'staff')), CONSTRAINT "ck_brand_invitations_status" CHECK (status IN ('pending', 'accepted', 'declined', 'revoked')), CONSTRAINT "PK_809f857144aac0b52fa9310ded1" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_brand_invitations_email_pending" ON "brand_invitations"  ("email") WHERE status = 'pending'`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_brand_invitations_pending" ON "brand_invitations"  ("brand_id", "email") WHERE status = 'pending'`);
    await queryRunner.query(`ALTER TABLE "brand_invitations" ADD CONSTRAINT "fk_brand_invitations_brand" FOREIGN KEY ("brand_id") REFERENCES "brands"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "brand_invitations" DROP CONSTRAINT "fk_brand_invitations_brand"`);
    await queryRunner.query(`DROP INDEX "public"."uq_brand_invitations_pending"`);
    await queryRunner.query(`DROP INDEX "public"."ix_brand_invitations_email_pending"`);
    await queryRunner.query(`DROP TABLE "brand_invitations"`);
  }
}
