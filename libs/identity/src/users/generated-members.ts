import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface GeneratedMemberBatch {
  ids: readonly string[];
  emails: readonly string[];
  /** An argon2 hash, or a value no password matches. */
  passwordHash: string;
  /** Member `n` of the batch is called "World member <firstNumber + n>". */
  firstNumber: number;
  now: Date;
}

/**
 * Bulk writes of generated members (the synthetic world of `generate:world` and the demo): adult,
 * active influencers who consent to scoring, thousands to a statement — far faster than one
 * sign-up each, and still written by the context that owns `users`.
 */
@Injectable()
export class GeneratedMembers {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** True when an account has this (lower-case) email. */
  async exists(email: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query('SELECT 1 FROM users WHERE email = $1', [email]);
    return rows.length > 0;
  }

  async insert(batch: GeneratedMemberBatch): Promise<void> {
    await this.db.query(
      `INSERT INTO users (id, email, password_hash, display_name, date_of_birth, roles, status, scoring_consent,
                          terms_accepted_at, created_at, updated_at)
       SELECT id, email, $3, display_name, DATE '1990-01-01', '{influencer}', 'active', true, $4, $4, $4
         FROM unnest($1::uuid[], $2::text[]) WITH ORDINALITY AS u(id, email, n)
         CROSS JOIN LATERAL (SELECT 'World member ' || (n - 1 + $5)::text AS display_name) d`,
      [batch.ids, batch.emails, batch.passwordHash, batch.now, batch.firstNumber],
    );
  }
}
