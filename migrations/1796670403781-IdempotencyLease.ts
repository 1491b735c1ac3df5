import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A lease on in-flight idempotency records (a retry takes over a key whose process died), and the
 * Idempotency-Key's hash on claims so a claim re-run after such a takeover finds the claim it made.
 */
export class IdempotencyLease1796670403781 implements MigrationInterface {
  name = 'IdempotencyLease1796670403781';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "idempotency_keys" ADD "lease_expires_at" TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "claims" ADD "request_key" text`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_claims_request_key" ON "claims"  ("campaign_id", "member_id", "request_key") WHERE request_key IS NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_claims_request_key"`);
    await queryRunner.query(`ALTER TABLE "claims" DROP COLUMN "request_key"`);
    await queryRunner.query(`ALTER TABLE "idempotency_keys" DROP COLUMN "lease_expires_at"`);
  }
}
