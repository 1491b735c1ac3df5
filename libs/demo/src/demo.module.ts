import { Module } from '@nestjs/common';
import { CampaignsModule } from '@perkrank/campaigns';
import { ClaimsModule } from '@perkrank/claims';
import { IdentityModule } from '@perkrank/identity';
import { ScoresModule } from '@perkrank/scores';
import { DemoSeeder } from './demo-seeder.service';
import { DemoRepository } from './demo.repository';
import { WorldModule } from './world/world.module';

/**
 * The demo world: seeded on the first start of an empty embedded database, and by `demo:reset`.
 * In a process's module graph only when the demo is on (see AppModule in @perkrank/platform).
 */
@Module({
  imports: [IdentityModule, CampaignsModule, ClaimsModule, ScoresModule, WorldModule],
  providers: [DemoRepository, DemoSeeder],
  exports: [DemoSeeder, WorldModule],
})
export class DemoModule {}
