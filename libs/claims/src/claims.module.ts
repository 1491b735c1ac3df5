import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CampaignsModule, EligibilityInputsRepository } from '@perkrank/campaigns';
import { IdentityModule } from '@perkrank/identity';
import { CampaignClaimsController } from './brand/campaign-claims.controller';
import { CampaignClaimsService } from './brand/campaign-claims.service';
import { Claim, ClaimEvent } from './claims/claim.entity';
import { MyClaimsController, PerkClaimController } from './claims/claim.controller';
import { ClaimRepository } from './claims/claim.repository';
import { ClaimService } from './claims/claim.service';
import { CampaignRemovalHandler } from './lifecycle/campaign-removal.handler';
import { ClaimExpiryProcessor } from './lifecycle/claim-expiry.processor';
import { ClaimReminderProcessor } from './lifecycle/claim-reminder.processor';
import { PoolCode } from './pool/pool-code.entity';
import { PoolCodeRepository } from './pool/pool-code.repository';
import { PoolCodeService } from './pool/pool-code.service';
import { ClaimsPersonalData } from './privacy/claims-personal-data';
import { RedemptionController } from './redemption/redemption.controller';
import { RedemptionService } from './redemption/redemption.service';

/** Claiming perks, reservations and their expiry, brand pool codes and the front desk. */
@Module({
  imports: [IdentityModule, CampaignsModule, TypeOrmModule.forFeature([Claim, ClaimEvent, PoolCode])],
  controllers: [PerkClaimController, MyClaimsController, CampaignClaimsController, RedemptionController],
  providers: [
    EligibilityInputsRepository,
    ClaimRepository,
    ClaimService,
    CampaignClaimsService,
    PoolCodeRepository,
    PoolCodeService,
    RedemptionService,
    ClaimExpiryProcessor,
    ClaimReminderProcessor,
    CampaignRemovalHandler,
    ClaimsPersonalData,
  ],
  exports: [ClaimService, RedemptionService],
})
export class ClaimsModule {}
