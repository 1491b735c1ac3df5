import { Injectable, Logger } from '@nestjs/common';
import { AppException, DomainEvents, SCORING_CONSENT_WITHDRAWN } from '@perkrank/core';
import { AuditLog, AuthUser } from '@perkrank/identity';
import { PrivacySettings, PrivacySettingsRepository } from './privacy-settings.repository';
import type { UpdatePrivacyDto } from './privacy.dto';

@Injectable()
export class PrivacySettingsService {
  private readonly logger = new Logger('Privacy');

  constructor(
    private readonly settings: PrivacySettingsRepository,
    private readonly events: DomainEvents,
    private readonly audit: AuditLog,
  ) {}

  async get(caller: AuthUser): Promise<PrivacySettings> {
    const settings = await this.settings.find(caller.id);
    if (!settings) throw AppException.unauthenticated();
    return settings;
  }

  /**
   * Changes the settings. Withdrawing scoring consent publishes SCORING_CONSENT_WITHDRAWN in the
   * same transaction, so the member's scores are gone when the change commits — never a moment
   * with consent off and a score still served. Consent changes are audited: the member's own
   * record of what they agreed to and when.
   */
  async update(caller: AuthUser, input: UpdatePrivacyDto): Promise<PrivacySettings> {
    const result = await this.settings.transaction(async (manager) => {
      const before = await this.settings.lock(caller.id, manager);
      if (!before) throw AppException.unauthenticated();
      const after: PrivacySettings = {
        publicProfile: input.publicProfile ?? before.publicProfile,
        discoverable: input.discoverable ?? before.discoverable,
        scoringConsent: input.scoringConsent ?? before.scoringConsent,
      };
      await this.settings.save(caller.id, after, manager);
      if (before.scoringConsent !== after.scoringConsent) {
        if (!after.scoringConsent)
          await this.events.publish(
            { type: SCORING_CONSENT_WITHDRAWN, payload: { userId: caller.id } },
            manager,
          );
        await this.audit.record(
          {
            actorId: caller.id,
            action: after.scoringConsent
              ? 'privacy.scoring_consent_given'
              : 'privacy.scoring_consent_withdrawn',
            subjectType: 'user',
            subjectId: caller.id,
            before: { scoringConsent: before.scoringConsent },
            after: { scoringConsent: after.scoringConsent },
          },
          manager,
        );
      }
      return { before, after };
    });
    if (result.before.scoringConsent && !result.after.scoringConsent)
      this.logger.log({ userId: caller.id }, 'scoring consent withdrawn; scores deleted');
    return result.after;
  }
}
