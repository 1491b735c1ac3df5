import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The perk feed's clock: how many committed transactions have changed what the feed shows — any
 * campaign column but the stock (`edits`: inserts, deletes, edits, state changes, and brand
 * renames), or the stock alone (`stock`: claims, releases). Each API process keeps the live
 * campaigns in memory (LiveCampaigns) and reads the clock's sums with the caller's session on
 * every feed request: equal or lower sums mean nothing it holds has changed since it read them.
 *
 * The counts are spread over 64 rows by the writing connection, so claims of different campaigns
 * do not queue on one row; the sums only grow, and a later snapshot sees at least what an earlier
 * one saw, so the comparison is exact. Row-level on campaigns (to tell a stock change from an
 * edit), statement-level elsewhere.
 */
export class CampaignFeedClock1796690000000 implements MigrationInterface {
  name = 'CampaignFeedClock1796690000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "campaign_feed_clock" ("shard" smallint PRIMARY KEY, "edits" bigint NOT NULL DEFAULT 0, "stock" bigint NOT NULL DEFAULT 0)`);
    await queryRunner.query(`INSERT INTO "campaign_feed_clock" ("shard") SELECT generate_series(0, 63)`);
    await queryRunner.query(`CREATE FUNCTION perkrank_campaign_feed_tick(stock_only boolean) RETURNS void LANGUAGE sql AS $$
  INSERT INTO campaign_feed_clock AS k (shard, edits, stock)
  VALUES (pg_backend_pid() % 64, CASE WHEN stock_only THEN 0 ELSE 1 END, CASE WHEN stock_only THEN 1 ELSE 0 END)
  ON CONFLICT (shard) DO UPDATE SET edits = k.edits + EXCLUDED.edits, stock = k.stock + EXCLUDED.stock
$$`);
    await queryRunner.query(`CREATE FUNCTION perkrank_campaign_feed_edit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM perkrank_campaign_feed_tick(false);
  RETURN NULL;
END $$`);
    await queryRunner.query(`CREATE FUNCTION perkrank_campaign_feed_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  same_but_stock campaigns;
BEGIN
  same_but_stock := NEW;
  same_but_stock.inventory_remaining := OLD.inventory_remaining;
  PERFORM perkrank_campaign_feed_tick(same_but_stock IS NOT DISTINCT FROM OLD);
  RETURN NULL;
END $$`);
    await queryRunner.query(`CREATE TRIGGER tr_campaigns_feed_update AFTER UPDATE ON "campaigns" FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION perkrank_campaign_feed_update()`);
    await queryRunner.query(`CREATE TRIGGER tr_campaigns_feed_edit AFTER INSERT OR DELETE ON "campaigns" FOR EACH STATEMENT EXECUTE FUNCTION perkrank_campaign_feed_edit()`);
    await queryRunner.query(`CREATE TRIGGER tr_campaigns_feed_truncate AFTER TRUNCATE ON "campaigns" FOR EACH STATEMENT EXECUTE FUNCTION perkrank_campaign_feed_edit()`);
    await queryRunner.query(`CREATE TRIGGER tr_brands_feed_name AFTER UPDATE OF name ON "brands" FOR EACH STATEMENT EXECUTE FUNCTION perkrank_campaign_feed_edit()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER IF EXISTS tr_brands_feed_name ON "brands"`);
    await queryRunner.query(`DROP TRIGGER IF EXISTS tr_campaigns_feed_truncate ON "campaigns"`);
    await queryRunner.query(`DROP TRIGGER IF EXISTS tr_campaigns_feed_edit ON "campaigns"`);
    await queryRunner.query(`DROP TRIGGER IF EXISTS tr_campaigns_feed_update ON "campaigns"`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS perkrank_campaign_feed_update()`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS perkrank_campaign_feed_edit()`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS perkrank_campaign_feed_tick(boolean)`);
    await queryRunner.query(`DROP TABLE IF EXISTS "campaign_feed_clock"`);
  }
}
