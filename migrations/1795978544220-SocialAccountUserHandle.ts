import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SocialAccountUserHandle1795978544220 implements MigrationInterface {
  name = 'SocialAccountUserHandle1795978544220';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_social_accounts_user_handle" ON "social_accounts"  ("user_id", "network", "handle") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_social_accounts_user_handle"`);
  }
}
