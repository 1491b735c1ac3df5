import { Injectable, OnModuleInit, SetMetadata } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { EntityManager } from 'typeorm';

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

@Injectable()
export class DomainEvents implements OnModuleInit {
  private readonly handlers = new Map<string, Handler[]>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  onModuleInit(): void {
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

  /** Runs every handler of `event.type`, in order, in the caller's transaction. */
  async publish(event: DomainEvent, manager: EntityManager): Promise<void> {
    for (const handler of this.handlers.get(event.type) ?? []) await handler(event, manager);
  }
}
