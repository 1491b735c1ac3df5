import { Injectable } from '@nestjs/common';
import {
  DomainEvent,
  OnDomainEvent,
  PersonalData,
  PersonalDataContributor,
  SCORING_CONSENT_WITHDRAWN,
  ScoringConsentWithdrawnPayload,
} from '@perkrank/core';
import type { EntityManager } from 'typeorm';
import { MemberScoreRepository } from '../member/member-score.repository';

/**
 * The scores' part of export and erasure (the published score and every snapshot), and their
 * deletion when the member withdraws scoring consent. Run bookkeeping that names members keeps
 * its own contributor next to its tables.
 */
@Injectable()
@PersonalData({ name: 'scores' })
export class ScoresPersonalData implements PersonalDataContributor {
  constructor(private readonly scores: MemberScoreRepository) {}

  async export(userId: string): Promise<Record<string, unknown>> {
    const [published, snapshots] = await Promise.all([
      this.scores.published(userId),
      this.scores.snapshots(userId),
    ]);
    return {
      scores: {
        published: published && {
          score: published.score,
          percentile: published.percentile,
          modelVersion: published.modelVersion,
          computedAt: published.computedAt,
        },
        snapshots: snapshots.map((s) => ({
          id: s.id,
          score: s.score,
          percentile: s.percentile,
          components: s.components,
          adjustments: s.adjustments,
          tips: s.tips,
          modelVersion: s.modelVersion,
          computedAt: s.computedAt,
        })),
      },
    };
  }

  erase(userId: string, manager: EntityManager): Promise<void> {
    return this.scores.deleteAll(userId, manager);
  }

  @OnDomainEvent(SCORING_CONSENT_WITHDRAWN)
  async onScoringConsentWithdrawn(
    event: DomainEvent<string, ScoringConsentWithdrawnPayload>,
    manager: EntityManager,
  ): Promise<void> {
    await this.scores.deleteAll(event.payload.userId, manager);
  }
}
