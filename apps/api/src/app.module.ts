import { DynamicModule, Module } from '@nestjs/common';
import { CampaignsModule } from '@perkrank/campaigns';
import { ClaimsModule } from '@perkrank/claims';
import { CoreModule, CoreOptions } from '@perkrank/core';
import { DemoModule } from '@perkrank/demo';
import { IdentityModule } from '@perkrank/identity';
import { NotificationsModule } from '@perkrank/notifications';
import { PaymentsModule } from '@perkrank/payments';
import { PrivacyModule } from '@perkrank/privacy';
import { ScoresModule } from '@perkrank/scores';
import { SocialModule } from '@perkrank/social';

/**
 * The composition root: every bounded context, wired once. The API serves it over HTTP; the
 * worker and the CLI boot the same module graph (so job processors and repositories are the
 * same code) without listening.
 */
@Module({})
export class AppModule {
  static forRoot(options: CoreOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(options),
        IdentityModule,
        SocialModule,
        ScoresModule,
        CampaignsModule,
        ClaimsModule,
        PrivacyModule,
        PaymentsModule,
        DemoModule,
        NotificationsModule,
      ],
    };
  }
}
