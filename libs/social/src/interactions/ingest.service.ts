import { Injectable } from '@nestjs/common';
import { Clock, ValidationFailedException } from '@perkrank/core';
import { interactionKindFromName, MAX_WINDOW_DAYS } from '@perkrank/scoring';
import { SocialAccountRepository } from '../accounts/social-account.repository';
import type { ConnectorEvent } from '../connectors/connector';
import { SocialException } from '../social.exception';
import { HandlePairs, type HandlePair } from './handle-pairs';
import { InteractionRows } from './interaction-rows';
import { appendEvent } from './ndjson-batches';
import { InteractionRepository, type WriteTransaction } from './interaction.repository';
import {
  MAX_ACCOUNTS_PER_BATCH,
  MAX_EVENTS_PER_BATCH,
  validateAccount,
  validateEvent,
  type Rejection,
  type ValidAccount,
  type ValidEvent,
} from './interaction-validation';
import { Pseudonymizer, type Hash64 } from './pseudonym';

export interface RejectedItem extends Rejection {
  index: number;
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: RejectedItem[];
  accounts: { received: number; updated: number; rejected: RejectedItem[] };
}

export interface StoredBatch {
  accepted: number;
  duplicates: number;
  accountsUpdated: number;
}

const TOP_LEVEL = new Set(['events', 'accounts']);

/**
 * Turns interactions from any source — the ingestion API, the NDJSON import, the connectors —
 * into stored rows: checked item by item, actors and event ids replaced by keyed hashes, and the
 * good ones written in one transaction with the account counts that came with them (all or none).
 */
@Injectable()
export class IngestService {
  constructor(
    private readonly interactions: InteractionRepository,
    private readonly accounts: SocialAccountRepository,
    private readonly pseudonyms: Pseudonymizer,
    private readonly clock: Clock,
  ) {}

  /** POST /v1/ingest/interactions: the envelope is checked as a whole, the items one by one. */
  async ingestRequest(body: unknown): Promise<IngestResult> {
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw invalid({ body: ['must be a JSON object'] });
    const record = body as Record<string, unknown>;
    const fields: Record<string, string[]> = {};
    for (const key of Object.keys(record))
      if (!TOP_LEVEL.has(key)) fields[key] = [`${key} is not an allowed property`];
    if (!Array.isArray(record.events)) fields.events = ['events must be an array'];
    if (record.accounts !== undefined && !Array.isArray(record.accounts))
      fields.accounts = ['accounts must be an array'];
    if (Object.keys(fields).length > 0) throw invalid(fields);
    const events = record.events as unknown[];
    const accounts = (record.accounts ?? []) as unknown[];
    if (events.length > MAX_EVENTS_PER_BATCH || accounts.length > MAX_ACCOUNTS_PER_BATCH)
      throw new SocialException(
        'batch_too_large',
        `Send at most ${MAX_EVENTS_PER_BATCH} events and ${MAX_ACCOUNTS_PER_BATCH} accounts per request.`,
        { details: { maxEvents: MAX_EVENTS_PER_BATCH, maxAccounts: MAX_ACCOUNTS_PER_BATCH } },
      );

    const now = this.clock.now().getTime();
    const rejected: RejectedItem[] = [];
    // Each good event is hashed into columns at once: nothing per event outlives this loop.
    const rows = new InteractionRows(Math.max(16, events.length));
    const handles = new HandlePairs();
    for (let index = 0; index < events.length; index++) {
      const checked = validateEvent(events[index], now);
      if (checked.ok) this.addEvent(rows, handles, checked.value);
      else rejected.push({ index, ...checked.rejection });
    }
    const rejectedAccounts: RejectedItem[] = [];
    const validAccounts: ValidAccount[] = [];
    for (let index = 0; index < accounts.length; index++) {
      const checked = validateAccount(accounts[index]);
      if (checked.ok) validAccounts.push(checked.value);
      else rejectedAccounts.push({ index, ...checked.rejection });
    }
    const stored = await this.storeRows(rows, handles.list(), validAccounts);
    return {
      accepted: stored.accepted,
      duplicates: stored.duplicates,
      rejected,
      accounts: { received: accounts.length, updated: stored.accountsUpdated, rejected: rejectedAccounts },
    };
  }

  /** Stores already-checked events and account records in one transaction. */
  async store(events: readonly ValidEvent[], accounts: readonly ValidAccount[] = []): Promise<StoredBatch> {
    const rows = new InteractionRows(Math.max(16, events.length));
    const handles = new HandlePairs();
    for (const e of events) this.addEvent(rows, handles, e);
    return this.storeRows(rows, handles.list(), accounts);
  }

  /** Hashes one checked event into `rows`: bulk callers then keep no per-event object alive. */
  addEvent(rows: InteractionRows, handles: HandlePairs, e: ValidEvent): void {
    appendEvent(this.pseudonyms, rows, handles, e, this.scratch);
  }

  /** Stores hashed rows, what their handles revealed, and account records, in one transaction. */
  async storeRows(
    rows: InteractionRows,
    pairs: readonly HandlePair[],
    accounts: readonly ValidAccount[] = [],
  ): Promise<StoredBatch> {
    await this.interactions.ensurePartitionsFor(rows);
    const learn = pairs.length > 0 && (await this.accounts.anyVerifiedWithoutNativeId());
    return this.interactions.transaction(async (tx) => {
      if (learn) await this.accounts.learnNativeIds(tx.manager, pairs);
      const accountsUpdated = await this.accounts.applyAccountRecords(
        tx.manager,
        [...accounts],
        this.clock.now(),
      );
      const { accepted, duplicates } = await this.interactions.append(tx, rows);
      return { accepted, duplicates, accountsUpdated };
    });
  }

  /**
   * Stores what a connector found for one verified account, with the account's new counts and
   * sync state, in one transaction: a failed write leaves the state as it was, so the next sync
   * fetches the same things again (and duplicates are recognised by their event ids).
   */
  async storeSync(
    accountId: string,
    network: string,
    found: {
      events: ConnectorEvent[];
      followers: number;
      following: number;
      postsInWindow: number;
      state: Record<string, unknown>;
      handle?: string;
    },
  ): Promise<StoredBatch> {
    const now = this.clock.now();
    return this.storeEvents(network, found.events, async (tx) => {
      await this.accounts.recordSync(tx.manager, accountId, {
        counts: { followers: found.followers, following: found.following, posts: found.postsInWindow },
        syncState: found.state,
        syncedAt: now,
        ...(found.handle !== undefined ? { handle: found.handle } : {}),
      });
    });
  }

  /**
   * A sync's checkpoint: the events of the pages read since the last one and the state to resume
   * from, in one transaction (so a sync cut short resumes after exactly what was stored).
   */
  async storeSyncPage(
    accountId: string,
    network: string,
    events: ConnectorEvent[],
    state: Record<string, unknown>,
  ): Promise<StoredBatch> {
    return this.storeEvents(network, events, (tx) =>
      this.accounts.saveSyncState(tx.manager, accountId, state),
    );
  }

  private async storeEvents(
    network: string,
    events: ConnectorEvent[],
    alongside: (tx: WriteTransaction) => Promise<void>,
  ): Promise<StoredBatch> {
    const now = this.clock.now();
    const from = now.getTime() - MAX_WINDOW_DAYS * 86_400_000;
    const rows = new InteractionRows(events.length + 1);
    const event: Hash64 = { hi: 0, lo: 0 };
    const actor: Hash64 = { hi: 0, lo: 0 };
    const target: Hash64 = { hi: 0, lo: 0 };
    for (const e of events) {
      const kind = interactionKindFromName(e.kind);
      if (kind === undefined || !(e.occurredAt > from) || e.occurredAt > now.getTime() + 300_000) continue;
      this.pseudonyms.event(network, e.eventId, event);
      this.pseudonyms.actor(network, e.actorId, actor);
      this.pseudonyms.actor(network, e.targetId, target);
      rows.push(event, e.occurredAt, actor, target, kind);
    }
    await this.interactions.ensurePartitionsFor(rows);
    return this.interactions.transaction(async (tx) => {
      const { accepted, duplicates } = await this.interactions.append(tx, rows);
      await alongside(tx);
      return { accepted, duplicates, accountsUpdated: 1 };
    });
  }

  /** Checked events → columns of keyed hashes (no handle or raw id leaves this function). */
  toRows(events: readonly ValidEvent[]): InteractionRows {
    const rows = new InteractionRows(Math.max(16, events.length));
    const handles = new HandlePairs();
    for (const e of events) this.addEvent(rows, handles, e);
    return rows;
  }

  private readonly scratch: { event: Hash64; actor: Hash64; target: Hash64 } = {
    event: { hi: 0, lo: 0 },
    actor: { hi: 0, lo: 0 },
    target: { hi: 0, lo: 0 },
  };
}

function invalid(fields: Record<string, string[]>): ValidationFailedException {
  return new ValidationFailedException(fields);
}
