import { Injectable, Logger, OnModuleInit, SetMetadata } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner } from 'typeorm';

export const DOMAIN_EVENT_HANDLER = 'perkrank:domain-event-handler';

/** Facts one context announces and others react to, e.g. `campaign.rejected`. */
export interface DomainEvent<T extends string = string, P = Record<string, unknown>> {
  type: T;
  payload: P;
}

/**
 * Marks a method `(event, manager) => Promise<void>` that runs when `type` is published, inside the
 * publisher's transaction: the reaction commits or rolls back with the change that caused it
 * (a rejected campaign and the refund request it needs, say). Contexts stay decoupled: the
 * publisher does not import its subscribers.
 */
export const OnDomainEvent = (type: string): MethodDecorator => SetMetadata(DOMAIN_EVENT_HANDLER, type);

type Handler = (event: DomainEvent, manager: EntityManager) => Promise<void>;
type AfterCommit = () => Promise<unknown>;

@Injectable()
export class DomainEvents implements OnModuleInit {
  private readonly logger = new Logger('DomainEvents');
  private readonly handlers = new Map<string, Handler[]>();
  private readonly afterCommits = new WeakMap<QueryRunner, AfterCommit[]>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  onModuleInit(): void {
    this.db.subscribers.push(this.commitSubscriber());
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as object | null;
      if (!prototype) continue;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const method = instance[name];
        if (typeof method !== 'function') continue;
        const type = Reflect.getMetadata(DOMAIN_EVENT_HANDLER, method) as string | undefined;
        if (!type) continue;
        const list = this.handlers.get(type) ?? [];
        list.push((method as Handler).bind(instance));
        this.handlers.set(type, list);
      }
    }
  }

  /**
   * Runs `work` once the transaction of `manager` has committed (never if it rolls back): what must
   * not happen for a change that may still roll back, like enqueuing a job or calling Stripe.
   * Outside a transaction it runs at once. Failures are logged, not thrown: the change is saved.
   */
  async afterCommit(manager: EntityManager, work: AfterCommit): Promise<void> {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) return this.run(work);
    const list = this.afterCommits.get(runner) ?? [];
    list.push(work);
    this.afterCommits.set(runner, list);
  }

  private async run(work: AfterCommit): Promise<void> {
    try {
      await work();
    } catch (err) {
      this.logger.error({ err }, 'after-commit work failed');
    }
  }

  private commitSubscriber(): EntitySubscriberInterface {
    return {
      afterTransactionCommit: async ({ queryRunner }) => {
        // A released savepoint also "commits": wait for the outermost transaction.
        if (queryRunner.isTransactionActive) return;
        const work = this.afterCommits.get(queryRunner);
        this.afterCommits.delete(queryRunner);
        for (const item of work ?? []) await this.run(item);
      },
      afterTransactionRollback: ({ queryRunner }) => {
        if (!queryRunner.isTransactionActive) this.afterCommits.delete(queryRunner);
      },
    };
  }

  /** Runs every handler of `event.type`, in order, in the caller's transaction. */
  async publish(event: DomainEvent, manager: EntityManager): Promise<void> {
    for (const handler of this.handlers.get(event.type) ?? []) await handler(event, manager);
  }
}
