import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { IdentityModule } from '@perkrank/identity';
import { ScoringConsent } from './consent/scoring-consent.service';
import { PersonalDataController } from './personal-data/personal-data.controller';
import { PersonalDataRegistry } from './personal-data/personal-data.registry';
import { PersonalDataService } from './personal-data/personal-data.service';
import { PrivacyController } from './settings/privacy.controller';
import { PrivacySettingsRepository } from './settings/privacy-settings.repository';
import { PrivacySettingsService } from './settings/privacy-settings.service';

/** Privacy settings and scoring consent, and the export and erasure every context contributes to. */
@Module({
  imports: [DiscoveryModule, IdentityModule],
  controllers: [PrivacyController, PersonalDataController],
  providers: [
    PrivacySettingsRepository,
    PrivacySettingsService,
    ScoringConsent,
    PersonalDataRegistry,
    PersonalDataService,
  ],
  exports: [ScoringConsent],
})
export class PrivacyModule {}
