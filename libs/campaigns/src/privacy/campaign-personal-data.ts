import { Injectable } from '@nestjs/common';
import { PersonalData, PersonalDataContributor } from '@perkrank/core';
import type { EntityManager } from 'typeorm';
import { CampaignPersonalDataRepository } from './campaign-personal-data.repository';

/**
 * The campaigns context's part of export and erasure. Campaigns belong to their brand, not to
 * the member who typed them, so they stay and only forget their author; reports are the
 * reporter's words (exported, then erased), and reports about the person go with them.
 */
@Injectable()
@PersonalData({ name: 'campaigns' })
export class CampaignPersonalData implements PersonalDataContributor {
  constructor(private readonly repo: CampaignPersonalDataRepository) {}

  async export(userId: string): Promise<Record<string, unknown>> {
    const [reportsFiled, campaignsDrafted] = await Promise.all([
      this.repo.reportsFiledBy(userId),
      this.repo.campaignsCreatedBy(userId),
    ]);
    return { reportsFiled, campaignsDrafted };
  }

  async erase(userId: string, manager: EntityManager): Promise<void> {
    await this.repo.erase(userId, manager);
  }
}
