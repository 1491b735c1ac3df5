/**
 * Crowds seeded in bulk SQL, for the claim benchmark (bench/claims/run.ts) and the cluster test and
 * benchmark (test/cluster): members with a score and consent, one brand with its owner, and fresh
 * live perks, written straight to the tables (registering thousands of accounts through the API
 * would mostly measure argon2). Not exported from @perkrank/testing: the e2e specs make their
 * world through the API.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';

export interface CrowdOptions {
  /** Member i (1-based) is `md5(prefix || i)::uuid`, `<prefix><i>@<domain>`, named `<Name> <i>`. */
  prefix: string;
  domain: string;
  members: number;
  /** Member i scores `score + (i % scoreSpread)` (a spread of 1: everyone scores `score`). */
  score: number;
  scoreSpread: number;
  modelVersion: string;
  /** Members also have a public profile and a verified email address. */
  publicAndVerified: boolean;
  brand: { id: string; name: string; ownerId: string };
  now: Date;
}

/** Seeds the members, their scores and the brand with its owner; returns the member ids, member 1 first. */
export async function seedCrowd(db: Client, o: CrowdOptions): Promise<string[]> {
  const name = o.prefix.charAt(0).toUpperCase() + o.prefix.slice(1);
  const extra = o.publicAndVerified
    ? { columns: ', public_profile, email_verified_at', values: ', true, $1' }
    : { columns: '', values: '' };
  await db.query(
    `INSERT INTO users (id, email, password_hash, display_name, date_of_birth, roles, status, scoring_consent,
                        terms_accepted_at, created_at, updated_at${extra.columns})
     SELECT md5($3::text || g.i)::uuid, $3::text || g.i || '@' || $4::text, 'not-a-hash', $5::text || ' ' || g.i,
            DATE '1990-01-01', ARRAY['influencer'], 'active', true, $1, $1, $1${extra.values}
       FROM generate_series(1, $2::int) AS g(i)`,
    [o.now, o.members, o.prefix, o.domain, name],
  );
  await db.query(
    `INSERT INTO member_scores (user_id, score, percentile, model_version, run_id, computed_at)
     SELECT md5($3::text || g.i)::uuid, $4::int + (g.i % $5::int), 50, $6, NULL, $1 FROM generate_series(1, $2::int) AS g(i)`,
    [o.now, o.members, o.prefix, o.score, o.scoreSpread, o.modelVersion],
  );
  await db.query(
    `INSERT INTO users (id, email, password_hash, display_name, date_of_birth, roles, status, created_at, updated_at)
     VALUES ($1, 'owner@' || $3::text, 'not-a-hash', 'Owner', DATE '1980-01-01', ARRAY['brand'], 'active', $2, $2)`,
    [o.brand.ownerId, o.now, o.domain],
  );
  await db.query(
    `INSERT INTO brands (id, name, country, created_by, created_at) VALUES ($1, $2, 'DE', $3, $4)`,
    [o.brand.id, o.brand.name, o.brand.ownerId, o.now],
  );
  const { rows } = await db.query<{ id: string }>(
    `SELECT md5($2::text || g.i)::uuid AS id FROM generate_series(1, $1::int) AS g(i) ORDER BY g.i`,
    [o.members, o.prefix],
  );
  return rows.map((r) => r.id);
}

/** Real sessions (rows in `sessions`) for `userIds`; returns their ids in the same order. */
export async function insertSessions(db: Client, userIds: string[], now: Date): Promise<string[]> {
  const sessions = userIds.map(() => randomUUID());
  await db.query(
    `INSERT INTO sessions (id, user_id, created_at) SELECT s, u, $3 FROM unnest($1::uuid[], $2::uuid[]) AS x(s, u)`,
    [sessions, userIds, now],
  );
  return sessions;
}

/**
 * A fresh live perk `id` of the brand: approved, no funding needed, open from an hour before `now`
 * for 30 days, `units` units, one per member, for scores of 40 and up.
 */
export async function insertLivePerk(
  db: Client,
  perk: { id: string; brandId: string; ownerId: string; units: number; now: Date },
): Promise<string> {
  await db.query(
    `INSERT INTO campaigns (id, brand_id, status, version, title, description, perk_type, perk_terms, min_score,
                            inventory_total, inventory_remaining, inventory_per_user, codes_mode, starts_at, ends_at,
                            claim_ttl_hours, disclosure_required, funding_status, status_changed_at, submitted_at,
                            approved_at, created_by, created_at, updated_at)
     VALUES ($1, $2, 'approved', 1, 'Flash perk', 'A perk everyone wants.', 'upgrade', 'Subject to availability.', 40,
             $3, $3, 1, 'generated', $4::timestamptz - interval '1 hour', $4::timestamptz + interval '30 days',
             72, true, 'not_required', $4, $4, $4, $5, $4, $4)`,
    [perk.id, perk.brandId, perk.units, perk.now, perk.ownerId],
  );
  return perk.id;
}
