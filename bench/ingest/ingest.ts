/**
 * Ingestion throughput, side by side on the same rows, each into a fresh database:
 *   raw COPY — the rows already hashed and encoded, straight into the store's two tables
 *              (interaction_event_ids + interactions): what Postgres alone can absorb;
 *   API      — POST /v1/ingest/interactions to the API in its own process, 10,000 events a
 *              request, 2 requests in flight;
 *   CLI      — the `npm run cli -- import` engine reading an NDJSON file.
 * Targets: API ≥ 25 % and CLI ≥ 50 % of raw COPY. Also shown: COPY into interactions alone.
 *
 *   node -r ./bench/support/register.js bench/ingest/ingest.ts [--events 1000000] [--seed 1]
 */
import { InteractionImporter, InteractionRepository, IngestService, type ValidEvent } from '@perkrank/social';
import { generateWorld, INTERACTION_KIND_NAMES } from '@perkrank/scoring';
import { NETWORKS } from '@perkrank/reference';
import { mkdtempSync, rmSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { spawn } from 'node:child_process';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import {
  benchConfig,
  benchContext,
  createBenchDatabase,
  numberFlags,
  rate,
  startBenchServer,
} from '../support/bench-app';
import { encodeEventIds, encodeInteractions, uniqueByEventKey } from '@perkrank/social';
import { DataSource } from 'typeorm';

const TOKEN = 'bench-ingest-token-0123456789abcdef';
const API_BATCH = 10_000;
const IN_FLIGHT = 2;

interface Event {
  eventId: string;
  network: string;
  kind: string;
  actor: { id: string };
  target: { id: string };
  occurredAt: string;
}

/** The same events for every method: a generated world's interactions as API events. */
function* events(count: number, seed: number, now: number): Generator<Event> {
  const world = generateWorld({ members: 10_000, actors: 200_000, events: count, seed, now });
  let i = 0;
  for (const batch of world.batches()) {
    for (let k = 0; k < batch.length; k++, i++) {
      const network = NETWORKS[i % NETWORKS.length];
      yield {
        eventId: `bench-${seed}-${i}`,
        network,
        kind: INTERACTION_KIND_NAMES[batch.kind[k]],
        actor: { id: `user-${batch.actor[k]}` },
        target: { id: `user-${batch.target[k]}` },
        occurredAt: new Date(batch.timestamp[k]).toISOString(),
      };
    }
  }
}

function post(base: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}/v1/ingest/interactions`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${TOKEN}`,
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function main(): Promise<void> {
  const flags = numberFlags({ events: 1_000_000, seed: 1 });
  const now = Date.now();
  const server = await startBenchServer();
  const dir = mkdtempSync(join(tmpdir(), 'perkrank-bench-ingest-'));
  const config = benchConfig({ INGEST_TOKEN: TOKEN });
  const results: Array<[string, number, number]> = [];
  process.stdout.write(
    `Ingestion of ${flags.events.toLocaleString('en')} events (each method into a fresh database)\n`,
  );
  try {
    // Raw COPY: hashing and encoding done before the clock starts.
    {
      const db = await createBenchDatabase(server.serverUrl, `perkrank_bench_copy_${process.pid}`);
      const app = await benchContext(config, db.url);
      try {
        const ingest = app.get(IngestService);
        const store = app.get(InteractionRepository);
        const validated: ValidEvent[] = [];
        for (const e of events(flags.events, flags.seed, now)) {
          validated.push({
            eventId: e.eventId,
            network: e.network as ValidEvent['network'],
            kind: INTERACTION_KIND_NAMES.indexOf(e.kind as never) as ValidEvent['kind'],
            actorId: e.actor.id,
            actorHandle: undefined,
            targetId: e.target.id,
            targetHandle: undefined,
            occurredAt: Date.parse(e.occurredAt),
          });
        }
        const rows = ingest.toRows(validated);
        await store.ensurePartitionsFor(rows);
        const { order, count } = uniqueByEventKey(rows);
        const batch = 250_000;
        const chunks: Array<{ ids: Buffer; interactions: Buffer }> = [];
        for (let from = 0; from < count; from += batch) {
          const slice = order.subarray(from, Math.min(count, from + batch));
          chunks.push({
            ids: encodeEventIds(rows, slice, slice.length),
            interactions: encodeInteractions(rows, slice, slice.length),
          });
        }
        const runner = app.get(DataSource).createQueryRunner();
        const client = (await runner.connect()) as PoolClient;
        const copy = (sql: string, data: Buffer): Promise<void> =>
          pipeline(Readable.from([data]), client.query(copyFrom(sql)));
        let started = Date.now();
        for (const c of chunks) {
          await client.query('BEGIN');
          await copy('COPY interaction_event_ids (event_key, occurred_at) FROM STDIN (FORMAT binary)', c.ids);
          await copy(
            'COPY interactions (occurred_at, actor_key, target_key, kind) FROM STDIN (FORMAT binary)',
            c.interactions,
          );
          await client.query('COMMIT');
        }
        results.push(['raw COPY (event ids + interactions)', count, Date.now() - started]);
        await client.query('TRUNCATE interactions, interaction_event_ids');
        started = Date.now();
        for (const c of chunks)
          await copy(
            'COPY interactions (occurred_at, actor_key, target_key, kind) FROM STDIN (FORMAT binary)',
            c.interactions,
          );
        results.push(['raw COPY (interactions only, no de-duplication)', count, Date.now() - started]);
        await runner.release();
      } finally {
        await app.close();
        await db.drop();
      }
    }

    // API: its own process (as in production); bodies serialised before the clock starts.
    {
      const db = await createBenchDatabase(server.serverUrl, `perkrank_bench_api_${process.pid}`);
      const setup = await benchContext(config, db.url);
      await setup.get(InteractionRepository).ensurePartitions(now - 91 * 86_400_000, now);
      await setup.close();
      const child = spawn(
        process.execPath,
        [
          '-r',
          join(__dirname, '..', 'support', 'register.js'),
          join(__dirname, 'api-server.ts'),
          db.url,
          TOKEN,
        ],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      try {
        const base = await new Promise<string>((resolve, reject) => {
          child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
          child.once('exit', (code) => reject(new Error(`the API process exited with ${code}`)));
        });
        const bodies: string[] = [];
        let current: Event[] = [];
        for (const e of events(flags.events, flags.seed, now)) {
          current.push(e);
          if (current.length === API_BATCH) {
            bodies.push(JSON.stringify({ events: current }));
            current = [];
          }
        }
        if (current.length > 0) bodies.push(JSON.stringify({ events: current }));
        let accepted = 0;
        let next = 0;
        const started = Date.now();
        const worker = async (): Promise<void> => {
          while (next < bodies.length) {
            const body = bodies[next++];
            const res = await post(base, body);
            if (res.status !== 200) throw new Error(`API answered ${res.status}: ${res.text.slice(0, 300)}`);
            accepted += (JSON.parse(res.text) as { accepted: number }).accepted;
          }
        };
        await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
        results.push([
          `API (${API_BATCH.toLocaleString('en')} events a request, ${IN_FLIGHT} in flight)`,
          accepted,
          Date.now() - started,
        ]);
      } finally {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
        await db.drop();
      }
    }

    // CLI: the import engine on an NDJSON file written beforehand.
    {
      const file = join(dir, 'events.ndjson');
      const out = createWriteStream(file);
      for (const e of events(flags.events, flags.seed, now))
        if (!out.write(`${JSON.stringify(e)}\n`))
          await new Promise<void>((r) => out.once('drain', () => r()));
      await new Promise<void>((resolve) => out.end(resolve));
      const db = await createBenchDatabase(server.serverUrl, `perkrank_bench_cli_${process.pid}`);
      const app = await benchContext(config, db.url);
      try {
        await app.get(InteractionRepository).ensurePartitions(now - 91 * 86_400_000, now);
        const started = Date.now();
        const summary = await app.get(InteractionImporter).importFile(file, { resume: false });
        results.push(['CLI import (NDJSON file)', summary.accepted, Date.now() - started]);
      } finally {
        await app.close();
        await db.drop();
      }
    }

    const baseline = results[0][1] / results[0][2];
    for (const [name, n, ms] of results) {
      const share = ((n / ms / baseline) * 100).toFixed(0);
      process.stdout.write(
        `  ${name.padEnd(52)} ${rate(n, ms).padStart(12)} events  (${(ms / 1000).toFixed(1)} s, ${share} % of raw COPY)\n`,
      );
    }
    process.stdout.write('  targets: API ≥ 25 %, CLI ≥ 50 % of raw COPY (event ids + interactions)\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await server.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
