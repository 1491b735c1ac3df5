/**
 * What the cluster test (test/cluster/run.ts) and the cluster benchmark (bench/cluster/run.ts)
 * share: the topology's handles, members seeded in bulk SQL with real sessions, fresh perks, and
 * HTTP calls through HAProxy that report which API process answered.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import type { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { insertLivePerk, insertSessions, seedCrowd } from '../support/bulk-seed';

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
  const owner = randomUUID();
  const brand = randomUUID();
  const ids = await seedCrowd(db, {
    prefix: 'rush',
    domain: 'cluster.example',
    members,
    score: 60,
    scoreSpread: 1,
    modelVersion: 'cluster',
    publicAndVerified: true,
    brand: { id: brand, name: 'Cluster Hotel', ownerId: owner },
    now,
  });
  const sessions = await insertSessions(db, ids, now);
  return { ids, tokens: ids.map((id, i) => accessToken(secret, id, sessions[i])), brand, owner };
}

export const newPerk = (db: Client, brand: string, owner: string, units: number): Promise<string> =>
  insertLivePerk(db, { id: randomUUID(), brandId: brand, ownerId: owner, units, now: new Date() });
