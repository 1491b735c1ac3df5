import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MemberScores1795971317649 implements MigrationInterface {
  name = 'MemberScores1795971317649';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "member_scores" ("user_id" uuid NOT NULL, "score" real NOT NULL, "percentile" real NOT NULL, "model_version" character varying(16) NOT NULL, "run_id" uuid, "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "ck_member_scores_range" CHECK (score >= 0 AND score <= 100 AND percentile >= 0 AND percentile <= 100), CONSTRAINT "PK_cb305ad9192f125f3c93c503230" PRIMARY KEY ("user_id"))`);
    await queryRunner.query(`CREATE INDEX "ix_member_scores_score" ON "member_scores"  ("score") `);
    await queryRunner.query(`CREATE TABLE "score_snapshots" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "run_id" uuid, "score" real NOT NULL, "percentile" real NOT NULL, "components" jsonb NOT NULL, "adjustments" jsonb NOT NULL, "tips" jsonb NOT NULL, "model_version" character varying(16) NOT NULL, "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_c9c88ecda82247938e2b787c9e1" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_score_snapshots_user_computed" ON "score_snapshots"  ("user_id", "computed_at") `);
    await queryRunner.query(`ALTER TABLE "member_scores" ADD CONSTRAINT "fk_member_scores_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "score_snapshots" ADD CONSTRAINT "fk_score_snapshots_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "score_snapshots" DROP CONSTRAINT "fk_score_snapshots_user"`);
    await queryRunner.query(`ALTER TABLE "member_scores" DROP CONSTRAINT "fk_member_scores_user"`);
    await queryRunner.query(`DROP INDEX "public"."ix_score_snapshots_user_computed"`);
    await queryRunner.query(`DROP TABLE "score_snapshots"`);
    await queryRunner.query(`DROP INDEX "public"."ix_member_scores_score"`);
    await queryRunner.query(`DROP TABLE "member_scores"`);
  }
}
