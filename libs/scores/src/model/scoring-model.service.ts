import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, CORE_OPTIONS, type CoreOptions, sessionClient } from '@perkrank/core';
import { CURRENT_MODEL, ScoringModel } from '@perkrank/scoring';
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Client } from 'pg';
import { MemberScoreRepository, type Population } from '../member/member-score.repository';

export type PublishedModel = ScoringModel & { populationSize: number; computedAt: Date | null };

/** The model document as sent: its JSON and a strong ETag over exactly those bytes. */
export interface ModelDocument {
  json: string;
  etag: string;
}

/** Sent by triggers on member_scores and users.scoring_consent (migration ScoresPopulationNotify). */
export const POPULATION_CHANNEL = 'perkrank_scores_population';
/** After the listener failed, documents are built per request this long before it is tried again. */
const LISTEN_RETRY_MS = 5_000;
/**
 * A cached document is counted again after this long even without a notification: the bound on
 * staleness should the notifications not reach the listener (LISTEN through a transaction-mode
 * pooler, when DATABASE_DIRECT_URL is not set as docs/operations.md asks).
 */
const MAX_AGE_MS = 10_000;

/**
 * CURRENT_MODEL serialised once: the model is a constant of the running code. Only the population
 * (size and latest computation) changes; the document is `{ ...CURRENT_MODEL, populationSize,
 * computedAt }` to the byte.
 */
const MODEL_JSON = JSON.stringify(CURRENT_MODEL);
const MODEL_PREFIX = `${MODEL_JSON.slice(0, -1)}${MODEL_JSON === '{}' ? '' : ','}`;

function documentOf({ size, computedAt }: Population): ModelDocument {
  const json = `${MODEL_PREFIX}"populationSize":${size},"computedAt":${JSON.stringify(computedAt)}}`;
  const etag = `"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"`;
  return { json, etag };
}

/**
 * The model the engine runs is the model we publish: both read CURRENT_MODEL, so they cannot drift.
 *
 * The document is cached in the process. Counting the population is an exact `count(*)` over the
 * published scores (milliseconds of database time), so it runs only when the population may have
 * changed: triggers send NOTIFY perkrank_scores_population on commit of any write to member_scores
 * or to a member's scoring consent, and this process LISTENs (on DATABASE_DIRECT_URL when set, as
 * LISTEN needs a session). A notification is delivered asynchronously, so before answering from
 * the cache a request waits for one round trip on the listening connection that started after the
 * request arrived: Postgres sends a session every notification committed before it answers that
 * session's next query, so the answer reflects every change committed before the request — from
 * any process. Those round trips are shared: one `SELECT 1` serves
 * every request that arrived while the one before it was in flight. Without a listener (it could
 * not connect, or was lost) each request counts again, as before, until the listener is back; and
 * a cached document is counted again after MAX_AGE_MS whatever happens.
 */
@Injectable()
export class ScoringModelService implements OnApplicationShutdown {
  private readonly logger = new Logger('ScoringModel');
  private listener?: Promise<Client | undefined>;
  private retryAt = 0;
  private stopped = false;
  /** Bumped by each notification (and when the listener is lost): the cache's validity. */
  private generation = 0;
  private cached?: { generation: number; at: number; document: Promise<ModelDocument> };
  private syncing?: Promise<void>;
  private nextSync?: Promise<void>;

  constructor(
    private readonly scores: MemberScoreRepository,
    private readonly config: AppConfig,
    @Inject(CORE_OPTIONS) private readonly options: CoreOptions,
  ) {}

  async published(): Promise<PublishedModel> {
    const population = await this.scores.population();
    return { ...CURRENT_MODEL, populationSize: population.size, computedAt: population.computedAt };
  }

  /** The document of `published()`, serialised; the same population gives the same bytes and ETag. */
  async document(): Promise<ModelDocument> {
    const listener = await this.listening();
    if (!listener) return documentOf(await this.scores.population());
    try {
      await this.sync(listener);
    } catch {
      return documentOf(await this.scores.population()); // the listener's 'error' handler drops it
    }
    const generation = this.generation;
    const now = performance.now();
    if (this.cached?.generation !== generation || now - this.cached.at > MAX_AGE_MS) {
      // Counted on the primary: the notifications come from there, a replica may lag behind them.
      const document = this.scores.population(true).then(documentOf);
      this.cached = { generation, at: now, document };
      document.catch(() => {
        if (this.cached?.document === document) this.cached = undefined;
      });
    }
    return this.cached.document;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    const listener = await this.listener?.catch(() => undefined);
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  /**
   * Resolves after a round trip on the listener that started after this call: every notification
   * committed before the call has then been received. Calls made while one is in flight share
   * the next one.
   */
  private sync(listener: Client): Promise<void> {
    if (!this.syncing) {
      const run = listener.query('SELECT 1').then(() => undefined);
      this.syncing = run;
      void run.then(
        () => (this.syncing = this.syncing === run ? undefined : this.syncing),
        () => (this.syncing = this.syncing === run ? undefined : this.syncing),
      );
      return run;
    }
    this.nextSync ??= this.syncing
      .catch(() => undefined)
      .then(() => {
        this.nextSync = undefined;
        return this.sync(listener);
      });
    return this.nextSync;
  }

  /** The listening connection, connected on first use (API processes only ever ask). */
  private listening(): Promise<Client | undefined> {
    if (this.listener) return this.listener;
    if (this.stopped || performance.now() < this.retryAt) return Promise.resolve(undefined);
    const client = sessionClient(
      this.config.DATABASE_DIRECT_URL,
      this.options.databaseUrl,
      'perkrank-scores-listen',
    );
    const lost = (err?: unknown): void => {
      if (this.listener !== connecting) return;
      this.logger.warn({ err }, 'population listener lost; counting per request for a while');
      this.listener = undefined;
      this.generation++;
      this.cached = undefined;
      this.retryAt = performance.now() + LISTEN_RETRY_MS;
      void client.end().catch(() => undefined);
    };
    client.on('notification', () => {
      this.generation++;
    });
    client.on('error', lost);
    client.on('end', () => lost());
    const connecting: Promise<Client | undefined> = (async () => {
      try {
        await client.connect();
        await client.query(`LISTEN ${POPULATION_CHANNEL}`);
        // Anything committed before LISTEN took effect is in the first count, made after it.
        this.generation++;
        return client;
      } catch (err) {
        lost(err);
        return undefined;
      }
    })();
    this.listener = connecting;
    return connecting;
  }
}
