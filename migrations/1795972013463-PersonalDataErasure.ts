import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PersonalDataErasure1795972013463 implements MigrationInterface {
  name = 'PersonalDataErasure1795972013463';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "brands" ALTER COLUMN "created_by" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "api_keys" ALTER COLUMN "created_by" DROP NOT NULL`);
    // Hand-written: the audit log stays append-only, with one exception for erasure (GDPR art. 17).
    // An UPDATE may only set actor_id, subject_id, before, after and reason to NULL — redaction can
    // remove what names a person but never alter or add history — and only inside a transaction that
    // declared it with set_config('perkrank.audit_redaction', 'on', true) (AuditLog.redactPerson).
    // The row is compared as a whole, so a column added later is protected without a new migration.
    // DELETE and TRUNCATE stay forbidden.
    await queryRunner.query(`CREATE FUNCTION audit_log_redact_only() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE allowed audit_log%ROWTYPE;
      BEGIN
        IF current_setting('perkrank.audit_redaction', true) IS DISTINCT FROM 'on' THEN
          RAISE EXCEPTION 'audit_log is append-only';
        END IF;
        allowed := OLD;
        IF NEW.actor_id IS NULL THEN allowed.actor_id := NULL; END IF;
        IF NEW.subject_id IS NULL THEN allowed.subject_id := NULL; END IF;
        IF NEW.before IS NULL THEN allowed.before := NULL; END IF;
        IF NEW.after IS NULL THEN allowed.after := NULL; END IF;
        IF NEW.reason IS NULL THEN allowed.reason := NULL; END IF;
        IF NEW IS DISTINCT FROM allowed THEN
          RAISE EXCEPTION 'audit_log is append-only: an erasure may only clear actor_id, subject_id, before, after and reason';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`DROP TRIGGER audit_log_no_update_delete ON "audit_log"`);
    await queryRunner.query(`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON "audit_log"
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    await queryRunner.query(`CREATE TRIGGER audit_log_redact_only BEFORE UPDATE ON "audit_log"
      FOR EACH ROW EXECUTE FUNCTION audit_log_redact_only()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER audit_log_redact_only ON "audit_log"`);
    await queryRunner.query(`DROP TRIGGER audit_log_no_delete ON "audit_log"`);
    await queryRunner.query(`CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON "audit_log"
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    await queryRunner.query(`DROP FUNCTION audit_log_redact_only()`);
    await queryRunner.query(`ALTER TABLE "api_keys" ALTER COLUMN "created_by" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "brands" ALTER COLUMN "created_by" SET NOT NULL`);
  }
}
