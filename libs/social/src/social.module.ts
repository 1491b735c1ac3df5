import { VerifiedSocialAccountView } from './read-models/verified-social-accounts.view';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@perkrank/core';
import { IdentityModule } from '@perkrank/identity';
import { AdminSocialAccountController, SocialAccountController } from './accounts/social-account.controller';
import { SocialAccount } from './accounts/social-account.entity';
import { SocialAccountRepository } from './accounts/social-account.repository';
import { SocialAccountService } from './accounts/social-account.service';
import { SocialAccountStats } from './accounts/social-account-stats.entity';
import { SocialVerifyProcessor } from './accounts/social-verify.processor';
import { ConnectorRegistry } from './connectors/connector-registry';
import { IngestController } from './interactions/ingest.controller';
import { IngestService } from './interactions/ingest.service';
import { IngestTokenGuard } from './interactions/ingest-token.guard';
import { InteractionImporter } from './interactions/interaction-importer';
import { InteractionMaintenanceProcessor } from './interactions/interaction-maintenance.processor';
import { InteractionRepository } from './interactions/interaction.repository';
import { Pseudonymizer } from './interactions/pseudonym';
import { InteractionPersonalData } from './privacy/interaction-personal-data';
import { SocialErasure } from './privacy/social-erasure.service';
import { SocialPersonalData } from './privacy/social-personal-data';
import { SocialPersonalDataRepository } from './privacy/social-personal-data.repository';
import { SocialSyncProcessor } from './sync/social-sync.processor';
import { SocialSyncService } from './sync/social-sync.service';
import { SocialHostBudgetRow } from './sync/social-host-budget.entity';
import { SocialHostBudgets } from './sync/social-host-budget';

/** Social accounts, ownership verification, connectors and interaction ingestion. */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      SocialAccount,
      SocialAccountStats,
      SocialHostBudgetRow,
      VerifiedSocialAccountView,
    ]),
    IdentityModule,
  ],
  controllers: [SocialAccountController, AdminSocialAccountController, IngestController],
  providers: [
    SocialPersonalDataRepository,
    SocialPersonalData,
    {
      provide: Pseudonymizer,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new Pseudonymizer(config.pseudonymKey),
    },
    SocialAccountRepository,
    SocialAccountService,
    SocialHostBudgets,
    ConnectorRegistry,
    InteractionRepository,
    IngestService,
    IngestTokenGuard,
    InteractionImporter,
    InteractionMaintenanceProcessor,
    SocialSyncService,
    SocialSyncProcessor,
    SocialVerifyProcessor,
    SocialErasure,
    InteractionPersonalData,
  ],
  exports: [
    TypeOrmModule,
    Pseudonymizer,
    SocialAccountRepository,
    InteractionRepository,
    IngestService,
    InteractionImporter,
    SocialSyncService,
    SocialErasure,
  ],
})
export class SocialModule {}
