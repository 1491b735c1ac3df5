/**
 * Bulk seeding for the feed benchmark, all in SQL (`INSERT … SELECT generate_series`): members
 * with profiles, published scores and verified accounts, brands, and live campaigns with the mix
 * of restrictions real brands set. Deterministic (setseed) so runs are comparable.
 */
import type { Client } from 'pg';

export const TOPICS = [
  'travel', 'food', 'fashion', 'beauty', 'fitness', 'tech', 'gaming', 'music', 'family', 'business',
  'sports', 'art', 'photography', 'books', 'film', 'automotive', 'pets', 'parenting', 'health', 'wellness',
  'finance', 'education', 'outdoors', 'luxury', 'home', 'design', 'sustainability', 'nightlife', 'comedy', 'science',
]; // prettier-ignore

/** [country, city as typed, city key]: keys are what cityKey() makes of the city. */
export const PLACES: Array<[string, string, string]> = [
  ['DE', 'Berlin', 'berlin'], ['DE', 'München', 'münchen'], ['DE', 'Hamburg', 'hamburg'],
  ['FR', 'Paris', 'paris'], ['FR', 'Lyon', 'lyon'], ['GB', 'London', 'london'], ['GB', 'Manchester', 'manchester'],
  ['US', 'New York', 'new york'], ['US', 'Austin', 'austin'], ['US', 'Los Angeles', 'los angeles'],
  ['IT', 'Milano', 'milano'], ['IT', 'Roma', 'roma'], ['ES', 'Madrid', 'madrid'], ['ES', 'Barcelona', 'barcelona'],
  ['NL', 'Amsterdam', 'amsterdam'], ['AT', 'Wien', 'wien'], ['CH', 'Zürich', 'zürich'], ['SE', 'Stockholm', 'stockholm'],
  ['PT', 'Lisboa', 'lisboa'], ['DK', 'København', 'københavn'],
]; // prettier-ignore

export const NETWORKS = ['mastodon', 'bluesky', 'x', 'instagram', 'youtube', 'tiktok', 'facebook'];

const COUNTRIES = [...new Set(PLACES.map(([country]) => country))];

export interface SeedCounts {
  members: number;
  campaigns: number;
  /** Campaigns in other states (drafts, ended, paused …) that the feed must skip. */
  otherCampaigns: number;
  brands: number;
}

/** Seeds everything; returns the member ids in seeding order (1-based index i → ids[i - 1]). */
export async function seed(db: Client, counts: SeedCounts, now: Date): Promise<void> {
  await db.query('SELECT setseed(0.42)');
  await db.query(`CREATE TEMP TABLE places (idx int, country text, city text, city_key text)`);
  await db.query(
    `INSERT INTO places SELECT i, p.country, p.city, p.city_key
       FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS p(country, city, city_key, i)`,
    [PLACES.map((p) => p[0]), PLACES.map((p) => p[1]), PLACES.map((p) => p[2])],
  );

  // Members: 1–3 topics, a place (5 % none), a score around 40 (published
  // scores put the median member at 40 and the 90th percentile at 60: libs/scoring/README.md).
  await db.query(
    `INSERT INTO users (id, email, password_hash, display_name, date_of_birth, roles, status, topics,
                        country, city, scoring_consent, terms_accepted_at, created_at, updated_at)
     SELECT md5('member' || g.i)::uuid, 'member' || g.i || '@bench.example', 'not-a-hash', 'Member ' || g.i,
            DATE '1990-01-01', ARRAY['influencer'], 'active',
            ARRAY(SELECT DISTINCT ($1::text[])[1 + floor(random() * 30)::int]
                    FROM generate_series(1, 1 + (g.i % 3)) WHERE g.i > 0),
            CASE WHEN r.p > 0 THEN p.country END, CASE WHEN r.p > 0 THEN p.city END,
            true, $2, $2, $2
       FROM generate_series(1, $3::int) AS g(i)
       CROSS JOIN LATERAL (SELECT CASE WHEN random() < 0.05 THEN 0 ELSE 1 + floor(random() * 20)::int END
                            + 0 * g.i AS p) r
       LEFT JOIN places p ON p.idx = r.p`,
    [TOPICS, now, counts.members],
  );
  await db.query(
    `INSERT INTO member_scores (user_id, score, percentile, model_version, run_id, computed_at)
     SELECT md5('member' || g.i)::uuid, s.score, s.score, 'bench', NULL, $1
       FROM generate_series(1, $2::int) AS g(i)
       CROSS JOIN LATERAL (
         SELECT least(100, greatest(1, 40 + 15 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())))::real
                + 0 * g.i AS score) s`,
    [now, counts.members],
  );
  // 60 % of members have one verified account.
  await db.query(
    `INSERT INTO social_accounts (id, user_id, network, handle, status, verification_token, verified_at,
                                  created_at, updated_at)
     SELECT md5('account' || g.i)::uuid, md5('member' || g.i)::uuid,
            ($1::text[])[1 + (g.i % 7)], 'member' || g.i || '.bench', 'verified', md5('token' || g.i), $2, $2, $2
       FROM generate_series(1, $3::int) AS g(i)
      WHERE g.i % 10 < 6`,
    [NETWORKS, now, counts.members],
  );

  await db.query(
    `INSERT INTO users (id, email, password_hash, display_name, date_of_birth, roles, status, created_at, updated_at)
     SELECT md5('owner' || g.i)::uuid, 'owner' || g.i || '@bench.example', 'not-a-hash', 'Owner ' || g.i,
            DATE '1980-01-01', ARRAY['brand'], 'active', $1, $1
       FROM generate_series(1, $2::int) AS g(i)`,
    [now, counts.brands],
  );
  await db.query(
    `INSERT INTO brands (id, name, country, created_by, created_at)
     SELECT md5('brand' || g.i)::uuid, 'Brand ' || g.i, ($1::text[])[1 + (g.i % $3::int)],
            md5('owner' || g.i)::uuid, $2::timestamptz - interval '90 days'
       FROM generate_series(1, $4::int) AS g(i)`,
    [COUNTRIES, now, COUNTRIES.length, counts.brands],
  );
  await db.query(
    `INSERT INTO brand_memberships (brand_id, user_id, role, created_at)
     SELECT md5('brand' || g.i)::uuid, md5('owner' || g.i)::uuid, 'owner', $1
       FROM generate_series(1, $2::int) AS g(i)`,
    [now, counts.brands],
  );

  // Campaigns. Thresholds mostly 0–70; 40 % aim at 1–2 topics, half at 1–2 countries, 20 % at a
  // city, 20 % need a network; 60 % have a venue. The first `campaigns` rows are live; the rest
  // are in states the feed must skip.
  await db.query(
    `INSERT INTO campaigns (id, brand_id, status, version, title, description, perk_type, perk_terms,
                            perk_value_minor, perk_currency, min_score, topics, networks, countries, cities,
                            city_keys, inventory_total, inventory_remaining, inventory_per_user, codes_mode,
                            starts_at, ends_at, claim_ttl_hours, location_venue_name, location_city,
                            location_city_key, location_country, disclosure_required, funding_status,
                            status_changed_at, submitted_at, approved_at, created_by, created_at, updated_at)
     SELECT md5('campaign' || g.i)::uuid, md5('brand' || (1 + g.i % $5::int))::uuid,
            CASE WHEN g.i <= $3 THEN 'approved'
                 ELSE ($6::text[])[1 + (g.i % 4)] END,
            1, 'Perk ' || g.i, 'A perk for creators, number ' || g.i || '.', 'upgrade',
            'Valid for stays of two nights or more, subject to availability.', 15000, 'EUR',
            floor(power(random(), 1.3) * 75)::real,
            CASE WHEN r.t < 0.6 THEN '{}'::text[]
                 ELSE ARRAY(SELECT DISTINCT ($1::text[])[1 + floor(random() * 30)::int]
                              FROM generate_series(1, 1 + (g.i % 2)) WHERE g.i > 0) END,
            CASE WHEN r.n < 0.8 THEN '{}'::text[] ELSE ARRAY[($7::text[])[1 + (g.i % 7)]] END,
            CASE WHEN r.c < 0.5 THEN '{}'::text[]
                 ELSE ARRAY(SELECT DISTINCT ($8::text[])[1 + floor(random() * $9::int)::int]
                              FROM generate_series(1, 1 + (g.i % 2)) WHERE g.i > 0) END,
            CASE WHEN r.y < 0.2 THEN ARRAY[pl.city] ELSE '{}'::text[] END,
            CASE WHEN r.y < 0.2 THEN ARRAY[pl.city_key] ELSE '{}'::text[] END,
            100, 100 - (g.i % 50), 1, 'generated',
            $2::timestamptz - (random() * interval '20 days'), $2::timestamptz + interval '1 day' + (random() * interval '60 days'),
            72,
            CASE WHEN r.v < 0.6 THEN 'Venue ' || g.i END, CASE WHEN r.v < 0.6 THEN pl.city END,
            CASE WHEN r.v < 0.6 THEN pl.city_key END, CASE WHEN r.v < 0.6 THEN pl.country END,
            true, 'not_required',
            $2::timestamptz - (g.i % 1000) * interval '1 minute', $2::timestamptz - interval '21 days',
            $2::timestamptz - (g.i % 30000) * interval '1 minute' - (g.i % 997) * interval '1 millisecond',
            md5('owner' || (1 + g.i % $5::int))::uuid, $2::timestamptz - interval '21 days', $2
       FROM generate_series(1, $4::int) AS g(i)
       CROSS JOIN LATERAL (SELECT random() + 0 * g.i AS t, random() AS n, random() AS c, random() AS y,
                                  random() AS v, 1 + floor(random() * 20)::int AS p) r
       JOIN places pl ON pl.idx = r.p`,
    [
      TOPICS,
      now,
      counts.campaigns,
      counts.campaigns + counts.otherCampaigns,
      counts.brands,
      ['draft', 'ended', 'paused', 'pending_review'],
      NETWORKS,
      COUNTRIES,
      COUNTRIES.length,
    ],
  );
  await db.query('ANALYZE');
}

/** Gives a registered bench client the profile, score and accounts of seeded member `i`. */
export async function copyMember(db: Client, userId: string, i: number, now: Date): Promise<void> {
  const source = `md5('member' || $2::int)::uuid`;
  await db.query(
    `UPDATE users u SET topics = m.topics, country = m.country, city = m.city, scoring_consent = true
       FROM users m WHERE u.id = $1 AND m.id = ${source}`,
    [userId, i],
  );
  await db.query(
    `INSERT INTO member_scores (user_id, score, percentile, model_version, run_id, computed_at)
     SELECT $1, s.score, s.percentile, s.model_version, NULL, $3 FROM member_scores s WHERE s.user_id = ${source}`,
    [userId, i, now],
  );
  await db.query(
    `INSERT INTO social_accounts (id, user_id, network, handle, status, verification_token, verified_at,
                                  created_at, updated_at)
     SELECT gen_random_uuid(), $1, a.network, a.handle || '.client', 'verified', a.verification_token, $3, $3, $3
       FROM social_accounts a WHERE a.user_id = ${source}`,
    [userId, i, now],
  );
}
