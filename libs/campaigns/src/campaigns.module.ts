import { CampaignFunding, CampaignStock } from './campaigns/campaign-stock';
import { CampaignView } from './read-models/campaigns.view';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '@perkrank/identity';
import { CampaignAccess } from './campaigns/campaign-access';
import { CampaignController } from './campaigns/campaign.controller';
import { Campaign } from './campaigns/campaign.entity';
import { CampaignRepository } from './campaigns/campaign.repository';
import { CampaignService } from './campaigns/campaign.service';
import { PerkController } from './feed/perk.controller';
import { PerkFeedRepository } from './feed/perk-feed.repository';
import { PerkFeedService } from './feed/perk-feed.service';
import { LiveCampaigns } from './feed/live-campaigns';
import { CampaignExpiryProcessor } from './jobs/campaign-expiry.processor';
import { ModerationController } from './moderation/moderation.controller';
import { ModerationService } from './moderation/moderation.service';
import { CampaignPersonalData } from './privacy/campaign-personal-data';
import { CampaignPersonalDataRepository } from './privacy/campaign-personal-data.repository';
import { ReportController } from './reports/report.controller';
import { Report } from './reports/report.entity';
import { ReportRepository } from './reports/report.repository';
import { ReportService } from './reports/report.service';
import { TopicController } from './topics/topic.controller';

/** Brand campaigns, their moderation, reports and the influencer's perk feed. */
@Module({
  imports: [IdentityModule, TypeOrmModule.forFeature([Campaign, Report, CampaignView])],
  controllers: [CampaignController, ModerationController, ReportController, PerkController, TopicController],
  providers: [
    CampaignRepository,
    CampaignStock,
    CampaignFunding,
    CampaignAccess,
    CampaignService,
    ModerationService,
    ReportRepository,
    ReportService,
    PerkFeedRepository,
    PerkFeedService,
    LiveCampaigns,
    CampaignExpiryProcessor,
    CampaignPersonalDataRepository,
    CampaignPersonalData,
  ],
  exports: [
    CampaignRepository,
    CampaignStock,
    CampaignFunding,
    CampaignAccess,
    PerkFeedService,
    CampaignService,
    ModerationService,
  ],
})
export class CampaignsModule {}
