/**
 * Ingestion throughput, side by side on the same rows, each into a fresh database:
 *   raw COPY — the rows already hashed and encoded, straight into the store's two tables
 *              (interaction_event_ids + interactions): what Postgres alone can absorb;
 *   API      — POST /v1/ingest/interactions to the API in its own process, 10,000 events a
 *              request, 2 requests in flight;
 *   CLI      — the `npm run cli -- import` engine reading an NDJSON file.
 * Targets: API ≥ 25 % and CLI ≥ 50 % of raw COPY. Also shown: COPY into interactions alone.
 * The methods take turns for `--rounds` rounds and the median of each is compared, so a burst
 * of load from elsewhere on a shared machine hits one sample, not one method.
 *
 *   node -r ./bench/support/register.js bench/ingest/ingest.ts [--events 1000000] [--rounds 3] [--seed 1]
 */
import { generateWorld, INTERACTION_KIND_NAMES } from '@perkrank/scoring';
import { NETWORKS } from '@perkrank/reference';
import {
  encodeEventIds,
  encodeInteractions,
  IngestService,
  InteractionImporter,
  InteractionRepository,
  uniqueByEventKey,
  type ValidEvent,
} from '@perkrank/social';
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import {
  benchConfig,
  benchContext,
  createBenchDatabase,
  numberFlags,
  rate,
  startBenchServer,
} from '../support/bench-app';

const TOKEN = 'bench-ingest-token-0123456789abcdef';
const API_BATCH = 10_000;
const IN_FLIGHT = 2;
const DAY_MS = 86_400_000;

interface Event {
  eventId: string;
  network: string;
  kind: string;
  actor: { id: string };
  target: { id: string };
  occurredAt: string;
}

/** The same events for every method: a generated world's interactions as API events. */
function makeEvents(count: number, seed: number, now: number): Event[] {
  // Events of the first hours of the window would turn "too old" during a long run: keep 89 days.
  const world = generateWorld({ members: 10_000, actors: 200_000, events: count, seed, now: now - DAY_MS });
  const events: Event[] = [];
  let i = 0;
  for (const batch of world.batches()) {
    for (let k = 0; k < batch.length; k++, i++) {
      events.push({
        eventId: `bench-${seed}-${i}`,
        network: NETWORKS[i % NETWORKS.length],
        kind: INTERACTION_KIND_NAMES[batch.kind[k]],
        actor: { id: `user-${batch.actor[k]}` },
        target: { id: `user-${batch.target[k]}` },
        occurredAt: new Date(batch.timestamp[k]).toISOString(),
      });
    }
  }
  return events;
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

interface Sample {
  events: number;
  ms: number;
}

async function main(): Promise<void> {
  const flags = numberFlags({ events: 1_000_000, rounds: 3, seed: 1 });
  const now = Date.now();
  const server = await startBenchServer();
  const dir = mkdtempSync(join(tmpdir(), 'perkrank-bench-ingest-'));
  const config = benchConfig({ INGEST_TOKEN: TOKEN });
  process.stdout.write(
    `Ingestion of ${flags.events.toLocaleString('en')} events, each method into a fresh database, ${flags.rounds} rounds\n`,
  );
  let round = 0;
  const fresh = async (): Promise<{ url: string; drop: () => Promise<void> }> => {
    const db = await createBenchDatabase(server.serverUrl, `perkrank_bench_ingest_${process.pid}_${round++}`);
    const app = await benchContext(config, db.url);
    await app.get(InteractionRepository).ensurePartitions(now - 91 * DAY_MS, now);
    await app.close();
    return db;
  };

  try {
    const events = makeEvents(flags.events, flags.seed, now);
    const bodies: string[] = [];
    for (let i = 0; i < events.length; i += API_BATCH)
      bodies.push(JSON.stringify({ events: events.slice(i, i + API_BATCH) }));
    const file = join(dir, 'events.ndjson');
    const out = createWriteStream(file);
    for (const e of events)
      if (!out.write(`${JSON.stringify(e)}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
    await new Promise<void>((resolve) => out.end(resolve));

    // Raw COPY: the rows hashed and encoded before the clock starts.
    const raw = async (): Promise<{ both: Sample; interactionsOnly: Sample }> => {
      const db = await fresh();
      const app = await benchContext(config, db.url);
      try {
        const valid: ValidEvent[] = events.map((e) => ({
          eventId: e.eventId,
          network: e.network as ValidEvent['network'],
          kind: INTERACTION_KIND_NAMES.indexOf(e.kind as never) as ValidEvent['kind'],
          actorId: e.actor.id,
          actorHandle: undefined,
          targetId: e.target.id,
          targetHandle: undefined,
          occurredAt: Date.parse(e.occurredAt),
        }));
        const rows = app.get(IngestService).toRows(valid);
        const { order, count } = uniqueByEventKey(rows);
        const chunks: Array<{ ids: Buffer; interactions: Buffer }> = [];
        for (let from = 0; from < count; from += 250_000) {
          const slice = order.subarray(from, Math.min(count, from + 250_000));
          chunks.push({
            ids: encodeEventIds(rows, slice, slice.length),
            interactions: encodeInteractions(rows, slice, slice.length),
          });
        }
        const runner = app.get(DataSource).createQueryRunner();
        const client = (await runner.connect()) as PoolClient;
        const copy = (sql: string, data: Buffer): Promise<void> =>
          pipeline(Readable.from([data]), client.query(copyFrom(sql)));
        try {
          let started = Date.now();
          for (const c of chunks) {
            await client.query('BEGIN');
            await copy(
              'COPY interaction_event_ids (event_key, occurred_at) FROM STDIN (FORMAT binary)',
              c.ids,
            );
            await copy(
              'COPY interactions (occurred_at, actor_key, target_key, kind) FROM STDIN (FORMAT binary)',
              c.interactions,
            );
            await client.query('COMMIT');
          }
          const both = { events: count, ms: Date.now() - started };
          await client.query('TRUNCATE interactions, interaction_event_ids');
          started = Date.now();
          for (const c of chunks)
            await copy(
              'COPY interactions (occurred_at, actor_key, target_key, kind) FROM STDIN (FORMAT binary)',
              c.interactions,
            );
          return { both, interactionsOnly: { events: count, ms: Date.now() - started } };
        } finally {
          await runner.release();
        }
      } finally {
        await app.close();
        await db.drop();
      }
    };

    // API: its own process, as in production, so the client never takes the server's thread.
    const api = async (): Promise<Sample> => {
      const db = await fresh();
      const child = spawn(
        process.execPath,
        [
          '-r',
          join(__dirname, '..', 'support', 'register.js'),
          join(__dirname, 'api-server.ts'),
          db.url,
          TOKEN,
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      try {
        const base = await new Promise<string>((resolve, reject) => {
          child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
          child.once('exit', (code) => reject(new Error(`the API process exited with ${code}`)));
        });
        let accepted = 0;
        let next = 0;
        const started = Date.now();
        const worker = async (): Promise<void> => {
          while (next < bodies.length) {
            const res = await post(base, bodies[next++]);
            if (res.status !== 200) throw new Error(`API answered ${res.status}: ${res.text.slice(0, 300)}`);
            accepted += (JSON.parse(res.text) as { accepted: number }).accepted;
          }
        };
        await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
        return { events: accepted, ms: Date.now() - started };
      } finally {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
        await db.drop();
      }
    };

    // CLI: the import engine on the NDJSON file.
    const cli = async (): Promise<Sample> => {
      const db = await fresh();
      const app = await benchContext(config, db.url);
      try {
        const started = Date.now();
        // As the compiled CLI runs it: parsing on a worker thread (started from sources here,
        // hence the require hook).
        const summary = await app.get(InteractionImporter).importFile(file, {
          resume: false,
          worker: { execArgv: ['-r', join(__dirname, '..', 'support', 'register.js')] },
        });
        return { events: summary.accepted, ms: Date.now() - started };
      } finally {
        await app.close();
        await db.drop();
      }
    };

    const samples: Record<'raw' | 'rawInteractions' | 'api' | 'cli', Sample[]> = {
      raw: [],
      rawInteractions: [],
      api: [],
      cli: [],
    };
    for (let r = 0; r < flags.rounds; r++) {
      const copied = await raw();
      samples.raw.push(copied.both);
      samples.rawInteractions.push(copied.interactionsOnly);
      samples.api.push(await api());
      samples.cli.push(await cli());
      process.stdout.write(`  round ${r + 1}/${flags.rounds} done\n`);
    }
    const perSecond = (s: Sample): number => (s.events / s.ms) * 1000;
    const median = (list: Sample[]): Sample =>
      [...list].sort((a, b) => perSecond(a) - perSecond(b))[Math.floor(list.length / 2)];
    const baseline = perSecond(median(samples.raw));
    const lines: Array<[string, Sample[]]> = [
      ['raw COPY (event ids + interactions)', samples.raw],
      ['raw COPY (interactions only, no de-duplication)', samples.rawInteractions],
      [`API (${API_BATCH.toLocaleString('en')} events a request, ${IN_FLIGHT} in flight)`, samples.api],
      ['CLI import (NDJSON file)', samples.cli],
    ];
    for (const [name, list] of lines) {
      const m = median(list);
      process.stdout.write(
        `  ${name.padEnd(52)} ${rate(m.events, m.ms).padStart(12)} events  (${Math.round((perSecond(m) / baseline) * 100)} % of raw COPY; rounds: ${list.map((s) => rate(s.events, s.ms)).join(', ')})\n`,
      );
    }
    process.stdout.write(
      '  targets: API ≥ 25 %, CLI ≥ 50 % of raw COPY (event ids + interactions), medians\n',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await server.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
