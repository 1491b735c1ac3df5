import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * NOTIFY perkrank_scores_population when the scored population may have changed: any write to
 * member_scores (a scoring run publishing, an erasure, a withdrawal deleting the member's scores)
 * and any update of users.scoring_consent (published_scores_v counts consenting members only).
 * Statement-level, so a run publishing thousands of rows sends one notification; NOTIFY is
 * delivered on commit and folded per transaction. The API keeps the model document
 * (`GET /v1/scoring/model`) cached and drops it when this arrives (ScoringModelService).
 */
export class ScoresPopulationNotify1796680000000 implements MigrationInterface {
  name = 'ScoresPopulationNotify1796680000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION perkrank_scores_population_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('perkrank_scores_population', TG_TABLE_NAME);
  RETURN NULL;
END $$`);
    await queryRunner.query(`CREATE TRIGGER tr_member_scores_population AFTER INSERT OR UPDATE OR DELETE ON "member_scores" FOR EACH STATEMENT EXECUTE FUNCTION perkrank_scores_population_notify()`);
    await queryRunner.query(`CREATE TRIGGER tr_member_scores_population_truncate AFTER TRUNCATE ON "member_scores" FOR EACH STATEMENT EXECUTE FUNCTION perkrank_scores_population_notify()`);
    await queryRunner.query(`CREATE TRIGGER tr_users_scoring_consent_population AFTER UPDATE OF scoring_consent ON "users" FOR EACH STATEMENT EXECUTE FUNCTION perkrank_scores_population_notify()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER IF EXISTS tr_users_scoring_consent_population ON "users"`);
    await queryRunner.query(`DROP TRIGGER IF EXISTS tr_member_scores_population_truncate ON "member_scores"`);
    await queryRunner.query(`DROP TRIGGER IF EXISTS tr_member_scores_population ON "member_scores"`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS perkrank_scores_population_notify()`);
  }
}
