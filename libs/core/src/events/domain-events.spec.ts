import { Injectable } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { EntityManager } from 'typeorm';
import { DomainEvent, DomainEvents, OnDomainEvent } from './domain-events';

const calls: string[] = [];

@Injectable()
class Refunds {
  @OnDomainEvent('campaign.rejected')
  onRejected(event: DomainEvent): Promise<void> {
    calls.push(`refund ${String(event.payload.campaignId)}`);
    return Promise.resolve();
  }
}

@Injectable()
class Claims {
  @OnDomainEvent('campaign.rejected')
  revoke(): Promise<void> {
    calls.push('revoke');
    return Promise.resolve();
  }

  @OnDomainEvent('campaign.ended')
  ended(): Promise<void> {
    calls.push('ended');
    return Promise.resolve();
  }
}

describe('DomainEvents', () => {
  it('delivers an event to every handler of its type, in the caller transaction', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [DiscoveryModule],
      providers: [
        DomainEvents,
        Refunds,
        Claims,
        // Only the after-commit subscriber list is used here; real commits are tested end to end.
        { provide: getDataSourceToken(), useValue: { subscribers: [] } },
      ],
    }).compile();
    await moduleRef.init();
    const events = moduleRef.get(DomainEvents);
    const manager = {} as EntityManager;
    await events.publish({ type: 'campaign.rejected', payload: { campaignId: 'c1' } }, manager);
    expect(calls.sort()).toEqual(['refund c1', 'revoke']);
    calls.length = 0;
    await events.publish({ type: 'nobody.listens', payload: {} }, manager);
    expect(calls).toEqual([]);
  });
});
