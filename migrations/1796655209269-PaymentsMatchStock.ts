import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PaymentsMatchStock1796655209269 implements MigrationInterface {
  name = 'PaymentsMatchStock1796655209269';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_refund_requests_campaign"`);
    await queryRunner.query(`ALTER TABLE "campaigns" ADD "funded_units" integer`);
    // Earlier versions could leave several sessions open: only the newest stays payable here.
    await queryRunner.query(
      `UPDATE checkout_sessions s SET status = 'expired' WHERE status = 'open' AND EXISTS (SELECT 1 FROM checkout_sessions n WHERE n.campaign_id = s.campaign_id AND n.status = 'open' AND n.attempt > s.attempt)`,
    );
    await queryRunner.query(
      `UPDATE campaigns c SET funded_units = (SELECT max(s.units) FROM checkout_sessions s WHERE s.campaign_id = c.id AND s.status = 'paid') WHERE funding_status = 'funded'`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_checkout_sessions_one_open" ON "checkout_sessions"  ("campaign_id") WHERE status = 'open'`);
    await queryRunner.query(`CREATE INDEX "ix_refund_requests_campaign" ON "refund_requests"  ("campaign_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_refund_requests_payment" ON "refund_requests"  ("payment_intent_id") `);
    await queryRunner.query(`ALTER TABLE "campaigns" ADD CONSTRAINT "ck_campaigns_funded_stock" CHECK (funding_status <> 'funded' OR (funded_units IS NOT NULL AND inventory_total <= funded_units)) NOT VALID`);
    // NOT VALID: enforced for every write from now on; a campaign funded before with more stock than
    // it paid for (the defect this fixes) is left for an operator rather than failing the upgrade.
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "campaigns" DROP CONSTRAINT "ck_campaigns_funded_stock"`);
    await queryRunner.query(`DROP INDEX "public"."uq_refund_requests_payment"`);
    await queryRunner.query(`DROP INDEX "public"."ix_refund_requests_campaign"`);
    await queryRunner.query(`DROP INDEX "public"."uq_checkout_sessions_one_open"`);
    await queryRunner.query(`ALTER TABLE "campaigns" DROP COLUMN "funded_units"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_refund_requests_campaign" ON "refund_requests" USING btree ("campaign_id") `);
  }
}
