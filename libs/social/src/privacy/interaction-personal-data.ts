import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PersonalData, PersonalDataContributor } from '@perkrank/core';
import { DataSource, EntityManager } from 'typeorm';
import { SocialErasure } from './social-erasure.service';

/**
 * The interaction store's part of export and erasure. It runs before the social accounts'
 * contributor (eraseOrder −10): the accounts' native ids are what finds the member's
 * interactions, so they must still be there.
 */
@Injectable()
@PersonalData({ name: 'interactions', eraseOrder: -10 })
export class InteractionPersonalData implements PersonalDataContributor {
  constructor(
    private readonly erasure: SocialErasure,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  export(userId: string): Promise<Record<string, unknown>> {
    return this.erasure.exportMember(userId, this.db.manager);
  }

  async erase(userId: string, manager: EntityManager): Promise<void> {
    await this.erasure.eraseMember(userId, manager);
  }
}
