import { Module } from '@nestjs/common';
import { IdentityModule } from '@perkrank/identity';
import { SocialModule } from '@perkrank/social';
import { WorldWriter } from './world-writer';

/**
 * The synthetic world in the database (`WorldWriter`): for the demo seed, `generate:world` and the
 * end-to-end benchmarks. Only processes that ask for the demo have it in their module graph.
 */
@Module({
  imports: [IdentityModule, SocialModule],
  providers: [WorldWriter],
  exports: [WorldWriter],
})
export class WorldModule {}
