import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SocialSignalsAndScoringRuns1795972612714 implements MigrationInterface {
  name = 'SocialSignalsAndScoringRuns1795972612714';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "scoring_runs" ("id" uuid NOT NULL, "status" character varying(16) NOT NULL, "trigger" character varying(16) NOT NULL, "as_of" TIMESTAMP WITH TIME ZONE NOT NULL, "model_version" character varying(16) NOT NULL, "phase" character varying(16), "progress" real NOT NULL DEFAULT '0', "members" integer, "nodes" integer, "edges" bigint, "interactions" bigint, "phases" jsonb NOT NULL DEFAULT '{}', "stats" jsonb, "error" text, "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE, "heartbeat_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_scoring_runs_progress" CHECK (progress >= 0 AND progress <= 1), CONSTRAINT "ck_scoring_runs_trigger" CHECK (trigger IN ('schedule', 'admin', 'cli')), CONSTRAINT "ck_scoring_runs_status" CHECK (status IN ('queued', 'running', 'succeeded', 'failed')), CONSTRAINT "PK_65e449ee5150d76d02cb7975de0" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_scoring_runs_created_at" ON "scoring_runs"  ("created_at") `);
    await queryRunner.query(`CREATE TABLE "social_account_stats" ("account_id" uuid NOT NULL, "day" date NOT NULL, "followers" integer NOT NULL, "following" integer NOT NULL, "posts" integer NOT NULL, CONSTRAINT "PK_3c744b5dfcc7516006d0d482e9e" PRIMARY KEY ("account_id", "day"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_social_accounts_verified_native_id" ON "social_accounts"  ("network", "native_id") WHERE status = 'verified' AND native_id IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE "social_account_stats" ADD CONSTRAINT "fk_social_account_stats_account" FOREIGN KEY ("account_id") REFERENCES "social_accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    // Hand-written: the interaction store, which TypeORM cannot describe (no entity maps it, so
    // the drift check leaves it alone; InteractionRepository is its only reader and writer).
    // Append-only and partitioned by week of occurred_at, so the 90-day window is kept by
    // dropping whole weeks; the partitions are created ahead by the social.interactions-maintenance
    // job (and on demand before a write), and the DEFAULT partition takes anything else, so an
    // insert never fails. Actors and targets are keyed hashes (SipHash-2-4 under PSEUDONYM_KEY) of
    // network + network-native id: no handle or id is stored. kind follows the engine's numbering:
    // like 0, reply 1, mention 2, share 3, follow 4, post 5.
    await queryRunner.query(`CREATE TABLE "interactions" ("occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_key" bigint NOT NULL, "target_key" bigint NOT NULL, "kind" smallint NOT NULL, CONSTRAINT "ck_interactions_kind" CHECK (kind BETWEEN 0 AND 5)) PARTITION BY RANGE ("occurred_at")`);
    await queryRunner.query(`CREATE TABLE "interactions_default" PARTITION OF "interactions" DEFAULT`);
    // De-duplication by event id across partitions: a unique index on the partitioned table would
    // have to include occurred_at, and then one event id re-sent with another timestamp would be
    // stored twice. This table holds the keyed hash of (network, eventId) of every stored event;
    // a write inserts here first and stores only the rows whose id went in. occurred_at lets the
    // maintenance job forget ids once their events are outside the window (refused anyway).
    await queryRunner.query(`CREATE TABLE "interaction_event_ids" ("event_key" bigint NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_interaction_event_ids" PRIMARY KEY ("event_key"))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "interaction_event_ids"`);
    await queryRunner.query(`DROP TABLE "interactions"`);
    await queryRunner.query(`ALTER TABLE "social_account_stats" DROP CONSTRAINT "fk_social_account_stats_account"`);
    await queryRunner.query(`DROP INDEX "public"."uq_social_accounts_verified_native_id"`);
    await queryRunner.query(`DROP TABLE "social_account_stats"`);
    await queryRunner.query(`DROP INDEX "public"."ix_scoring_runs_created_at"`);
    await queryRunner.query(`DROP TABLE "scoring_runs"`);
  }
}
