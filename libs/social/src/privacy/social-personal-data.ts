import { Injectable } from '@nestjs/common';
import { PersonalData, PersonalDataContributor, PersonalIdentifiers } from '@perkrank/core';
import type { EntityManager } from 'typeorm';
import { SocialPersonalDataRepository } from './social-personal-data.repository';

/**
 * The social context's part of export and erasure: the member's social accounts. Their ids,
 * handles and network-native ids are reported as identifiers, so records that copied them (an
 * admin's verification in the audit log, a cached response) are cleared too. Interactions and
 * connector data keep their own contributor next to the tables that hold them.
 */
@Injectable()
@PersonalData({ name: 'social' })
export class SocialPersonalData implements PersonalDataContributor {
  constructor(private readonly repo: SocialPersonalDataRepository) {}

  async export(userId: string): Promise<Record<string, unknown>> {
    return { socialAccounts: await this.repo.accounts(userId) };
  }

  async identifiers(userId: string, manager: EntityManager): Promise<Partial<PersonalIdentifiers>> {
    const accounts = await this.repo.accounts(userId, manager);
    return {
      ids: accounts.map((a) => a.id),
      terms: accounts.flatMap((a) => [a.handle, ...(a.nativeId ? [a.nativeId] : [])]),
    };
  }

  async erase(userId: string, manager: EntityManager): Promise<void> {
    await this.repo.erase(userId, manager);
  }
}
