/**
 * What the cluster test (test/cluster/run.ts) and the cluster benchmark (bench/cluster/run.ts)
 * share: the topology's handles, members seeded in bulk SQL with real sessions, fresh perks, and
 * HTTP calls through HAProxy that report which API process answered.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import type { ChildProcess } from 'node:child_process';
import { Client } from 'pg';

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { startCluster, stopAll } = require('../../scripts/cluster.js') as {
  startCluster: (options: object) => Promise<Cluster>;
  stopAll: () => Promise<void>;
};

export interface Handle {
  name: string;
  child: ChildProcess;
  log: string;
  exited: Promise<unknown>;
}
export interface Cluster {
  url: string;
  env: Record<string, string>;
  urls: { pooled: string; direct: string; replica: string };
  ports: { lb: number; apis: number[] };
  apis: Handle[];
  workers: Handle[];
  replica: { stop(): void; start(): void };
  stop(): Promise<void>;
}

export const log = (line: string): void => void process.stdout.write(`${line}\n`);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** HS256 access token for a real session row, as the API's JWT service signs it. */
export function accessToken(secret: string, userId: string, sessionId: string): string {
  const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sid: sessionId, sub: userId, iss: 'perkrank', aud: 'perkrank-api', iat: now, exp: now + 3600, jti: randomUUID() })}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

export interface Answer {
  status: number;
  body: Record<string, unknown> & { error?: { code?: string } };
  servedBy: string;
}

export function call(
  agent: Agent,
  port: number,
  method: string,
  path: string,
  token?: string,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = method === 'POST' ? '{}' : undefined;
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method,
        agent,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
          ...headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => {
          let body: Answer['body'] = {};
          try {
            body = JSON.parse(text) as Answer['body'];
          } catch {
            /* not JSON (HAProxy's own 502/503 page) */
          }
          resolve({ status: res.statusCode ?? 0, body, servedBy: String(res.headers['x-served-by'] ?? '') });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export async function seed(
  db: Client,
  secret: string,
  members: number,
): Promise<{ ids: string[]; tokens: string[]; brand: string; owner: string }> {
  const now = new Date();
  await db.query(
    `INSERT INTO users (id, email, password_hash, display_name, date_of_birth, roles, status, scoring_consent, public_profile,
                        terms_accepted_at, email_verified_at, created_at, updated_at)
     SELECT md5('rush' || g.i)::uuid, 'rush' || g.i || '@cluster.example', 'not-a-hash', 'Rush ' || g.i,
            DATE '1990-01-01', ARRAY['influencer'], 'active', true, true, $1, $1, $1, $1
       FROM generate_series(1, $2::int) AS g(i)`,
    [now, members],
  );
  await db.query(
    `INSERT INTO member_scores (user_id, score, percentile, model_version, run_id, computed_at)
     SELECT md5('rush' || g.i)::uuid, 60, 50, 'cluster', NULL, $1 FROM generate_series(1, $2::int) AS g(i)`,
    [now, members],
  );
  const owner = randomUUID();
  const brand = randomUUID();
  await db.query(
    `INSERT INTO users (id, email, password_hash, display_name, date_of_birth, roles, status, created_at, updated_at)
     VALUES ($1, 'owner@cluster.example', 'not-a-hash', 'Owner', DATE '1980-01-01', ARRAY['brand'], 'active', $2, $2)`,
    [owner, now],
  );
  await db.query(
    `INSERT INTO brands (id, name, country, created_by, created_at) VALUES ($1, 'Cluster Hotel', 'DE', $2, $3)`,
    [brand, owner, now],
  );
  const { rows } = await db.query<{ id: string }>(
    `SELECT md5('rush' || g.i)::uuid AS id FROM generate_series(1, $1::int) AS g(i) ORDER BY g.i`,
    [members],
  );
  const ids = rows.map((r) => r.id);
  const sessions = ids.map(() => randomUUID());
  await db.query(
    `INSERT INTO sessions (id, user_id, created_at) SELECT s, u, $3 FROM unnest($1::uuid[], $2::uuid[]) AS x(s, u)`,
    [sessions, ids, now],
  );
  return { ids, tokens: ids.map((id, i) => accessToken(secret, id, sessions[i])), brand, owner };
}

export async function newPerk(db: Client, brand: string, owner: string, units: number): Promise<string> {
  const id = randomUUID();
  await db.query(
    `INSERT INTO campaigns (id, brand_id, status, version, title, description, perk_type, perk_terms, min_score,
                            inventory_total, inventory_remaining, inventory_per_user, codes_mode, starts_at, ends_at,
                            claim_ttl_hours, disclosure_required, funding_status, status_changed_at, submitted_at,
                            approved_at, created_by, created_at, updated_at)
     VALUES ($1, $2, 'approved', 1, 'Flash perk', 'A perk everyone wants.', 'upgrade', 'Subject to availability.', 40,
             $3, $3, 1, 'generated', now() - interval '1 hour', now() + interval '30 days',
             72, true, 'not_required', now(), now(), now(), $4, now(), now())`,
    [id, brand, units, owner],
  );
  return id;
}
