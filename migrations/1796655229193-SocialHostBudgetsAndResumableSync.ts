import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SocialHostBudgetsAndResumableSync1796655229193 implements MigrationInterface {
  name = 'SocialHostBudgetsAndResumableSync1796655229193';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "social_host_budgets" ("key" character varying(300) NOT NULL, "window_started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used" integer NOT NULL, "blocked_until" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_3ae4b8d1a50be9ef2ac992955de" PRIMARY KEY ("key"))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "social_host_budgets"`);
  }
}
