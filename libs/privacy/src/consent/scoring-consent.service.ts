import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PrivacyException } from '../privacy.exception';
import { PrivacySettingsRepository } from '../settings/privacy-settings.repository';

/**
 * The one place that answers "may this member be scored, and claim score-gated perks?". Bulk
 * readers (scoring runs, the model's population) join `users.scoring_consent` in SQL instead.
 */
@Injectable()
export class ScoringConsent {
  constructor(private readonly settings: PrivacySettingsRepository) {}

  async isGiven(userId: string, manager?: EntityManager): Promise<boolean> {
    return (await this.settings.find(userId, manager))?.scoringConsent === true;
  }

  /**
   * For claims: in the caller's transaction, fails with 403 `scoring_consent_required` unless the
   * member consents, and holds the consent (FOR SHARE) so a withdrawal waits until the claim commits.
   */
  async require(userId: string, manager: EntityManager): Promise<void> {
    if (!(await this.settings.consentLocked(userId, manager)))
      throw new PrivacyException(
        'scoring_consent_required',
        'Perks are gated by the PerkRank score: turn on scoring consent (PATCH /v1/me/privacy) to claim them.',
      );
  }
}
