import { Module } from '@nestjs/common';
import { CampaignsModule } from '@perkrank/campaigns';
import { ClaimsModule } from '@perkrank/claims';
import { IdentityModule } from '@perkrank/identity';
import { ScoresModule } from '@perkrank/scores';
import { DemoSeeder } from './demo-seeder.service';
import { DemoRepository } from './demo.repository';

/** The demo world: seeded on the first start of an empty embedded database, and by `demo:reset`. */
@Module({
  imports: [IdentityModule, CampaignsModule, ClaimsModule, ScoresModule],
  providers: [DemoRepository, DemoSeeder],
  exports: [DemoSeeder],
})
export class DemoModule {}
