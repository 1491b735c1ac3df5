import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PersonalData, PersonalDataContributor, PersonalIdentifiers } from '../privacy/personal-data';
import { IdempotencyRepository } from './idempotency.repository';

/**
 * Stored first responses of idempotent requests are a 24-hour cache, not a record: nothing in
 * them is worth exporting, and on erasure every one sent by the person or mentioning them goes.
 */
@Injectable()
@PersonalData({ name: 'idempotency' })
export class IdempotencyPersonalData implements PersonalDataContributor {
  constructor(private readonly repo: IdempotencyRepository) {}

  export(): Promise<Record<string, unknown>> {
    return Promise.resolve({});
  }

  async erase(userId: string, manager: EntityManager, known: PersonalIdentifiers): Promise<void> {
    await this.repo.deleteForPerson(`user:${userId}`, [...known.ids, ...known.terms], manager);
  }
}
