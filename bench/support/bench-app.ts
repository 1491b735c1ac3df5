/**
 * What the end-to-end benchmarks share: a PostgreSQL (DATABASE_URL's server, or an embedded one
 * in a temporary directory), fresh migrated databases, and the real application booted on them.
 */
import 'reflect-metadata';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import {
  createRootLogger,
  loadConfig,
  migrateDatabase,
  startEmbeddedPostgres,
  withDatabase,
  type AppConfig,
  type EmbeddedDatabase,
} from '@perkrank/core';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createAppContext, createHttpApp } from '@perkrank/platform';

export interface BenchServer {
  serverUrl: string;
  stop(): Promise<void>;
}

/** DATABASE_URL's server, or an embedded PostgreSQL with default durability settings. */
export async function startBenchServer(): Promise<BenchServer> {
  if (process.env.DATABASE_URL) return { serverUrl: process.env.DATABASE_URL, stop: () => Promise.resolve() };
  const dir = mkdtempSync(join(tmpdir(), 'perkrank-bench-'));
  chmodSync(dir, 0o755);
  const server: EmbeddedDatabase = await startEmbeddedPostgres({
    dataDir: dir,
    settings: { max_wal_size: '4GB', shared_buffers: '512MB', maintenance_work_mem: '256MB' },
  });
  return {
    serverUrl: server.url,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createBenchDatabase(serverUrl: string, name: string): Promise<BenchDatabase> {
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = withDatabase(serverUrl, name);
  await migrateDatabase(url);
  return {
    url,
    drop: async () => {
      const c = new Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export function benchConfig(env: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret',
    LOG_LEVEL: 'warn',
    ...env,
  });
}

export async function benchContext(config: AppConfig, url: string): Promise<INestApplicationContext> {
  const logger = createRootLogger({ level: 'warn' });
  // With the demo's modules: the end-to-end scoring benchmark writes a synthetic world.
  return createAppContext(
    { config, databaseUrl: url, logger, jobs: 'off', demo: true },
    { logger: ['error', 'warn'] },
  );
}

/** The HTTP application, listening on a free port; returns its base URL. */
export async function benchHttpApp(
  config: AppConfig,
  url: string,
): Promise<{ app: INestApplication; base: string }> {
  const logger = createRootLogger({ level: 'warn' });
  const app = await createHttpApp(
    { config, databaseUrl: url, logger, jobs: 'off' },
    { logger: ['error', 'warn'] },
  );
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return { app, base: `http://127.0.0.1:${address.port}` };
}

/**
 * The HTTP application as production runs it — JSON request logs at `info` (written to a sink: the
 * cost is paid, the terminal spared), a pool of `poolSize` connections — on a free port, for the
 * duration of `work`. Not `NODE_ENV=production`, which demands secrets a benchmark has no use for;
 * anything the app would keep goes to a throwaway directory, not ./.data.
 */
export async function withBenchHttpApp<T>(
  url: string,
  options: { poolSize: number },
  work: (app: INestApplication, port: number) => Promise<T>,
): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), 'perkrank-bench-app-'));
  const config = loadConfig({
    NODE_ENV: 'development',
    DATA_DIR: dataDir,
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
    DATABASE_POOL_SIZE: String(options.poolSize),
  });
  const logger = createRootLogger({ level: 'info', destination: { write: () => undefined } });
  const app = await createHttpApp({ config, databaseUrl: url, logger, jobs: 'off' });
  try {
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    return await work(app, port);
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** `--name value` flags as numbers, with defaults. */
export function numberFlags<T extends Record<string, number>>(defaults: T): T {
  const values = { ...defaults };
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const m = /^--([a-z-]+)$/.exec(args[i]);
    if (!m) continue;
    if (!(m[1] in values))
      throw new Error(`unknown option --${m[1]}; known: ${Object.keys(defaults).join(', ')}`);
    const n = Number(args[++i]);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${m[1]} needs a number`);
    (values as Record<string, number>)[m[1]] = n;
  }
  return values;
}

export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
export const rate = (n: number, ms: number): string =>
  `${Math.round((n / ms) * 1000).toLocaleString('en')}/s`;
